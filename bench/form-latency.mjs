#!/usr/bin/env node
// The enterprise form's latencies in headless Chromium, the site served on 127.0.0.1:
//   (a) a full check of one filing inside the worker: the time the worker measures around engine.check() with
//       every profile in full detail (scores 'full': the one call the form makes per change), reported back in its
//       reply (`ms`);
//   (b) keystroke to error shown: a key pressed in 2024 从业人员 (Backspace: 68 → 6) that makes 研发人员 exceed it,
//       from the input event to the R-STAFF-SUBSET message being in the DOM at the 研发人员 field (the form sends
//       a check at once on input, one at a time: no debounce timer);
//   (c) first load to interactive: navigation start → the form built and its first check shown
//       (performance mark 'cxjf-form-ready'), a cold first load and then warm reloads.
// Also the gzip size of the form's own files (HTML, JS, CSS).
//
//   node bench/form-latency.mjs [--checks 500] [--trials 50] [--loads 10]
//
// Chromium coarsens performance.now() to 0.1 ms on a page that is not cross-origin isolated (workers too).
// Writes bench/results-form.md. Needs build-wasm/site (the wasm build) and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const CHECKS = option('--checks', 500);
const TRIALS = option('--trials', 50);
const LOADS = option('--loads', 10);
const CHECK_DATE = '2025-06-30';
const filingText = readFileSync(path.join(root, 'examples', '02-hangzhou-saas-clean.json'), 'utf8');

const stats = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(s.length * q))];
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s.at(-1) };
};
const ms = (x) => x.toFixed(x < 10 ? 2 : 1);

const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', siteDir],
                     { stdio: ['ignore', 'pipe', 'ignore'] });
const port = await new Promise((resolve) => server.stdout.on('data', (d) => {
  const m = /port (\d+)/.exec(String(d));
  if (m) resolve(m[1]);
}));
const base = `http://127.0.0.1:${port}`;
const { chromium } = await import('playwright-core');
const profiles = [];
async function browser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-bench-'));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}
const settled = (page) => page.waitForFunction(() => {
  const d = document.body.dataset;
  return d.ready === 'true' && d.checked === d.version && d.scored === d.version;
}, null, { timeout: 60000 });

const rows = [];
try {
  // (a) the engine inside the worker
  let ctx = await browser();
  let page = await ctx.newPage();
  await page.goto(`${base}/index.html?checkDate=${CHECK_DATE}`);
  await settled(page);
  const worker = await page.evaluate(async ({ text, checks, checkDate }) => {
    const w = new Worker('worker.js', { type: 'module' });
    let id = 0;
    const call = (op) => new Promise((resolve, reject) => {
      const mine = ++id;
      const t0 = performance.now();
      w.onmessage = ({ data }) => (data.id === mine && data.ok ? resolve({ ms: data.ms, roundTrip: performance.now() - t0 })
                                                                : reject(new Error(data.error)));
      w.postMessage({ id: mine, op, input: text, options: { checkDate, scores: 'full' } });
    });
    for (let i = 0; i < 50; i += 1) await call('check');
    const out = { check: [], checkRoundTrip: [] };
    for (let i = 0; i < checks; i += 1) {
      const r = await call('check');
      out.check.push(r.ms);
      out.checkRoundTrip.push(r.roundTrip);
    }
    w.terminate();
    return out;
  }, { text: filingText, checks: CHECKS, checkDate: CHECK_DATE });
  rows.push(['(a) engine.check() with every profile in full, in the worker, one filing (examples/02)', stats(worker.check)]);
  rows.push(['(a) the same, page → worker → page round trip', stats(worker.checkRoundTrip)]);
  await ctx.close();

  // (b) keystroke to error shown
  {
    ctx = await browser();
    page = await ctx.newPage();
    await page.goto(`${base}/index.html?checkDate=${CHECK_DATE}`);
    await settled(page);
    await page.setInputFiles('#import', { name: '02.json', mimeType: 'application/json', buffer: Buffer.from(filingText) });
    await page.waitForFunction(() => /已导入/.test(document.getElementById('notice').textContent));
    await settled(page);
    await page.evaluate(() => {
      const input = document.getElementById('f-annual-2-employees');
      const msg = document.getElementById('f-annual-2-rdStaff-m');
      window.__lat = { samples: [] };
      input.addEventListener('input', () => { window.__lat.t0 = performance.now(); }, true);
      new MutationObserver(() => {
        const shown = Boolean(msg.querySelector('[data-rule="R-STAFF-SUBSET"]'));
        if (shown && !window.__lat.shown) window.__lat.samples.push(performance.now() - window.__lat.t0);
        window.__lat.shown = shown;
      }).observe(msg, { childList: true, subtree: true });
    });
    // 2024 has 68 employees and 42 R&D staff: Backspace makes it 6 (the error), the key 8 makes it 68 again.
    await page.focus('#f-annual-2-employees');
    await page.keyboard.press('End');
    for (let i = 0; i < TRIALS; i += 1) {
      await page.keyboard.press('Backspace');
      await page.waitForFunction((n) => window.__lat.samples.length === n, i + 1, { timeout: 60000 });
      await page.keyboard.press('8');
      await page.waitForFunction(() => !window.__lat.shown);
      await settled(page);
    }
    const samples = await page.evaluate(() => window.__lat.samples);
    rows.push(['(b) keystroke → error shown at the field (check sent at once, coalesced)', stats(samples)]);
    await ctx.close();
  }

  // (c) first load to interactive: a cold load in a fresh profile, then warm reloads
  ctx = await browser();
  page = await ctx.newPage();
  const loads = [];
  for (let i = 0; i <= LOADS; i += 1) {
    await page.goto(`${base}/index.html?checkDate=${CHECK_DATE}`);
    await settled(page);
    loads.push(await page.evaluate(() => performance.getEntriesByName('cxjf-form-ready')[0].startTime));
  }
  rows.push(['(c) navigation start → form built, first check shown: cold (first) load', stats(loads.slice(0, 1))]);
  rows.push([`(c) the same, warm reloads (HTTP cache)`, stats(loads.slice(1))]);
  await ctx.close();
} finally {
  server.kill();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
}

const own = ['index.html', 'form.js', 'form-model.js', 'form-scores.js', 'form-text.js', 'form.css', 'style.css'];
const sizes = own.map((name) => {
  const bytes = readFileSync(path.join(siteDir, name));
  return [name, bytes.length, gzipSync(bytes, { level: 9 }).length];
});
const total = sizes.reduce((a, [, raw, gz]) => [a[0] + raw, a[1] + gz], [0, 0]);

const lines = [
  `Enterprise form latency (\`node bench/form-latency.mjs\`), Chromium ${'(Debian)'}, site on 127.0.0.1, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ms.`,
  '',
  '| measurement | n | p50 | p95 | max |',
  '|---|---|---|---|---|',
  ...rows.map(([name, s]) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`),
  '',
  '| form file | bytes | gzip -9 |',
  '|---|---|---|',
  ...sizes.map(([name, raw, gz]) => `| ${name} | ${raw.toLocaleString('en')} | ${gz.toLocaleString('en')} |`),
  `| total | ${total[0].toLocaleString('en')} | ${total[1].toLocaleString('en')} |`,
  '',
];
console.log(lines.join('\n'));
writeFileSync(path.join(here, 'results-form.md'), `${lines.join('\n')}`);
