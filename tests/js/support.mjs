// Shared by the node tests: where the built site and the native CLI are, and the engine loaded for Node.
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
