// A module Web Worker hosting the engine, so that checking never blocks the page.
//   request  { id, op: 'check' | 'score' | 'percentiles' | 'version' | 'form', input, options, name }
//   reply    { id, ok: true, result }  or  { id, ok: false, error }   (error: a message string)
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
    default: throw new Error(`unknown op '${op}'`);
  }
}

self.onmessage = async ({ data }) => {
  const id = data?.id;
  try {
    const result = run(await getEngine(), data ?? {});
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    if (e instanceof EngineError) engine = null;  // a failed instance is replaced by a fresh one
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
};
