// Static hosting (DESIGN §7) in headless Chromium: the built site served from a sub-path by a second, minimal
// static server that sends .wasm as application/octet-stream (as many hosts do); offline use through the service
// worker after one visit; and the portable single-file page opened from disk (file://).
// Then the same on a real web server, Debian's nginx, started by the test with the README's configuration
// (docs/hosting/nginx-cxjf.conf, as it is but for its alias folder) under /cxjf/: every header it documents
// arrives, every page works under the header policy, and a rebuilt site replaces the one a browser has cached.
// Every page: no console error or warning, no request to another origin (or, from disk, to anything but
// file:/data:/blob:), the engine's version shown, an example file checked and scored (the estimate's label,
// 非官方估算, visible).
//
//   node --test tests/js/hosting.test.mjs   (CXJF_SITE_DIR: the built site; NGINX: the nginx binary, /usr/sbin/nginx)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
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

test('a new build replaces the offline copy: with two pages open it waits, new cache beside the old one, then takes ' +
     'over when they close and deletes the old cache', { timeout: 180000 }, async () => {
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
  // A second page of the site: a new version does not take over while more than one page is open (the nginx test
  // below has one page, which the new version replaces at once).
  const second = await ctx.newPage();
  await second.goto(`${server.base}${checkPage}`);
  assert.equal(await second.evaluate(async () => (await import('./offline.js')).offline), true);
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
  assert.ok(await outside.evaluate(async (base) => (await navigator.serviceWorker.getRegistration(base)).waiting !== null,
                                   server.base), 'one page of the old version is still open');
  await second.close();
  await until(async () => {
    const keys = Object.keys(await cacheState(outside));
    return keys.length === 1 && keys[0].endsWith(version);
  });
  page = await ctx.newPage();
  await page.goto(server.base);
  const updated = await cacheState(page);
  assert.equal(Object.values(updated)[0], readFileSync(path.join(copy, 'style.css'), 'utf8').length);
  await checkExample(page);
  assert.deepEqual(problems, []);
});

