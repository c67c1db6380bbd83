// Shared by the node tests: where the built site and the native CLI are, and the engine loaded for Node.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const repoRoot = path.resolve(here, '..', '..');
export const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(here, '..', '..', 'build-wasm', 'site'));
export const cliPath = path.resolve(process.env.CXJF_CLI ?? path.join(here, '..', '..', 'build', 'cxjf'));
export const fixturesDir = path.join(here, 'fixtures');
export const CHECK_DATE = '2025-06-30';

if (!existsSync(path.join(siteDir, 'cxjf-engine.wasm')) || !existsSync(path.join(siteDir, 'cxjf.js'))) {
  throw new Error(`no built site in ${siteDir}: run the wasm build first (emcmake cmake -S . -B build-wasm && ` +
                  'cmake --build build-wasm), or set CXJF_SITE_DIR');
}

export const siteUrl = (name) => pathToFileURL(path.join(siteDir, name)).href;

// Node's fetch() cannot read files, so the wasm bytes are handed in (toolchain.md §6).
export async function loadNodeEngine() {
  const { loadEngine } = await import(siteUrl('cxjf.js'));
  return loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-engine.wasm')) });
}

// The bureau's engine (cxjf-bureau.js): -O2 throughout, with the batch-upload sheet and the batch above the files.
export async function loadBureauEngine() {
  const { loadEngine } = await import(siteUrl('cxjf-bureau.js'));
  return loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-bureau-engine.wasm')) });
}

export function jsonFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

// A static server on 127.0.0.1 (Python's http.server) for a folder: { child, base }. Its request log (stderr) is
// dropped: a pipe nobody reads fills after about 64 KB of log lines, and the server then stops answering.
export function startStaticServer(dir = siteDir) {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
                      { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('http.server did not start')), 10000);
    child.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) { clearTimeout(timer); resolve({ child, base: `http://127.0.0.1:${m[1]}` }); }
    });
  });
}
