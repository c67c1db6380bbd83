// The portable page's client (cmake/portable.mjs bundles this in place of client.js): a page opened from disk
// (file://, no origin) may start no worker from a file, so the engine's worker is made from text: the engine's
// classic SINGLE_FILE glue, which the page has already run (the global createCxjf; its source is the function's
// text), followed by the bundled worker code (worker.js and cxjf.js, with wasm/portable/engine.js).
import { createClient as createWorkerClient } from '../client.js';
import workerCode from 'cxjf-portable:worker-code';

let workerUrl = null;

export function startBlobWorker() {
  workerUrl ??= URL.createObjectURL(new Blob([
    // _scriptDir is declared by the glue's outer wrapper, which toString() leaves out. `fetch` is hidden from the
    // glue: it would fetch() its own base64 wasm as a data: URL, which the portable page's CSP (no connect-src)
    // refuses with a console error before the glue decodes the base64 itself.
    'var createCxjf = (function () {\nvar _scriptDir, fetch;\nreturn ', globalThis.createCxjf.toString(), ';\n})();\n',
    workerCode,
  ], { type: 'text/javascript' }));
  return new Worker(workerUrl);
}

export function createClient(source = startBlobWorker) {
  return createWorkerClient(source);
}
