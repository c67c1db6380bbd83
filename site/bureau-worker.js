// One worker of the bureau page's pool: hosts the bureau's engine (cxjf-bureau.js) and checks files in two steps —
// checkStart() (read, schema, rules, scores, the sheet row in both languages), the signature verified here
// (verifier.js: WebCrypto Ed25519, the @noble fallback, SM2-SM3), checkFinishTransport() with the verdict — and
// sends each file's result as the engine's transport for the page's batch (createBatch().set). It makes no finding
// and no verdict of its own. Also unzips archives (fflate, loaded on the first one) and writes the XLSX, so the page
// never does heavy work itself.
//
//   request  { id, op, … }   reply  { id, ok: true, result }  or  { id, ok: false, error }
//   op 'check'    files (below), options: { checkDate, maxBytes, maxMs? } → [{ key, transport } | { key, failure }] in the
//                 same order; failure { kind: 'internal', detail } only when the engine itself failed (the page's
//                 engine makes its result)
//   op 'unzip'    blob, maxBytes → partial replies { id, partial } as the archive is read: first
//                 { count, skipped: [path] (not *.json), tooLarge: [{ path, size }], problems: [{ path, error }] },
//                 then { pieces: [{ blob, files: [{ path, start, end }] }] } as files are unpacked (one Blob per
//                 piece of PIECE files: a file is the bytes start…end of its piece); { files: count } at the end
//   A file to check is { key, bytes } (read by the page), { key, blob, start, end } (a file in a piece of an
//   archive), { key, blob }, { key, tooLarge: size } or { key, readError }.
//   op 'xlsx'     sheets (bureau-xlsx.js: the engine's tables) → a Blob of the workbook
//   op 'ready'    module?: the page's compiled engine (WebAssembly.Module) → the engine loaded from it → true
import { EngineError, loadEngine } from './cxjf-bureau.js';
import { verdictOf } from './verifier.js';
import { isJsonName } from './bureau-files.js';

const MAX_ZIP_TOTAL = 2 ** 31;       // all entries of one archive together, once unpacked

let engine = null;
let shared = null;  // the page's compiled module ('ready'): its code, compiled once, serves every worker

function ready() {
  engine ??= loadEngine(shared ? { wasmModule: shared } : undefined).catch((error) => {
    engine = null;
    throw error;
  });
  return engine;
}

// A file's bytes: the whole Blob (a File), or its part of a piece of an archive (each piece read once per batch:
// `pieces` maps a piece to the promise of its bytes).
function bytesOf({ bytes, blob, start, end }, pieces) {
  if (bytes) return Promise.resolve(bytes);
  if (start === undefined) return blob.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  if (!pieces.has(blob)) pieces.set(blob, blob.arrayBuffer());
  return pieces.get(blob).then((buffer) => new Uint8Array(buffer, start, end - start));
}

// A file's first step: the engine's pending check and the verdict being made → { key, finish() }.
async function start(e, file, options, pieces) {
  const { key } = file;
  const limits = { maxBytes: options.maxBytes };
  // A file that never reaches checkStart gets the engine's result for its failure (Engine::unreadable, as the CLI).
  const unreadable = (failure) => ({ key, finish: () => e.unreadableTransport(failure, limits) });
  if (file.readError !== undefined) return unreadable({ kind: 'io', detail: file.readError });
  if (file.tooLarge !== undefined) return unreadable({ kind: 'tooLarge', bytes: file.tooLarge });
  let bytes;
  try {
    bytes = await bytesOf(file, pieces);
  } catch (error) {
    return unreadable({ kind: 'io', detail: error?.message ?? String(error) });
  }
  const { id, verify } = e.checkStart(bytes, { checkDate: options.checkDate, scores: 'summary', sheet: 'both', maxBytes: options.maxBytes,
                                               ...(options.maxMs === undefined ? {} : { maxMs: options.maxMs }) });
  const verdict = verdictOf(verify);
  return { key, finish: async () => e.checkFinishTransport(id, await verdict) };
}

