// One worker of the bureau page's pool: hosts the engine (cxjf.js) and reads files as the check page does — the
// engine's signatureData() for the check, the sheet row and the signature's parts, then the signature verified
// with signing.js (WebCrypto Ed25519, the @noble fallback) through signer.js's readFile(), the check page's code.
// Also unzips archives (fflate, loaded on the first one), so the page never does heavy work itself.
//
//   request  { id, op, … }   reply  { id, ok: true, result }  or  { id, ok: false, error }
//   op 'info'          → { version, columns: engine.sheetColumns(), labels: sheet.json's labels, terms: { zh, en } }
//   op 'check'         files (below), options: { checkDate, sheet: 'zh'|'en', maxBytes? }
//                      → [{ key, result, signature, ms }] in the same order; result is the engine's file object
//                      (DESIGN §6, with `sheet`), after the page-side verification; ms the time for the file
//   op 'percentiles'   inputs → engine.percentiles(inputs)
//   op 'unzip'         blob, maxBytes → partial replies { id, partial } as the archive is read: first
//                      { count, skipped: [path] (not *.json), tooLarge: [{ path, size }], problems: [{ path, error }] },
//                      then { pieces: [{ blob, files: [{ path, start, end }] }] } as files are unpacked (one Blob per
//                      piece of PIECE files: a file is the bytes start…end of its piece); { files: count } at the end
//   A file to check is { key, bytes } (read by the page), { key, blob, start, end } (a file in a piece of an
//   archive), { key, blob }, { key, tooLarge: size } or { key, readError }.
//   op 'xlsx'          sheets (bureau-xlsx.js) → a Blob of the workbook
//   op 'ready'         loads the engine → true
import { EngineError, loadEngine } from './cxjf-bureau.js';  // the bureau's engine: built for speed, with the sheet
import { readFile } from './signer.js';
import { isJsonName, unreadableResult } from './bureau-model.js';

const MAX_ZIP_TOTAL = 2 ** 31;       // all entries of one archive together, once unpacked

let engine = null;
let terms = null;
let limits = null;  // the engine's default limits per file (the CLI's): { maxBytes, … }

async function ready() {
  engine ??= loadEngine().then((e) => {
    terms = { zh: JSON.parse(e.form('messages.zh.json')), en: JSON.parse(e.form('messages.en.json')) };
    limits = e.limits();
    return e;
  }).catch((error) => {
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

async function checkOne(e, file, options, pieces) {
  const { key } = file;
  const start = performance.now();
  const maxBytes = options.maxBytes ?? limits.maxBytes;
  const done = (result, signature = { status: 'absent' }) => ({ key, result, signature, ms: performance.now() - start });
  if (file.readError !== undefined) return done(unreadableResult(terms, 'F-IO', [['detail', file.readError]]));
  const size = file.tooLarge ?? (file.bytes ? file.bytes.length : file.start === undefined ? file.blob.size : file.end - file.start);
  if (size > maxBytes) return done(unreadableResult(terms, 'J-SIZE', [['bytes', size], ['limit', maxBytes]]));
  let bytes;
  try {
    bytes = await bytesOf(file, pieces);
  } catch (error) {
    return done(unreadableResult(terms, 'F-IO', [['detail', error?.message ?? String(error)]]));
  }
  const checkOptions = { checkDate: options.checkDate, scores: 'summary', sheet: options.sheet, maxBytes };
  try {
    const { result, signature } = await readFile({ signatureData: async (input) => e.signatureData(input, checkOptions) },
                                                  bytes, terms);
    return done(result, signature);
  } catch (error) {
    if (error instanceof EngineError) engine = null;  // a failed instance is replaced for the next batch
    return done(unreadableResult(terms, 'X-INTERNAL', [['detail', error?.message ?? String(error)]]));
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
    case 'info': {
      const e = await ready();
      return { version: e.version(), columns: e.sheetColumns(), labels: JSON.parse(e.form('sheet.json')).labels ?? {}, terms,
               limits };
    }
    case 'check': {
      const e = await ready();
      // Started together: the engine runs one file after the other, the verifications overlap with it.
      const pieces = new Map();
      return Promise.all(data.files.map((file) => checkOne(e, file, data.options, pieces)));
    }
    case 'percentiles': return (await ready()).percentiles(data.inputs);
    case 'unzip': {
      await ready();
      return unzip(data.blob, data.maxBytes ?? limits.maxBytes, (partial) => self.postMessage({ id: data.id, partial }));
    }
    case 'xlsx': {
      const { buildXlsx } = await import('./bureau-xlsx.js');
      return new Blob([buildXlsx(data.sheets)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    }
    case 'ready': return Boolean(await ready());
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
