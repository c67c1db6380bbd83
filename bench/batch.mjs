#!/usr/bin/env node
// The bureau's batch, measured side by side in one run (DESIGN §8, issue 6), on N generated signed filings:
//   1. `cxjf check` (native) with signature verification, --jobs 1 and --jobs 2: files/s by the wall clock and by
//      CPU time, peak RSS (ndjson to /dev/null: the streaming path);
//   2. the same check in the wasm engines under Node (parse + schema + rules + scores + the signature checked by
//      the engine and verified with node:crypto), one thread, on the first --wasm-files files: the bureau's engine
//      doing a page worker's work (checkStart, verify, checkFinishTransport), and the enterprise engine;
//   3. the peer baseline: Node JSON.parse + ajv (draft-07, compiled once, formats off) on the same files and the
//      filing schema — schema only: no rules, no scores, no signature;
//   4. the bureau page on --page-files files in headless Chromium (bench/bureau-page.mjs: the default mix, given
//      as a folder and as a .zip, 2 workers).
// Writes bench/results.md with the machine, the commands and the ratios.
//
//   node bench/batch.mjs [--files 100000] [--seed 2025] [--dir /tmp/cxjf-batch] [--wasm-files 10000]
//                        [--ajv-files 100000] [--page-files 10000] [--no-page]
//
// The filings come from bench/generate.mjs --mix clean (every one signed and valid), made once per (N, seed) and
// kept in --dir. Each timed run is preceded by a warm-up pass that fills the page cache.
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify as edVerify } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const CHECK_DATE = '2025-06-30';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const files = Number(option('--files', 100000));
const seed = option('--seed', '2025');
const dir = path.resolve(option('--dir', `/tmp/cxjf-batch-${files}-${seed}`));
const wasmFiles = Math.min(files, Number(option('--wasm-files', 10000)));
const ajvFiles = Math.min(files, Number(option('--ajv-files', files)));
const pageFiles = Number(option('--page-files', 10000));
const withPage = !args.includes('--no-page');

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (...a) => console.error('batch:', ...a);

