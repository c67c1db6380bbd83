// The engine module of the portable page's worker (cmake/portable.mjs bundles this in place of cxjf-engine.js):
// the worker's script starts with the SINGLE_FILE glue (wasm/portable/client.js), which defines createCxjf and
// carries the wasm inside itself as base64; wasmInside tells cxjf.js not to download cxjf-engine.wasm.
export default function createEmbeddedCxjf(settings) {
  return globalThis.createCxjf(settings);
}
createEmbeddedCxjf.wasmInside = true;