test('sw.js (as built) takes over when a page asks only while that page is the only one of its scope open',
     async () => {
  const SCOPE = 'https://cxjf.test/sub/';
  const source = readFileSync(path.join(siteDir, 'sw.js'), 'utf8');
  // The 'message' event with `data` from the page 'me', the browser's window clients as [id, url]: skipWaiting calls.
  const ask = async (windows, data = 'take-over-if-alone') => {
    const listeners = {};
    let skipped = 0;
    const self = {
      registration: { scope: SCOPE }, location: { origin: new URL(SCOPE).origin, href: `${SCOPE}sw.js` },
      addEventListener: (type, fn) => { listeners[type] = fn; },
      skipWaiting: async () => { skipped += 1; },
      clients: {
        claim: async () => {},
        matchAll: async (options) => {
          assert.deepEqual({ ...options }, { type: 'window', includeUncontrolled: true });  // (an object of the VM's realm)
          return windows.map(([id, url]) => ({ id, url }));
        },
      },
    };
    vm.runInContext(source, vm.createContext({ URL, Object, Promise, Error, self }), { filename: 'sw.js' });
    let work = Promise.resolve();
    listeners.message({ data, source: { id: 'me' }, waitUntil: (p) => { work = p; } });
    await work;
    return skipped;
  };
  assert.equal(await ask([['me', `${SCOPE}check.html`]]), 1);
  // Pages of the same origin outside the scope do not count (nor a folder whose name merely begins the same).
  assert.equal(await ask([['me', SCOPE], ['a', 'https://cxjf.test/outside.html'], ['b', 'https://cxjf.test/subway/']]), 1);
  assert.equal(await ask([['me', SCOPE], ['other', `${SCOPE}bureau.html`]]), 0, 'another page of the site is open');
  assert.equal(await ask([['me', SCOPE]], 'skipWaiting'), 0, 'any other message: nothing');
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

// ---- Debian's nginx with the README's configuration (docs/hosting/nginx-cxjf.conf) ------------------------------
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const NGINX_SNIPPET = path.join(repoRoot, 'docs', 'hosting', 'nginx-cxjf.conf');
const NGINX_ALIAS = '/srv/www/cxjf/';  // the snippet's folder, the one line an administrator changes
const NGINX_PREFIX = '/cxjf/';
const RECEIPT_HASH = `#${new URLSearchParams({
  uscc: '91340100071036529Y', year: '2025', keyId: '0123-4567-89AB-CDEF', signedAt: '2025-06-30T10:00:00+08:00',
  digest: 'ab'.repeat(32), name: '合肥启衡智能装备有限公司', signatory: '王振宇', file: '91340100071036529Y-2025.cxjf.json' })}`;

const freePort = () => new Promise((resolve, reject) => {
  const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// nginx as this user, with its own prefix, pid, logs and temp folders in a temp folder, on 127.0.0.1 and a free
// port, not as a daemon: the server block around the snippet is the test's, the snippet is the README's file with
// its alias folder replaced by `root` (a folder of the site's files). Fails, never skips, when nginx is missing.
async function startNginx(root) {
  if (!existsSync(NGINX)) {
    throw new Error(`no nginx at ${NGINX}: install Debian's nginx (scripts/setup.sh does; or apt-get install nginx), or set NGINX`);
  }
  const snippet = readFileSync(NGINX_SNIPPET, 'utf8');
  assert.equal(snippet.split(NGINX_ALIAS).length, 2, `${NGINX_SNIPPET}: one "${NGINX_ALIAS}" to replace`);
  assert.match(root, /^[\w/.-]+$/, 'a folder name nginx takes as it is');
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-nginx-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'cxjf.conf'), snippet.replace(NGINX_ALIAS, `${path.resolve(root)}/`));
  const at = (name) => path.join(dir, name);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {  // another process may take the free port first
    const port = await freePort();
    writeFileSync(at('nginx.conf'), [
      // As root, nginx would run its workers as nobody, who cannot read a temp folder: this user then.
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;', `pid ${at('nginx.pid')};`, `error_log ${at('error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  include /etc/nginx/mime.types;', '  default_type application/octet-stream;',
      "  log_format cxjf '$request_method $request_uri $status';", `  access_log ${at('access.log')} cxjf;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${at(`${t}-temp`)};`),
      `  server {`, `    listen 127.0.0.1:${port};`, `    include ${at('cxjf.conf')};`, '  }',
      '}', ''].join('\n'));
    writeFileSync(at('error.log'), '');
    const child = spawn(NGINX, ['-p', dir, '-e', at('error.log'), '-c', at('nginx.conf'), '-g', 'daemon off;'],
                        { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const origin = `http://127.0.0.1:${port}`;
    // Ready when it answers; gone when it exits first (a bad configuration, a port taken).
    const ready = (async () => {
      for (;;) {
        try {
          await fetch(`${origin}${NGINX_PREFIX}`, { method: 'HEAD' });
          return true;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();
    const outcome = await Promise.race([ready, exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 15000))]);
    if (outcome === true) {
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        child.kill('SIGTERM');
        await exited;
      };
      cleanup.push(stop);
      const log = () => readFileSync(at('access.log'), 'utf8').split('\n').filter(Boolean);
      return { origin, base: `${origin}${NGINX_PREFIX}`, stop, log, errors: () => readFileSync(at('error.log'), 'utf8') };
    }
    child.kill('SIGKILL');
    await exited;
    lastError = `nginx did not start (${JSON.stringify(outcome)}): ${stderr}${readFileSync(at('error.log'), 'utf8')}`;
    if (!/Address already in use/.test(lastError)) break;
  }
  throw new Error(lastError);
}

// The policy every page carries in its <meta>; the header adds what only a header can say.
function pagePolicy() {
  const policies = new Set(pages.concat('bureau.html', 'receipt.html').map((name) => {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(readFileSync(path.join(siteDir, name), 'utf8'));
    assert.ok(m, `${name} has a policy`);
    return m[1];
  }));
  assert.equal(policies.size, 1, 'one policy for every page');
  return [...policies][0];
}

// Every file of a site folder, relative names with '/'.
function siteFiles(dir, sub = '') {
  return readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const name = sub ? `${sub}/${e.name}` : e.name;
    return e.isDirectory() ? siteFiles(dir, name) : [name];
  });
}

const TYPE_OF = { '.html': 'text/html', '.js': 'application/javascript', '.css': 'text/css', '.json': 'application/json',
                  '.wasm': 'application/wasm', '': 'application/octet-stream' };

// The page's text, '' while it is between documents (it may reload itself).
const bodyText = (page) => page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
const rulesetShown = async (page) => /规则集 (\S+)/.exec(await bodyText(page))?.[1];

test('nginx with the README configuration under /cxjf/: every file with its type and headers, every page working ' +
     'under the header policy, the portable page under its own', { timeout: 180000 }, async () => {
  const server = await startNginx(siteDir);
  const policy = `${pagePolicy()}; frame-ancestors 'none'`;
  // Every file the build made, as a browser asks for it (gzip accepted).
  for (const name of siteFiles(siteDir)) {
    const res = await fetch(`${server.base}${name.split('/').map(encodeURIComponent).join('/')}`,
                            { headers: { 'Accept-Encoding': 'gzip' } });
    await res.arrayBuffer();
    const h = (key) => res.headers.get(key);
    assert.equal(res.status, 200, name);
    const [type, charset] = h('content-type').split(/;\s*/);
    assert.equal(type, TYPE_OF[path.extname(name)], `${name}: a type no module or stylesheet refuses`);
    assert.equal(charset, /^(application\/wasm|application\/octet-stream)$/.test(type) ? undefined : 'charset=utf-8', name);
    assert.equal(h('cache-control'), 'no-cache', name);
    assert.equal(h('x-content-type-options'), 'nosniff', name);
    assert.equal(h('referrer-policy'), 'no-referrer', name);
    assert.equal(h('content-security-policy'), name === 'cxjf-portable.html' ? null : policy, name);
    assert.ok(h('etag') || h('last-modified'), `${name}: revalidated, not downloaded again`);
    if (name === 'cxjf-engine.wasm') assert.equal(h('content-encoding'), 'gzip', name);
  }
  // The folder without its slash: on to the folder.
  const bare = await fetch(`${server.origin}${NGINX_PREFIX.slice(0, -1)}`, { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), NGINX_PREFIX);

  const { ctx, problems, requests } = await openBrowser();
  const seen = [];
  ctx.on('response', (r) => seen.push(r));
  for (const name of ['index.html', checkPage, 'bureau.html', 'receipt.html', 'cxjf-portable.html']) {
    const page = await ctx.newPage();
    await page.goto(name === 'receipt.html' ? `${server.base}${name}${RECEIPT_HASH}` : `${server.base}${name}`);
    if (name === 'receipt.html') await page.waitForSelector('#receipt:not([hidden]) #qr path', { timeout: 60000 });
    else if (name === 'bureau.html') {
      await page.waitForSelector('#files:not([disabled])', { timeout: 60000 });
      await page.setInputFiles('#files', [example('01-hefei-smart-equipment-clean.json')]);
      await page.waitForFunction(() => document.querySelectorAll('#table-body tr').length === 1, null, { timeout: 60000 });
    } else await checkExample(page);
    await page.close();
  }
  // What the browser got from nginx (not from the service worker's copy) carried the headers, the wasm its type.
  const fromServer = seen.filter((r) => r.url().startsWith(server.base) && !r.fromServiceWorker());
  assert.ok(fromServer.some((r) => r.url().endsWith('/cxjf-engine.wasm') && r.headers()['content-type'] === 'application/wasm'));
  for (const r of fromServer) {
    assert.equal(r.headers()['cache-control'], 'no-cache', r.url());
    assert.equal(r.headers()['content-security-policy'], r.url().endsWith('/cxjf-portable.html') ? undefined : policy, r.url());
  }
  const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'every request is same-origin and inside the sub-path');
  assert.ok(server.log().every((line) => line.split(' ')[1].startsWith(NGINX_PREFIX.slice(0, -1))), server.log().join('\n'));
  assert.deepEqual(problems, []);
  assert.equal(server.errors(), '', 'nothing in nginx\'s error log');
});

test('nginx: a rebuilt site (a new ruleset) replaces the one a browser has cached at its next reload, and works offline',
     { timeout: 180000 }, async () => {
  // Version A as built; version B the same but for the ruleset inside the engine, with sw.js made again by the
  // build's own step (cmake/precache.mjs): what a rebuild after a change in forms/ gives.
  const rulesetA = JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', 'rules.json'), 'utf8')).ruleset;
  const rulesetB = rulesetA.slice(0, -1) + (rulesetA.endsWith('9') ? '8' : '9');  // as long: the bytes change in place
  const root = mkdtempSync(path.join(tmpdir(), 'cxjf-root-'));
  const next = mkdtempSync(path.join(tmpdir(), 'cxjf-next-'));
  cleanup.push(() => { rmSync(root, { recursive: true, force: true }); rmSync(next, { recursive: true, force: true }); });
  chmodSync(root, 0o755);
  cpSync(siteDir, root, { recursive: true });
  cpSync(siteDir, next, { recursive: true });
  const wasm = readFileSync(path.join(next, 'cxjf-engine.wasm'));
  const marker = Buffer.from(`"ruleset":"${rulesetA}"`);
  const at = wasm.indexOf(marker);
  assert.ok(at >= 0 && wasm.indexOf(marker, at + 1) < 0, 'the engine holds its ruleset once');
  Buffer.from(`"ruleset":"${rulesetB}"`).copy(wasm, at);
  writeFileSync(path.join(next, 'cxjf-engine.wasm'), wasm);
  const versionA = readPrecache(readFileSync(path.join(root, 'sw.js'), 'utf8')).version;
  const versionB = writePrecache(next).version;
  assert.notEqual(versionB, versionA, 'a changed engine changes sw.js');

  const server = await startNginx(root);
  const { ctx, problems } = await openBrowser();
  const page = await ctx.newPage();
  await page.goto(server.base);
  assert.equal(await page.evaluate(async () => (await import('./offline.js')).offline), true);
  await checkExample(page);  // the page is used: nothing reloads it from now on
  assert.equal(await rulesetShown(page), rulesetA);
  const cacheNames = () => page.evaluate(async () => caches.keys());
  assert.deepEqual((await cacheNames()).map((k) => k.split(' ').pop()), [versionA]);

  // The administrator copies the new build over the old one.
  const etag = async () => (await fetch(`${server.base}sw.js`, { method: 'HEAD' })).headers.get('etag');
  const etagA = await etag();
  cpSync(next, root, { recursive: true });
  assert.notEqual(await etag(), etagA, 'nginx sends the new sw.js');
  // The page in use asks the server at its next opening only, and is not reloaded under its user.
  assert.equal(await rulesetShown(page), rulesetA);

  // The user reloads: the page opens as cached (version A), finds the new sw.js, the browser downloads version B,
  // and the page, the only one of the site and not used yet, reloads itself into it: two loads in all.
  const loads = [];
  page.on('load', () => loads.push(Date.now()));
  await page.reload();
  await until(async () => (await rulesetShown(page)) === rulesetB);
  await page.waitForLoadState('load');
  assert.equal(loads.length, 2, 'the reload, then the page\'s own reload into the new version');
  assert.deepEqual((await cacheNames()).map((k) => k.split(' ').pop()), [versionB], 'the old version\'s cache is gone');
  await checkExample(page);

  // Offline: the new version, from the cache, with its headers.
  await server.stop();
  await assert.rejects(fetch(server.base), 'the server is down');
  const response = await page.reload();
  assert.ok(response.fromServiceWorker());
  assert.equal(response.headers()['content-security-policy'], `${pagePolicy()}; frame-ancestors 'none'`);
  await until(async () => (await rulesetShown(page)) === rulesetB);
  await checkExample(page);
  assert.equal(loads.length, 3, 'no more reloads of its own');
  assert.deepEqual(problems, []);
});