// Started together: the engine checks one file after the other while the verifications overlap with it.
async function check(files, options) {
  const e = await ready();
  const pieces = new Map();
  const started = [];
  try {
    for (const file of files) started.push(await start(e, file, options, pieces));
    const out = [];
    for (const { key, finish } of started) out.push({ key, transport: await finish() });
    return out;
  } catch (error) {
    if (error instanceof EngineError) engine = null;  // a failed instance is replaced for the next files
    // The engine itself failed: the page's engine gives these files their result.
    const detail = error?.message ?? String(error);
    return files.map(({ key }) => ({ key, failure: { kind: 'internal', detail } }));
  }
}

// Names in archives made on Chinese Windows are GBK without the UTF-8 flag; fflate then reads them as Latin-1.
function archiveName(name) {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  for (const encoding of ['utf-8', 'gbk']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch { /* next */ }
  }
  return name;
}

// The archive's *.json files in pieces of PIECE files, each piece one Blob (a Blob per file would cost the page an
// IPC round each), sent in groups (the first small, so the first rows show at once): checking starts while the
// rest is still being unpacked.
const PIECE = 24;
async function unzip(blob, maxBytes, send) {
  const { unzipSync } = await import('./vendor/fflate/browser.js');
  const data = new Uint8Array(await blob.arrayBuffer());
  const wanted = [];
  const head = { count: 0, skipped: [], tooLarge: [], problems: [] };
  let total = 0;
  unzipSync(data, {
    filter(file) {  // the central directory only: nothing is inflated here
      const path = archiveName(file.name);
      if (file.name.endsWith('/')) return false;
      if (!isJsonName(path) || /(^|\/)__MACOSX\//.test(path)) head.skipped.push(path);
      else if (file.originalSize > maxBytes) head.tooLarge.push({ path, size: file.originalSize });
      else if (file.compression !== 0 && file.compression !== 8) {
        head.problems.push({ path, error: `compression method ${file.compression} is not supported` });
      } else {
        total += file.originalSize;
        if (total > MAX_ZIP_TOTAL) throw new Error('the archive unpacks to more than 2 GiB');
        wanted.push(file.name);
      }
      return false;
    },
  });
  head.count = wanted.length;
  send(head);
  for (let at = 0, size = 2 * PIECE; at < wanted.length; at += size, size = 40 * PIECE) {
    const names = wanted.slice(at, at + size);
    const pick = new Set(names);
    const files = unzipSync(data, { filter: (file) => pick.has(file.name) });
    const pieces = [];
    for (let p = 0; p < names.length; p += PIECE) {
      const parts = [];
      const out = [];
      let offset = 0;
      for (const name of names.slice(p, p + PIECE)) {
        const bytes = files[name];
        if (!bytes) continue;  // a name twice in the archive: unpacked once
        delete files[name];
        parts.push(bytes);
        out.push({ path: archiveName(name), start: offset, end: offset + bytes.length });
        offset += bytes.length;
      }
      if (out.length) pieces.push({ blob: new Blob(parts, { type: 'application/json' }), files: out });
    }
    send({ pieces });
    // Let the check requests queued behind this archive run (a pool of one worker would otherwise check nothing
    // until the whole archive is unpacked).
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { files: wanted.length };
}

async function run(data) {
  switch (data.op) {
    case 'check': return check(data.files, data.options);
    case 'unzip': return unzip(data.blob, data.maxBytes, (partial) => self.postMessage({ id: data.id, partial }));
    case 'xlsx': {
      const { buildXlsx } = await import('./bureau-xlsx.js');
      return new Blob([buildXlsx(data.sheets)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    }
    case 'ready':
      if (data.module instanceof WebAssembly.Module && !engine) shared = data.module;
      return Boolean(await ready());
    default: throw new Error(`unknown op '${data.op}'`);
  }
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ id: data?.id, ok: true, result: await run(data ?? {}) });
  } catch (error) {
    self.postMessage({ id: data?.id, ok: false, error: String(error?.message ?? error) });
  }
};
