// Static hosting (DESIGN §7) in headless Chromium: the built site served from a sub-path by a second, minimal
// static server that sends .wasm as application/octet-stream (as many hosts do); offline use through the service
// worker after one visit; and the portable single-file page opened from disk (file://).
// Every page: no console error or warning, no request to another origin (or, from disk, to anything but
// file:/data:/blob:), the engine's version shown, an example file checked and scored (the estimate's label,
// 非官方估算, visible).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, siteDir } from './support.mjs';
import { buildPortable, inlineHashes, portableCsp } from '../../cmake/portable.mjs';
import { precacheList, readPrecache, writePrecache } from '../../cmake/precache.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PREFIX = '/kjj/cxjf/';
// The engine's classic SINGLE_FILE build, beside the site in the wasm build folder (cxjf_wasm_single).
const portableEngine = process.env.CXJF_PORTABLE_ENGINE ?? path.join(siteDir, '..', 'portable', 'cxjf-engine.single.js');
// The enterprise page and the check page.
const checkPage = 'check.html';
const pages = ['index.html', checkPage];
const example = (name) => ({ name, mimeType: 'application/json', buffer: readFileSync(path.join(repoRoot, 'examples', name)) });
const cleanup = [];

after(async () => {
  for (const step of cleanup.reverse()) await step();
});

// The second static server: GET/HEAD of files under PREFIX only, .wasm as application/octet-stream, everything else
// a 404 (but /outside.html, an empty page); every request path is logged.
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
                '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
                '.wasm': 'application/octet-stream' };

async function startServer(root) {
  const log = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    log.push(url.pathname);
    const notFound = () => { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); };
    if (url.pathname === '/outside.html') {  // an empty page outside the sub-path: no service worker controls it
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>outside</title><link rel="icon" href="data:,">');
      return undefined;
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.pathname.startsWith(PREFIX)) return notFound();
    let name;
    try {
      name = decodeURIComponent(url.pathname.slice(PREFIX.length)) || 'index.html';
    } catch {
      return notFound();
    }
    const file = path.resolve(root, name);
    if (!file.startsWith(path.resolve(root) + path.sep)) return notFound();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanup.push(stop);
  return { origin, base: `${origin}${PREFIX}`, log, stop };
}

async function openBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-hosting-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 }, locale: 'zh-CN',
  });
  cleanup.push(async () => { await ctx.close(); rmSync(profile, { recursive: true, force: true }); });
  // Everything, from the pages, their workers and the service worker.
  const problems = [];
  const requests = [];
  ctx.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  ctx.on('weberror', (e) => problems.push(`pageerror: ${e.error().message}`));
  ctx.on('request', (r) => requests.push(r.url()));
  return { ctx, problems, requests };
}

// Polls a condition evaluated in Node (page.waitForFunction would take an async function's promise as true).
async function until(condition, timeout = 60000) {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The engine's version shows, and an example put into the page's file input (the check page's files, the
// form's import) is checked and scored in the worker: the estimate's label appears.
async function checkExample(page) {
  await page.waitForFunction(() => /检查引擎 cxjf \d+\.\d+\.\d+/.test(document.body.innerText), null, { timeout: 60000 });
  const input = page.locator('input[type=file][accept*=".json"]:not(dialog *)').first();
  await page.waitForFunction((el) => !el.disabled, await input.elementHandle(), { timeout: 60000 });
  await input.setInputFiles([example('01-hefei-smart-equipment-clean.json')]);
  await page.getByText('非官方估算', { exact: true }).first().waitFor({ state: 'visible', timeout: 60000 });
}

test('the site under a sub-path, .wasm sent as application/octet-stream: every page works, same-origin only, no console noise',
     { timeout: 180000 }, async () => {
  const server = await startServer(siteDir);
  const { ctx, problems, requests } = await openBrowser();
  for (const name of pages) {
    const page = await ctx.newPage();
    const wasmLoads = [];
    page.on('response', (r) => { if (r.url().endsWith('/cxjf-engine.wasm')) wasmLoads.push(r.headers()['content-type']); });
    await page.goto(name === 'index.html' ? server.base : `${server.base}${name}`);  // the folder itself: index.html
    await checkExample(page);
    if (name === checkPage) {  // and a file with an error: the finding is shown
      await page.setInputFiles('#files', [example('11-xiamen-wrong-uscc-check-char.json')]);
      await page.waitForFunction(() => /统一社会信用代码校验位错误/.test(document.getElementById('results').textContent),
                                 null, { timeout: 60000 });
    }
    // One download, not the glue's streaming attempt plus its ArrayBuffer fallback (a second download).
    assert.deepEqual(wasmLoads, ['application/octet-stream'], name);
    await page.close();
  }
  const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'every request is same-origin and inside the sub-path');
  assert.ok(server.log.every((p) => p.startsWith(PREFIX)), server.log.join('\n'));
  assert.deepEqual(problems, []);
});

test('offline: after one visit the pages work with the server stopped (service worker)', { timeout: 180000 }, async () => {
  // The service worker refuses a site whose files differ from its list (a file copied in by hand after the build).
  const manifest = readPrecache(readFileSync(path.join(siteDir, 'sw.js'), 'utf8'));
  assert.deepEqual(precacheList(siteDir), manifest, 'sw.js lists the files as they are (else: cmake --build build-wasm)');
  const server = await startServer(siteDir);
  const { ctx, problems, requests } = await openBrowser();
  const page = await ctx.newPage();
  await page.goto(server.base);
  await checkExample(page);
  // offline.js says when every file is kept: the service worker is active.
  assert.equal(await page.evaluate(async () => (await import('./offline.js')).offline), true);
  const cached = await page.evaluate(async () => {
    const names = [];
    for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) names.push(request.url);
    return names;
  });
  assert.deepEqual(cached.map((u) => u.slice(server.base.length)).sort(), Object.keys(manifest.files).sort());
  for (const name of [...pages, 'cxjf-engine.wasm', 'worker.js', 'offline.js']) assert.ok(name in manifest.files, name);
  assert.ok(!('sw.js' in manifest.files) && !('cxjf-portable.html' in manifest.files));

  await server.stop();
  await assert.rejects(fetch(server.base), 'the server is down');
  const served = server.log.length;
  await page.reload();
  await checkExample(page);
  // What the form loads only when it is used comes from the offline copy too: the export code, the English words.
  // (The example went in over the draft the reload restored: the form asks first.)
  await page.click('#ask-buttons button[data-value="asis"]');
  await page.waitForFunction(() => /已导入/.test(document.getElementById('notice').textContent));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-unsigned')]);
  assert.match(download.suggestedFilename(), /-2025-unsigned\.json$/);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  for (const name of pages.filter((p) => p !== 'index.html')) {
    await page.goto(`${server.base}${name}`);
    await checkExample(page);
  }
  assert.equal(server.log.length, served);
  const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
});

