// The page's side of wasm/worker.js: one worker, one promise per request.
//
//   import { createClient } from './client.js';
//   const cxjf = createClient();                            // the module worker worker.js beside this file
//   const cxjf = createClient(new URL('./worker.js', …));   // a module worker script at that URL
//   const cxjf = createClient(() => new Worker(blobUrl));   // a function that starts a worker speaking the same
//                                                           // protocol (the portable page: wasm/portable/client.js)
//   const result = await cxjf.check(bytes, { maxBytes });   // the same result object as engine.check()
//   const { engine, ruleset } = await cxjf.version();
//   const prepared = await cxjf.prepareEnvelope(bytes, { publicKey });   // the signing bindings, as in cxjf.js
export function createClient(source = new URL('./worker.js', import.meta.url)) {
  const worker = typeof source === 'function' ? source() : new Worker(source, { type: 'module' });
  const pending = new Map();
  let nextId = 1;
  let failure = null;

  worker.onmessage = ({ data }) => {
    const request = pending.get(data?.id);
    if (!request) return;
    pending.delete(data.id);
    if (data.ok) request.resolve(data.result);
    else request.reject(new Error(data.error));
  };
  // The worker script could not be loaded (or died): fail what is waiting and everything after.
  worker.onerror = (event) => {
    event.preventDefault();
    failure = new Error(`cxjf worker failed: ${event.message || 'the worker script could not be loaded'}`);
    for (const request of pending.values()) request.reject(failure);
    pending.clear();
  };

  function request(message, transfer = []) {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ id, ...message }, transfer);
      } catch (e) {  // e.g. an input that cannot be cloned
        pending.delete(id);
        reject(e);
      }
    });
  }

  return {
    // transfer: e.g. [arrayBuffer] to hand the bytes over instead of copying them (the caller loses them).
    check: (input, options, transfer) => request({ op: 'check', input, options }, transfer),
    score: (input, options, transfer) => request({ op: 'score', input, options }, transfer),
    percentiles: (inputs) => request({ op: 'percentiles', input: inputs }),
    version: () => request({ op: 'version' }),
    form: (name) => request({ op: 'form', name }),
    canonicalize: (text) => request({ op: 'canonicalize', input: text }),
    prepareEnvelope: (input, signingInput) => request({ op: 'prepareEnvelope', input, options: signingInput }),
    completeEnvelope: (envelope, signature) => request({ op: 'completeEnvelope', input: envelope, options: signature }),
    signatureData: (input, options, transfer) => request({ op: 'signatureData', input, options }, transfer),
    keyId: (publicKey) => request({ op: 'keyId', input: publicKey }),
    unreadable: (failure, options) => request({ op: 'unreadable', input: failure, options }),
    terminate: () => worker.terminate(),
  };
}
