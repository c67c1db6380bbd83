#!/usr/bin/env node
// The wasm engine in Node: download size of the module and time to check one filing.
//
//   node bench/wasm-node.mjs [FILING.json] [--runs N]
//
// Sizes are zlib level 9 (the deflate of gzip -9). Times: after a warm-up of 200 checks, each of N checks
// (default 1000) is timed alone with performance.now(); the table shows median, p95 and mean.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 1000;
const examplesDir = path.join(root, 'examples');
const filing = args[0] ?? path.join(examplesDir, readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort()[0]);
const CHECK_DATE = '2025-06-30';

const wasmBytes = readFileSync(path.join(siteDir, 'cxjf-engine.wasm'));
const sizes = ['cxjf-engine.wasm', 'cxjf-engine.js', 'cxjf.js', 'worker.js'].map((name) => {
  const raw = readFileSync(path.join(siteDir, name));
  return { name, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});

let t0 = performance.now();
const { loadEngine } = await import(pathToFileURL(path.join(siteDir, 'cxjf.js')).href);
const engine = await loadEngine({ wasmBinary: wasmBytes });
const loadMs = performance.now() - t0;
const { default: createCxjf } = await import(pathToFileURL(path.join(siteDir, 'cxjf-engine.js')).href);
const mod = await createCxjf({ wasmBinary: wasmBytes });

function measure(fn) {
  for (let i = 0; i < 200; i++) fn();
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times[i] = performance.now() - start;
  }
  times.sort();
  const at = (q) => times[Math.min(runs - 1, Math.floor(q * runs))];
  return { median: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / runs };
}

const bytes = new Uint8Array(readFileSync(filing));
const text = Buffer.from(bytes).toString('utf8');
const options = { checkDate: CHECK_DATE };
const result = engine.check(bytes, options);
const rows = [
  ['engine.check(bytes) → object', measure(() => engine.check(bytes, options))],
  ['engine.check(string) → object', measure(() => engine.check(text, options))],
  ['binding checkBytes → JSON text', measure(() => mod.checkBytes(bytes, JSON.stringify(options)))],
];

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;  // KB = 1,000 bytes, as the page-weight bar
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`cxjf wasm in Node ${process.version}, ${path.relative(root, siteDir)}`);
console.log('');
console.log('| file | bytes | gzip -9 |');
console.log('|---|---:|---:|');
for (const s of sizes) console.log(`| ${s.name} | ${s.raw} (${kb(s.raw)}) | ${s.gz} (${kb(s.gz)}) |`);
const engineGz = sizes[0].gz + sizes[1].gz;
console.log(`| engine (wasm + glue) | ${sizes[0].raw + sizes[1].raw} | ${engineGz} (${kb(engineGz)}) |`);
console.log('');
console.log(`filing: ${path.relative(root, filing)} (${bytes.length} bytes, status ${result.status}, ` +
            `${result.issues.length} issues); instantiate: ${loadMs.toFixed(0)} ms; ${runs} timed checks after 200 warm-up`);
console.log('');
console.log('| per filing | median | p95 | mean | filings/s (median) |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  console.log(`| ${name} | ${us(r.median)} | ${us(r.p95)} | ${us(r.mean)} | ${Math.round(1000 / r.median)} |`);
}
