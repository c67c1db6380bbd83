// A module Web Worker hosting the engine, so that checking never blocks the page.
//   request  { id, op, input, options, name }, op one of
//              'check' | 'score' (input: file, options: check options) · 'percentiles' (input) · 'version' ·
//              'form' (name) · 'canonicalize' (input: text) · 'prepareEnvelope' (input: file, options: signing input) ·
//              'completeEnvelope' (input: envelope text, options: signature) · 'signatureData' (input: file,
//              options) · 'keyId' (input: public key) · 'unreadable' (input: { kind, detail, bytes }, options:
//              check options)
//   reply    { id, ok: true, result, ms }  or  { id, ok: false, error }   (error: a message string; ms: the time the
//            engine call took inside the worker, for bench/form-latency.mjs)
import { EngineError, loadEngine } from './cxjf.js';

let engine = null;  // a promise of the engine, made on the first request

function getEngine() {
  engine ??= loadEngine().catch((e) => {
    engine = null;  // let a later request try again
    throw e;
  });
  return engine;
}

function run(e, { op, input, options, name }) {
  switch (op) {
    case 'check': return e.check(input, options);
    case 'score': return e.score(input, options);
    case 'percentiles': return e.percentiles(input);
    case 'version': return e.version();
    case 'form': return e.form(name);
    case 'canonicalize': return e.canonicalize(input);
    case 'prepareEnvelope': return e.prepareEnvelope(input, options);
    case 'completeEnvelope': return e.completeEnvelope(input, options);
    case 'signatureData': return e.signatureData(input, options);
    case 'keyId': return e.keyId(input);
    case 'unreadable': return e.unreadable(input, options);
    default: throw new Error(`unknown op '${op}'`);
  }
}

self.onmessage = async ({ data }) => {
  const id = data?.id;
  try {
    const e = await getEngine();
    const start = performance.now();
    const result = run(e, data ?? {});
    self.postMessage({ id, ok: true, result, ms: performance.now() - start });
  } catch (e) {
    if (e instanceof EngineError) engine = null;  // a failed instance is replaced by a fresh one
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
};
