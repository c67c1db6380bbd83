#!/usr/bin/env node
// SM2-SM3 verification time per signature, for a file signed by the CLI (OpenSSL) over examples/02's signed bytes
// (RFC 8785 canonical, a few KB): the pages' verifier (site/sm2-verify.js, @noble/curves + sm-crypto's SM3) against
// sm-crypto's sm2.doVerifySignature, in Node and in headless Chromium (the built, bundled build-wasm/site/sm2-verify.js;
// sm-crypto's own browser build dist/sm2.js).
//
//   node bench/sm2-verify.mjs [--runs N]
//
// Each: a warm-up of 20 calls, then N (default 100) samples of one batch of 5 calls (per call: the batch / 5); the
// table shows the median and p95 per call. The first call (cold: curve set-up, base-point tables) is shown apart.
// Needs build/cxjf, build-wasm/site and /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveSite } from './site-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const cli = path.resolve(process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf'));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 100;
const ID = '1234567812345678';

// A CLI-signed file, read back by the engine as the pages read it.
const work = mkdtempSync(path.join(tmpdir(), 'cxjf-sm2-bench-'));
let input;
try {
  const key = path.join(work, 'k.pem');
  const out = path.join(work, 'signed.json');
  if (spawnSync(cli, ['keygen', '--alg', 'SM2-SM3', '--out', key]).status !== 0) throw new Error('cxjf keygen failed');
  const run = spawnSync(cli, ['sign', '--key', key, '--out', out, path.join(root, 'examples', '02-hangzhou-saas-clean.json')]);
  if (run.status !== 0) throw new Error(`cxjf sign failed: ${run.stderr}`);
  const { loadEngine } = await import(pathToFileURL(path.join(siteDir, 'cxjf.js')).href);
  const engine = await loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-engine.wasm')) });
  const data = engine.signatureData(readFileSync(out));
  if (data.alg !== 'SM2-SM3') throw new Error(`not an SM2 file: ${data.alg}`);
  input = { publicKey: [...data.publicKey], message: [...data.signedBytes], signature: [...data.value] };
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The same measurement in both places (the function's text is run in the page too).
async function measure({ publicKey, message, signature, runs, ID }, ours, theirs) {
  const pub = new Uint8Array(publicKey);
  const msg = new Uint8Array(message);
  const sig = new Uint8Array(signature);
  const hexOf = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const pubHex = hexOf(pub);
  const sigHex = hexOf(sig);
  const calls = {
    'sm2-verify.js (@noble/curves 1.9.7 + sm-crypto SM3)': () => ours(pub, msg, sig),
    'sm-crypto 0.5.8 doVerifySignature': () => theirs(Array.from(msg), sigHex, pubHex, { der: false, hash: true, userId: ID }),
  };
  const out = {};
  for (const [name, call] of Object.entries(calls)) {
    const t0 = performance.now();
    if (call() !== true) throw new Error(`${name}: the CLI's signature does not verify`);
    const cold = performance.now() - t0;
    for (let i = 0; i < 20; i += 1) call();
    const samples = [];
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      for (let j = 0; j < 5; j += 1) call();
      samples.push((performance.now() - t) / 5);
    }
    samples.sort((a, b) => a - b);
    out[name] = { cold, median: samples[Math.floor(runs / 2)], p95: samples[Math.floor(runs * 0.95)] };
  }
  return out;
}

const results = {};
{
  const { verifySm2 } = await import(pathToFileURL(path.join(root, 'site', 'sm2-verify.js')).href);
  const { sm2 } = createRequire(import.meta.url)('sm-crypto');
  results[`Node ${process.version}`] = await measure({ ...input, runs, ID }, verifySm2, sm2.doVerifySignature);
}

const server = await serveSite(siteDir);
const { chromium } = await import('playwright-core');
const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  bypassCSP: true,  // the bench's own inline code (sm-crypto's script, the measuring function); the site is unchanged
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/check.html`);
  // sm-crypto's browser build (UMD, sets window.sm2), for the comparison only: the site does not ship it.
  await page.addScriptTag({ content: readFileSync(path.join(root, 'node_modules', 'sm-crypto', 'dist', 'sm2.js'), 'utf8') });
  const { out, userAgent } = await page.evaluate(async ({ input, measureText }) => {
    const measure = (0, eval)(`(${measureText})`);
    const { verifySm2 } = await import('./sm2-verify.js');
    return { out: await measure(input, verifySm2, window.sm2.doVerifySignature), userAgent: navigator.userAgent };
  }, { input: { ...input, runs, ID }, measureText: measure.toString() });
  results[/Chrome\/[\d.]+/.exec(userAgent)?.[0] ?? 'Chromium'] = out;
} finally {
  await ctx.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

const ms = (x) => `${x.toFixed(2)} ms`;
console.log(`SM2-SM3 verify, message ${input.message.length} bytes · median and p95 of ${runs} samples of 5 calls, after 20 warm-up calls`);
console.log('| where | verifier | first call | median | p95 |');
console.log('|---|---|---|---|---|');
for (const [where, rows] of Object.entries(results)) {
  for (const [name, r] of Object.entries(rows)) {
    console.log(`| ${where} | ${name} | ${ms(r.cold)} | ${ms(r.median)} | ${ms(r.p95)} |`);
  }
}
