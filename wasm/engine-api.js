// The engine's JavaScript face, one wasm instance, plain objects in and out: the same for the enterprise engine
// (cxjf.js → cxjf-engine.wasm) and the bureau's (cxjf-bureau.js → cxjf-bureau-engine.wasm), which adds the
// batch above the files (createBatch, sortPaths) and the results its workers carry to it (checkFinishTransport).
import { fromBase64url, toBase64url } from './base64url.js';

// A failure of the wasm instance itself (a trap or an abort): the instance must not be used again.
export class EngineError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'EngineError';
  }
}

// The browser's way to the wasm: one download, compiled while it streams in when the server labels it
// application/wasm, and from an ArrayBuffer when it does not (many static hosts send .wasm as
// application/octet-stream). The 3.1.6 glue falls back too, but only after two console warnings and a second
// download of the whole file (tests/js/hosting.test.mjs serves it with the wrong type).
function wasmLoader(url, fail) {
  return (imports, receiveInstance) => {
    (async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
      const wasmType = /^application\/wasm\s*(;|$)/i.test(response.headers.get('Content-Type') ?? '');
      const { instance, module } = wasmType && typeof WebAssembly.instantiateStreaming === 'function'
        ? await WebAssembly.instantiateStreaming(response, imports)
        : await WebAssembly.instantiate(await response.arrayBuffer(), imports);
      receiveInstance(instance, module);
    })().catch(fail);
    return {};  // the exports arrive later, through receiveInstance
  };
}

// create: the Emscripten factory; wasmFile: its .wasm's name; base: the URL the .wasm is found beside.
// wasmModule: a WebAssembly.Module already compiled (engine.module of another instance, posted to a worker): the
// instances share its code — compiled once, and the optimised code one instance's work makes serves them all.
export async function instantiate(create, wasmFile, base, { wasmBinary, locateFile, wasmModule } = {}) {
  const settings = {};
  let fail;
  const failed = new Promise((resolve, reject) => { fail = reject; });
  let compiled = wasmModule ?? null;
  if (wasmModule) {
    settings.instantiateWasm = (imports, receiveInstance) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule)).catch(fail);
      return {};
    };
  } else if (wasmBinary) {
    settings.wasmBinary = wasmBinary;
  } else if (typeof fetch === 'function' && !create.wasmInside) {  // wasmInside: the portable page's glue
    const url = locateFile ? locateFile(wasmFile, '') : new URL(wasmFile, base).href;
    const load = wasmLoader(url, fail);
    settings.instantiateWasm = (imports, receiveInstance) => load(imports, (instance, module) => {
      compiled = module;
      receiveInstance(instance, module);
    });
  }
  if (locateFile) settings.locateFile = locateFile;
  const mod = await Promise.race([create(settings), failed]);
  return wrapEngine(mod, compiled);
}

