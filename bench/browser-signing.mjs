#!/usr/bin/env node
// Ed25519 in headless Chromium through wasm/signing.js: sign and verify time on the WebCrypto path and on the
// pure-JS fallback, for the signed bytes of a real filing (examples/02, RFC 8785 canonical, a few KB).
//
//   node bench/browser-signing.mjs [--runs N]
//
// Each operation: a warm-up of 50, then N (default 200) calls each timed alone with performance.now() in the page
// (Chromium coarsens it to 0.1 ms on a page that is not cross-origin isolated, so each sample is a batch of 10
// calls, divided by 10); the table shows the median and p95 of the 200 samples, per call. Also the backup (PBKDF2-SHA256,
// 600,000 iterations, + AES-GCM), median of 3. Needs build-wasm/site and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 200;

// The bytes a signature covers, prepared by the engine exactly as the page does.
const { loadEngine } = await import(pathToFileURL(path.join(siteDir, 'cxjf.js')).href);
const engine = await loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-engine.wasm')) });
const prepared = engine.prepareEnvelope(readFileSync(path.join(root, 'examples', '02-hangzhou-saas-clean.json')),
                                        { publicKey: new Uint8Array(32).fill(1) });
const message = [...prepared.signedBytes];

const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', siteDir],
                     { stdio: ['ignore', 'pipe', 'ignore'] });
const port = await new Promise((resolve) => server.stdout.on('data', (d) => {
  const m = /port (\d+)/.exec(String(d));
  if (m) resolve(m[1]);
}));
const { chromium } = await import('playwright-core');
const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/check.html`);
  const results = await page.evaluate(async ({ message, runs }) => {
    const signing = await import('./signing.js');
    const bytes = new Uint8Array(message);
    const stats = (samples) => {
      samples.sort((a, b) => a - b);
      return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.floor(samples.length * 0.95)] };
    };
    async function time(fn, batch) {
      for (let i = 0; i < 50; i += 1) await fn();
      const samples = [];
      for (let i = 0; i < runs; i += 1) {
        const t0 = performance.now();
        for (let j = 0; j < batch; j += 1) await fn();
        samples.push((performance.now() - t0) / batch);
      }
      return stats(samples);
    }
    const out = {};
    for (const [name, s] of [['WebCrypto', signing], ['fallback (noble)', signing.createSigning({ fallback: true })]]) {
      const made = await s.generateKey();
      const key = await s.toNonExtractable(made);
      const signature = await s.sign(key, bytes);
      if (!(await s.verify(key.publicKey, bytes, signature))) throw new Error(`${name}: does not verify`);
      const batch = 10;
      const backup = [];
      for (let i = 0; i < 3; i += 1) {
        const t0 = performance.now();
        await s.exportBackup(made, 'benchmark password');
        backup.push(performance.now() - t0);
      }
      out[name] = {
        backend: await s.backend(),
        sign: await time(() => s.sign(key, bytes), batch),
        verify: await time(() => s.verify(key.publicKey, bytes, signature), batch),
        backup: stats(backup).median,
      };
    }
    return { out, userAgent: navigator.userAgent };
  }, { message, runs });

  const ms = (x) => `${x.toFixed(3)} ms`;
  console.log(`Chromium: ${/Chrome\/[\d.]+/.exec(results.userAgent)?.[0]} · message ${message.length} bytes · median and p95 of ${runs} samples of 10 calls, after 50 warm-up calls`);
  console.log('| path | sign median | sign p95 | verify median | verify p95 | backup (PBKDF2 600k + AES-GCM) |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results.out)) {
    console.log(`| ${name} | ${ms(r.sign.median)} | ${ms(r.sign.p95)} | ${ms(r.verify.median)} | ${ms(r.verify.p95)} | ${r.backup.toFixed(0)} ms |`);
  }
} finally {
  await ctx.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