// 0. The filings.
const manifestPath = path.join(dir, 'manifest.json');
const have = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
if (!have || have.count !== files || String(have.seed) !== String(seed) || have.mix?.name !== 'clean') {
  log(`generating ${fmt(files)} signed filings (seed ${seed}) into ${dir}`);
  const g = spawnSync(process.execPath, [path.join(here, 'generate.mjs'), '--count', String(files), '--seed', seed,
                                         '--mix', 'clean', '--out', dir, '--force'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (g.status !== 0) process.exit(g.status ?? 1);
}
const filingsDir = path.join(dir, 'filings');
const keys = path.join(dir, 'keys.json');
const names = readdirSync(filingsDir).filter((f) => f.endsWith('.json')).sort();
const bytesTotal = names.slice(0, 2000).reduce((n, f) => n + readFileSync(path.join(filingsDir, f)).length, 0);
const meanKb = bytesTotal / Math.min(2000, names.length) / 1000;

// 1. The native CLI.
function timedCheck(jobs) {
  const argv = ['-f', '%e %U %S %M', cli, 'check', '--format', 'ndjson', '--jobs', String(jobs), '--check-date', CHECK_DATE,
                '--keys', keys, filingsDir];
  spawnSync('/usr/bin/time', argv, { stdio: ['ignore', 'ignore', 'pipe'] });  // warm-up: page cache
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const t = spawnSync('/usr/bin/time', argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const [wall, user, sys, rssKb] = t.stderr.trim().split('\n').pop().split(' ').map(Number);
    runs.push({ wall, cpu: user + sys, rssMb: rssKb / 1024 });
  }
  runs.sort((a, b) => a.wall - b.wall);
  return runs[1];
}
log('native check, 1 and 2 jobs (3 runs each)');
const native = { 1: timedCheck(1), 2: timedCheck(2) };

// 2. The wasm engines under Node, one thread: the bureau's engine (cxjf-bureau.js, -O2) doing what each of the bureau
//    page's workers does — checkStart, the signature verified (node:crypto here, WebCrypto there), the verdict
//    applied, the result as a transport for the batch — and the enterprise engine (cxjf.js, -Oz) checking a file
//    and handing out its signature (signatureData), verified the same way.
log(`wasm engines under Node on ${fmt(wasmFiles)} files`);
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const edValid = (v) => edVerify(null, v.signedBytes, createPublicKey({ key: Buffer.concat([ED25519_SPKI, v.publicKey]), format: 'der', type: 'spki' }),
                                v.value);
async function engineOf(module, wasm) {
  const { loadEngine } = await import(pathToFileURL(path.join(siteDir, module)).href);
  return loadEngine({ wasmBinary: readFileSync(path.join(siteDir, wasm)) });
}
const bureauEngine = await engineOf('cxjf-bureau.js', 'cxjf-bureau-engine.wasm');
const enterpriseEngine = await engineOf('cxjf.js', 'cxjf-engine.wasm');
const workerCheck = (bytes) => {
  const { id, verify } = bureauEngine.checkStart(bytes, { checkDate: CHECK_DATE, scores: 'summary', sheet: 'both' });
  const transport = bureauEngine.checkFinishTransport(id, verify && edValid(verify) ? 'valid' : 'invalid');
  return transport.includes('"status":"ok"') && transport.includes('"status":"valid"');
};
// (The check page's first step: the file checked and its signature handed out, verified here; the page then checks
// again with the verdict only to apply it, which a valid signature does not change.)
const enterpriseCheck = (bytes) => {
  const data = enterpriseEngine.signatureData(bytes, { checkDate: CHECK_DATE });
  return data.result.status === 'ok' && data.status === 'unverified' && edValid(data);
};
const wasmInputs = names.slice(0, wasmFiles).map((f) => readFileSync(path.join(filingsDir, f)));
function timedWasm(check, what) {
  for (const bytes of wasmInputs.slice(0, 200)) check(bytes);  // warm-up
  let ok = 0;
  const start = performance.now();
  for (const bytes of wasmInputs) ok += check(bytes);
  const seconds = (performance.now() - start) / 1000;
  if (ok !== wasmInputs.length) throw new Error(`${what}: ${wasmInputs.length - ok} files not ok and verified`);
  return seconds;
}
const wasmSeconds = timedWasm(workerCheck, 'the bureau engine');
const enterpriseSeconds = timedWasm(enterpriseCheck, 'the enterprise engine');

// 3. Node JSON.parse + ajv, schema only.
log(`node + ajv on ${fmt(ajvFiles)} files`);
let Ajv;
try {
  ({ default: Ajv } = await import('ajv'));
} catch {
  throw new Error('ajv is missing: run npm ci (scripts/setup.sh)');
}
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(JSON.parse(readFileSync(path.join(root, 'forms', '2025', 'filing.schema.json'), 'utf8')));
const ajvTexts = names.slice(0, ajvFiles).map((f) => readFileSync(path.join(filingsDir, f), 'utf8'));
for (const text of ajvTexts.slice(0, 1000)) validate(JSON.parse(text).filing);  // warm-up
let ajvValid = 0;
const ajvStart = performance.now();
for (const text of ajvTexts) ajvValid += validate(JSON.parse(text).filing) ? 1 : 0;
const ajvSeconds = (performance.now() - ajvStart) / 1000;
if (ajvValid !== ajvTexts.length) throw new Error(`ajv: ${ajvTexts.length - ajvValid} filings invalid`);

// 4. The bureau page.
let page = null;
const pageBench = path.join(here, 'bureau-page.mjs');
if (withPage) {
  log(`the bureau page on ${fmt(pageFiles)} files (bench/bureau-page.mjs, 2 workers)`);
  const out = path.join(os.tmpdir(), `cxjf-bureau-${process.pid}.md`);
  const p = spawnSync(process.execPath, [pageBench, '--count', String(pageFiles), '--workers', '2', '--out', out],
                      { encoding: 'utf8', maxBuffer: 1 << 26 });
  // Its table: | workers | input | first row (ms) | all rows (s) | files/s | page JS heap peak (MB) | …
  const rowsOut = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => /^\| 2 \|/.test(l)) : [];
  const runs = rowsOut.map((l) => l.split('|').map((c) => c.trim())).map((c) => ({ input: c[2], seconds: Number(c[4]), heapMb: Number(c[6]) }));
  if (runs.length) {
    const slowest = runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    page = { files: pageFiles, workers: 2, seconds: slowest.seconds, heapMb: Math.max(...runs.map((r) => r.heapMb)), input: slowest.input };
  } else {
    page = { error: (p.stderr || p.stdout || '').trim().split('\n').slice(-2).join(' ') };
  }
}

// The report.
const perSecond = (n, s) => n / s;
const cpuName = (os.cpus()[0]?.model ?? 'unknown CPU').trim();
const n1 = native[1], n2 = native[2];
const nativeCoreRate = perSecond(files, n1.cpu);
const rows = [
  ['`cxjf check --jobs 1` (full check + Ed25519, native)', fmt(files), fmt(n1.wall, 2), fmt(perSecond(files, n1.wall)),
   fmt(nativeCoreRate), fmt(n1.rssMb, 1)],
  ['`cxjf check --jobs 2`', fmt(files), fmt(n2.wall, 2), fmt(perSecond(files, n2.wall)), fmt(perSecond(files, n2.cpu)),
   fmt(n2.rssMb, 1)],
  ['the bureau\'s wasm engine in Node (a page worker\'s work: check, node:crypto verify, transport; 1 thread)', fmt(wasmFiles),
   fmt(wasmSeconds, 2), fmt(perSecond(wasmFiles, wasmSeconds)), fmt(perSecond(wasmFiles, wasmSeconds)), '–'],
  ['the enterprise wasm engine in Node (same check + node:crypto verify, 1 thread)', fmt(wasmFiles), fmt(enterpriseSeconds, 2),
   fmt(perSecond(wasmFiles, enterpriseSeconds)), fmt(perSecond(wasmFiles, enterpriseSeconds)), '–'],
  ['Node JSON.parse + ajv, schema only (no rules, scores, signature)', fmt(ajvFiles), fmt(ajvSeconds, 2),
   fmt(perSecond(ajvFiles, ajvSeconds)), fmt(perSecond(ajvFiles, ajvSeconds)), '–'],
];
if (page && !page.error)
  rows.push([`the bureau page, headless Chromium (${page.workers} workers, the slower of folder and zip: ${page.input})`, fmt(page.files), fmt(page.seconds, 2),
             fmt(page.files / page.seconds), '–', page.heapMb ? `${fmt(page.heapMb, 1)} (JS heap)` : '–']);
const national = 520000 / perSecond(files, n2.wall);
const md = [
  `Generated by \`node bench/batch.mjs --files ${files} --seed ${seed}\` on ${new Date().toISOString().slice(0, 10)}:`,
  `${os.cpus().length} cores (${cpuName}), ${fmt(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}.`,
  '',
  `Corpus: ${fmt(files)} filings from \`bench/generate.mjs --mix clean --seed ${seed}\`, each signed (Ed25519) by its own`,
  `company key, ${fmt(meanKb, 1)} KB mean; registry of ${fmt(files)} keys (\`--keys\`). Native command:`,
  `\`cxjf check --format ndjson --jobs N --check-date ${CHECK_DATE} --keys keys.json filings > /dev/null\`, median of`,
  '3 runs after a warm-up run. "per core" = files / CPU seconds (user + system) of the run.',
  '',
  '| what | files | seconds | files/s | files/s per core | peak RSS (MB) |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `- Native full check with signature: **${fmt(nativeCoreRate)} files/s per core** (bar ≥ 4,500); the 520,000 filings of a`,
  `  national round would take ${fmt(national, 1)} s on these 2 cores (extrapolated from the --jobs 2 run; bar < 60 s).`,
  `- Against the peer baseline: the native full check (strict parse, schema, 26 rules, four profiles, Ed25519) costs`,
  `  ${fmt(1e6 / nativeCoreRate, 0)} µs per file per core; Node + ajv's schema-only check ${fmt(1e6 * ajvSeconds / ajvFiles, 0)} µs — the baseline is`,
  `  ${fmt((1e6 / nativeCoreRate) / (1e6 * ajvSeconds / ajvFiles), 1)}× faster per file for a fraction of the work (no rules, scores or signature).`,
  `- The wasm engines in Node: the bureau's ${fmt(1e6 * wasmSeconds / wasmFiles, 0)} µs per file (${fmt((1e6 * wasmSeconds / wasmFiles) / (1e6 / nativeCoreRate), 1)}× the native time),`,
  `  the enterprise engine's ${fmt(1e6 * enterpriseSeconds / wasmFiles, 0)} µs.`,
  `- Memory: ${fmt(files)} files with ndjson peak at ${fmt(Math.max(n1.rssMb, n2.rssMb), 1)} MB RSS (bar ≤ 64 MB), the ${fmt(files)}-key registry included.`,
  page && !page.error ? `- The bureau page: ${fmt(page.files)} files in ${fmt(page.seconds, 1)} s (bar < 15 s); ${fmt(page.files / page.seconds)} files/s with 2 workers ` +
    `against the bureau engine's ${fmt(perSecond(wasmFiles, wasmSeconds))} files/s on one thread in Node (bar: at least as many).`
    : `- The bureau page: ${page?.error ? `not measured (${page.error})` : 'not measured in this run'}.`,
  '',
].join('\n');
writeFileSync(path.join(here, 'results.md'), md);
console.log(md);