// module: the WebAssembly.Module the instance was made from, when known (shared with workers: engine.module).
export function wrapEngine(mod, module = null) {
  let broken = null;

  // Every binding returns text and catches every C++ exception itself; what still throws is the instance failing.
  function call(fn, ...args) {
    if (broken) throw broken;
    try {
      return mod[fn](...args);
    } catch (e) {
      broken = new EngineError(`cxjf engine failed in ${fn}(): ${e?.message ?? e}`, { cause: e });
      throw broken;
    }
  }

  // A binding that is not check() answers with an X-INTERNAL result only when something went wrong inside.
  function internalError(text) {
    if (!text.startsWith('{"status":')) return null;
    const issue = JSON.parse(text).issues?.[0];
    return new Error(issue?.message_en ?? text);
  }

  // The batch bindings answer with their JSON, or {"error": …} when the input was refused.
  function answer(reply) {
    const value = JSON.parse(reply);
    if (value && !Array.isArray(value) && typeof value.error === 'string' && Object.keys(value).length === 1) {
      throw new Error(value.error);
    }
    return value;
  }
  const bytes = (reply) => {
    if (typeof reply === 'string') throw new Error(JSON.parse(reply).error);
    return reply;
  };
  function call2(object, fn, ...args) {
    if (broken) throw broken;
    try {
      return object[fn](...args);
    } catch (e) {
      broken = new EngineError(`cxjf engine failed in Batch.${fn}(): ${e?.message ?? e}`, { cause: e });
      throw broken;
    }
  }

  // Calls `${fn}` with a string, or `${fn}Bytes` with the bytes of a Uint8Array, ArrayBuffer or view.
  function withInput(fn, input, options) {
    const optionsJson = options == null ? '' : JSON.stringify(options);
    if (typeof input === 'string') return call(fn, input, optionsJson);
    if (input instanceof Uint8Array) return call(`${fn}Bytes`, input, optionsJson);
    if (input instanceof ArrayBuffer) return call(`${fn}Bytes`, new Uint8Array(input), optionsJson);
    if (ArrayBuffer.isView(input)) {
      return call(`${fn}Bytes`, new Uint8Array(input.buffer, input.byteOffset, input.byteLength), optionsJson);
    }
    throw new TypeError(`${fn}() expects a string, a Uint8Array or an ArrayBuffer`);
  }

  // A Uint8Array for the bindings that take bytes only (an ArrayBuffer or any view is wrapped, not copied).
  function asBytes(fn, input) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (typeof input === 'string') return new TextEncoder().encode(input);
    throw new TypeError(`${fn}() expects a Uint8Array, an ArrayBuffer or a string`);
  }

  // The signing bindings answer with their own object, or with an X-INTERNAL check result when they failed.
  function signingReply(fn, text, expectedKey) {
    const reply = JSON.parse(text);
    if (!(expectedKey in reply)) throw new Error(`${fn}(): ${reply.issues?.[0]?.message_en ?? text}`);
    return reply;
  }

  return {
    module,

    version() {
      const text = call('version');
      const failure = internalError(text);
      if (failure) throw failure;
      return JSON.parse(text);
    },

    // input: the file as bytes (Uint8Array, ArrayBuffer, any ArrayBuffer view) or as a string.
    // Bytes are checked exactly as given (a BOM or invalid UTF-8 is reported); a string is UTF-8 encoded first.
    // options: { checkDate: 'YYYY-MM-DD', maxBytes, maxDepth, maxStringBytes, maxItems, maxMs, scores: 'none'|'summary'|'full', sheet: 'zh'|'en' };
    // bad options give an X-INTERNAL result.
    check(input, options = {}) {
      return JSON.parse(withInput('check', input, options));
    },

    // The pre-scores of one filing in full: { status, profiles: [{ profile, score, max, indicators: [{ …, hint }],
    // conditions, routes, label? }] }. The estimate's result carries label 非官方估算 / unofficial estimate.
    // An unreadable file gives { status: 'unreadable', issues } (the check result) instead.
    score(input, options = {}) {
      return JSON.parse(withInput('score', input, options));
    },

    // inputs: [{ section: 'C', stage: 'growth', score: 71.5 }, …] → [{ group, groupSize, percentile, overallSize,
    // overallPercentile }, …] in the same order (percentile: share of the group scoring below, ties counted half).
    percentiles(inputs) {
      const text = call('percentiles', JSON.stringify(inputs));
      const failure = internalError(text);
      if (failure) throw failure;
      return JSON.parse(text);
    },

    // RFC 8785 (JCS) canonical text of a JSON text, read strictly (I-JSON):
    // { canonical: '{"a":1,"b":[true]}' } or { error: 'J-DUPLICATE-KEY …' }.
    canonicalize(text) {
      if (typeof text !== 'string') throw new TypeError('canonicalize() expects a string');
      const reply = call('canonicalize', text);
      const failure = internalError(reply);
      if (failure) throw failure;
      const { canonical, error } = JSON.parse(reply);  // the binding answers {"canonical": …} or {"error": …}
      return error === undefined ? { canonical } : { error };
    },

    // fileBytes: a bare filing (or an envelope being re-signed); input: { publicKey: Uint8Array(32) or base64url,
    // alg: 'Ed25519', checkDate?: 'YYYY-MM-DD', signedAt?, checkedAt? }.
    // → { signable, result, signedBytes: Uint8Array, digest: sha256 hex, envelope: text with an empty signature }
    // (signedBytes, digest and envelope only when signable: no error and every warning explained).
    prepareEnvelope(fileBytes, input) {
      const publicKey = typeof input?.publicKey === 'string' ? input.publicKey : toBase64url(asBytes('prepareEnvelope', input?.publicKey));
      const request = { alg: 'Ed25519', ...input, publicKey };
      const reply = signingReply('prepareEnvelope', call('prepareEnvelope', asBytes('prepareEnvelope', fileBytes),
                                                          JSON.stringify(request)), 'signable');
      if (reply.signable) reply.signedBytes = fromBase64url(reply.signedBytes);
      return reply;
    },

    // The envelope text from prepareEnvelope() with the signature (Uint8Array(64) or base64url) filled in.
    completeEnvelope(envelope, signature) {
      const value = typeof signature === 'string' ? signature : toBase64url(asBytes('completeEnvelope', signature));
      const text = call('completeEnvelope', String(envelope), value);
      const failure = internalError(text);
      if (failure) throw failure;
      return text;
    },

    // What a verifier needs of a file: { status: 'absent'|'invalid'|'unverified', alg, keyId, signedAt, digest,
    // result } and, when 'unverified' (structure, encodings and key ID are right), publicKey, value (the
    // signature) and signedBytes as Uint8Arrays: the caller verifies the signature and only then calls it valid.
    signatureData(fileBytes, options = {}) {
      const optionsJson = options == null ? '' : JSON.stringify(options);
      const reply = signingReply('signatureData', call('signatureData', asBytes('signatureData', fileBytes), optionsJson), 'result');
      if (reply.status === 'unverified') {
        for (const key of ['publicKey', 'value', 'signedBytes']) reply[key] = fromBase64url(reply[key]);
      }
      return reply;
    },

    // A file the page could not hand to the engine, failure { kind: 'io'|'tooLarge'|'timeUp'|'internal', detail?,
    // bytes? } → its result, the CLI's for the same failure; options: the check's (their limits).
    unreadable(failure, options = {}) {
      return JSON.parse(call('unreadable', JSON.stringify(failure), JSON.stringify(options ?? {})));
    },

    // 'XXXX-XXXX-XXXX-XXXX': the first 16 hex digits of SHA-256 of the raw public key (Uint8Array or base64url).
    keyId(publicKey) {
      const text = call('keyId', typeof publicKey === 'string' ? publicKey : toBase64url(asBytes('keyId', publicKey)));
      const failure = internalError(text);
      if (failure) throw failure;
      return text;
    },

    // name: e.g. 'filing.schema.json', 'messages.zh.json', 'rules.json'.
    form(name) {
      const text = call('form', String(name));
      if (text === '') throw new Error(`no form file named '${name}'`);
      const failure = internalError(text);
      if (failure) throw failure;
      return text;
    },

    // The default limits per file, the CLI's too: { maxBytes, maxDepth, maxStringBytes, maxItems, maxMs }.
    limits() {
      return JSON.parse(call('limits'));
    },

    // The batch-upload sheet's columns: [{ key, zh, en, number }]; check(input, { sheet: 'zh' }).sheet is a row.
    sheetColumns() {
      const text = call('sheetColumns');
      const failure = internalError(text);
      if (failure) throw failure;
      return JSON.parse(text);
    },

    // Bureau engine only. Verification in two steps, the checked result kept in the engine meanwhile: the file
    // checked and a well-formed signature handed out → { id, verify: null | { alg, publicKey, value, signedBytes }
    // (Uint8Arrays) }; then checkFinishTransport(id, verdict) with the page's verdict ('valid', 'invalid', or ''
    // when none could be had), applied as the engine applies its own verifier's → a result to carry to the batch.
    // (The enterprise engine: signatureData(), then check(bytes, { verdict }).)
    checkStart(fileBytes, options = {}) {
      const text = call('checkStart', asBytes('checkStart', fileBytes), JSON.stringify(options ?? {}));
      const failure = internalError(text);
      if (failure) throw failure;
      const reply = JSON.parse(text);
      if (reply.verify) for (const key of ['publicKey', 'value', 'signedBytes']) reply.verify[key] = fromBase64url(reply.verify[key]);
      return reply;
    },
    checkFinishTransport(id, verdict) {
      const text = call('checkFinishTransport', id, verdict);
      if (text.startsWith('{"error":')) throw new Error(JSON.parse(text).error);
      return text;
    },

    // Bureau engine only: the indexes of '/'-separated paths in the order `cxjf check DIR` reads them.
    sortPaths(paths) {
      return answer(call('sortPaths', JSON.stringify(paths)));
    },

    // Bureau engine only: unreadable() as a transport for createBatch().set.
    unreadableTransport(failure, options = {}) {
      const text = call('unreadableTransport', JSON.stringify(failure), JSON.stringify(options ?? {}));
      if (text.startsWith('{"error":')) throw new Error(JSON.parse(text).error);
      return text;
    },

    // Bureau engine only: the check character of a USCC's first 17 characters (GB 32100) and of an organisation
    // code's first 8 (GB 11714); '' when a character is outside the code's set.
    usccCheckChar: (first17) => call('usccCheckChar', String(first17)),
    orgCodeCheckChar: (first8) => call('orgCodeCheckChar', String(first8)),

    // Bureau engine only: the size class R-SCALE derives from { industryCode, employees, revenue, mainBusinessRevenue,
    // totalAssets } (元, persons): 'large' | 'medium' | 'small' | 'micro', '' for an industry no category matches.
    scaleOf(figures) {
      return answer(call('scaleOf', JSON.stringify(figures)));
    },

    // Bureau engine only: the batch above the files (cxjf::Batch), in one language ('zh' | 'en').
    createBatch(lang) {
      const batch = new mod.Batch(lang);
      const use = (fn, ...args) => call2(batch, fn, ...args);
      return {
        set: (index, name, transport) => answer(use('set', index, name, transport)),
        row: (index) => answer(use('row', index)),
        summary: () => answer(use('summary')),
        resize: (size) => use('resize', size),
        setRegistry: (text) => { const t = use('setRegistry', text ?? ''); if (t) throw new Error(JSON.parse(t).error); },
        registry: () => use('registry'),
        acceptKey: (uscc, keyId) => { const t = use('acceptKey', uscc, keyId); if (t) throw new Error(JSON.parse(t).error); },
        addBatchKeys: () => answer(use('addBatchKeys')),
        fileView: (index) => answer(use('fileView', index)),
        derived: () => answer(use('derived')),
        sheetCsv: () => bytes(use('sheetCsv')),
        findingsCsv: () => bytes(use('findingsCsv')),
        sheetTable: () => answer(use('sheetTable')),
        findingsTable: () => answer(use('findingsTable')),
        delete: () => batch.delete(),
      };
    },
  };
}
