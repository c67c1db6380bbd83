// The enterprise engine as a small ES module: one wasm instance, plain objects in and out (engine-api.js).
//
//   import { loadEngine } from './cxjf.js';
//   const engine = await loadEngine();                       // browser: fetches cxjf-engine.wasm next to this file
//                                                            // (any Content-Type)
//   const engine = await loadEngine({ wasmBinary: bytes });  // Node: hand in the bytes of cxjf-engine.wasm
//   engine.version();                                        // { engine: 'cxjf 0.1.0', ruleset: '2025.1' }
//   engine.check(fileBytes, { checkDate: '2025-06-30' });    // { status, counts, issues: [...], ... } (DESIGN §6)
//   engine.form('messages.zh.json');                         // the text of a compiled-in form file
//   engine.prepareEnvelope(fileBytes, { publicKey });        // { signable, result, signedBytes, digest, envelope }
//   engine.completeEnvelope(envelope, signature);            // the signed file's text
//   engine.signatureData(fileBytes); engine.check(fileBytes, { verdict });   // verification in two steps
import createCxjf from './cxjf-engine.js';
import { instantiate } from './engine-api.js';

export { EngineError } from './engine-api.js';

export const loadEngine = (options) => instantiate(createCxjf, 'cxjf-engine.wasm', import.meta.url, options);
