#!/usr/bin/env node
// The hostile inputs of tests/bad-inputs/ (committed and generated) timed one by one, native and wasm in Node:
// how many there are, their verdicts, and the slowest checks. Writes bench/results-hostile.md.
//
//   node bench/hostile-inputs.mjs [--reps N]      (needs build/bench_check_files and build-wasm/site)
//
// Native: build/bench_check_files, the median of N checks per file (default 5). wasm: the engine in Node, the
// median of N checks per file after one warm-up. Both with a fixed check date and no time cap.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cases, filesDir, manifest, writeGenerated } from '../tests/bad-inputs/make.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cxjf-hostile-'));
try {
  const files = [...cases.map((c) => ({ file: c.file, path: path.join(filesDir, c.file) })), ...writeGenerated(tmp)];
  const native = new Map(execFileSync(path.join(root, 'build', 'bench_check_files'), ['--reps', String(reps), ...files.map((f) => f.path)],
    { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n').map((l) => JSON.parse(l)).map((r) => [r.file, r]));

  const { loadEngine } = await import(pathToFileURL(path.join(siteDir, 'cxjf.js')).href);
  const engine = await loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-engine.wasm')) });
  const options = { checkDate: '2025-06-30', maxMs: 0 };
  const rows = files.map(({ file, path: p }) => {
    const bytes = readFileSync(p);
    engine.check(bytes, options);
    const times = [];
    let result;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      result = engine.check(bytes, options);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const n = native.get(p);
    if (n.status !== result.status) throw new Error(`${file}: native ${n.status}, wasm ${result.status}`);
    return { file, bytes: bytes.length, status: n.status, rules: n.rules, nativeMs: n.ms, wasmMs: times[Math.floor(reps / 2)] };
  });

  const expected = manifest().files.length;
  const byStatus = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const slowest = [...rows].sort((a, b) => b.wasmMs - a.wasmMs).slice(0, 10);
  const kb = (n) => (n / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });
  const md = [
    '# Hostile inputs: verdicts and check time',
    '',
    `\`node bench/hostile-inputs.mjs --reps ${reps}\` on ${os.cpus()[0].model.trim()}, ${new Date().toISOString().slice(0, 10)}.`,
    `${rows.length} files (${cases.length} committed in tests/bad-inputs/files, ${rows.length - cases.length} generated at test time; ` +
      `the manifest lists ${expected}), plus the directory, symlink-loop and FIFO cases the test makes on disk.`,
    '',
    '| verdict | files |', '|---|---:|',
    ...['unreadable', 'errors', 'warnings', 'ok'].map((s) => `| ${s} | ${byStatus[s] ?? 0} |`),
    '',
    `The ten slowest checks (median of ${reps}; native = build/bench_check_files, wasm = the engine in Node ${process.version}):`,
    '',
    '| file | KB | verdict | rules | native ms | wasm ms |', '|---|---:|---|---|---:|---:|',
    ...slowest.map((r) => `| ${r.file} | ${kb(r.bytes)} | ${r.status} | ${r.rules.join(' ')} | ${r.nativeMs.toFixed(2)} | ${r.wasmMs.toFixed(2)} |`),
    '',
  ].join('\n');
  writeFileSync(path.join(here, 'results-hostile.md'), md);
  console.log(md);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