test('a new build replaces the offline copy: new service worker, new cache, the old cache deleted', { timeout: 180000 }, async () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'cxjf-site-'));
  cleanup.push(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(siteDir, copy, { recursive: true });
  writePrecache(copy);
  const server = await startServer(copy);
  const { ctx, problems } = await openBrowser();
  const cacheState = (page) => page.evaluate(async (base) => {
    const state = {};
    for (const key of await caches.keys()) {
      const css = await (await caches.open(key)).match(new URL('style.css', base).href);
      state[key] = css ? (await css.text()).length : null;
    }
    return state;
  }, server.base);
  let page = await ctx.newPage();
  await page.goto(server.base);
  assert.equal(await page.evaluate(async () => (await import('./offline.js')).offline), true);
  const first = await cacheState(page);
  assert.equal(Object.keys(first).length, 1);
  assert.ok(Object.keys(first)[0].endsWith(readPrecache(readFileSync(path.join(copy, 'sw.js'), 'utf8')).version));

  // The next build: one file changed, so a new list and a new sw.js.
  appendFileSync(path.join(copy, 'style.css'), '\n/* the next build */\n');
  const { version } = writePrecache(copy);
  assert.ok(!Object.keys(first)[0].endsWith(version));
  // The browser finds the new sw.js, installs it beside the old one, and lets it take over once no page of the
  // old version is open.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting !== null));
  assert.equal(Object.keys(await cacheState(page)).length, 2, 'the old version keeps its cache while it is in charge');
  // Watched from a page of the same origin outside the scope (no service worker of its own): the last page of the
  // old version closes, the new version activates and deletes the old cache.
  const outside = await ctx.newPage();
  await outside.goto(`${server.origin}/outside.html`);
  await page.close();
  await until(async () => {
    const keys = Object.keys(await cacheState(outside));
    return keys.length === 1 && keys[0].endsWith(version);
  });
  page = await ctx.newPage();
  await page.goto(server.base);
  const second = await cacheState(page);
  assert.equal(Object.values(second)[0], readFileSync(path.join(copy, 'style.css'), 'utf8').length);
  await checkExample(page);
  assert.deepEqual(problems, []);
});

test('cxjf-portable.html opened from disk checks and scores an example, with no request but file:, data: and blob:',
     { timeout: 180000 }, async () => {
  const built = path.join(siteDir, 'cxjf-portable.html');
  assert.ok(existsSync(built), 'the wasm build makes cxjf-portable.html');
  const html = readFileSync(built, 'utf8');
  // One file: no script, style, image or link that loads anything.
  assert.doesNotMatch(html, /<script\b[^>]*\ssrc=|<link\b[^>]*rel="?(stylesheet|modulepreload)|<img\b[^>]*\ssrc="?(?!data:)/i);
  // Its policy allows its own inline code by hash (tests/js/security.test.mjs checks it in the browser).
  const csp = portableCsp(inlineHashes(html));
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
  assert.doesNotMatch(csp, /connect-src|'self'|\*|https?:|file:|'unsafe-/);

  // The built file (from index.html), and the check page made portable by the same code.
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-portable-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const checkFile = path.join(dir, 'check-portable.html');
  writeFileSync(checkFile, await buildPortable({ site: siteDir, page: checkPage, engine: portableEngine,
                                                 nodeModules: path.join(repoRoot, 'node_modules') }));
  const variants = [['index.html', built], [checkPage, checkFile]];
  const { ctx, problems, requests } = await openBrowser();
  for (const [name, file] of variants) {
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(file).href);
    await checkExample(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null, name);
    await page.close();
  }
  const other = requests.filter((u) => !/^(file|data|blob):/.test(u));
  assert.deepEqual(other, []);
  assert.ok(requests.some((u) => u.startsWith('blob:')), 'the engine runs in a blob: worker');
  assert.deepEqual(problems, []);
});
