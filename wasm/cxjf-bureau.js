// The bureau's engine (cxjf-bureau-engine.wasm): built for speed (-O2 throughout), with the batch above the files.
//
//   import { loadEngine } from './cxjf-bureau.js';
//   const engine = await loadEngine();
//   const batch = engine.createBatch('zh');                  // cxjf::Batch: rows, duplicates, registry, exports
//   worker.postMessage({ module: engine.module });           // a worker's loadEngine({ wasmModule }) shares its code
import createCxjf from './cxjf-bureau-engine.js';
import { instantiate } from './engine-api.js';

export { EngineError } from './engine-api.js';

export const loadEngine = (options) => instantiate(createCxjf, 'cxjf-bureau-engine.wasm', import.meta.url, options);
