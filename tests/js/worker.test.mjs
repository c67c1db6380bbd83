// wasm/client.js talking to wasm/worker.js as the page does, with a minimal Web Worker made of a Node
// worker thread. Inside it the engine loads the browser's way (fetch of cxjf-engine.wasm next to the module,
// streaming compilation, or the ArrayBuffer fallback when the server sends a wrong MIME type).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker as ThreadWorker } from 'node:worker_threads';

import { CHECK_DATE, fixturesDir, siteUrl } from './support.mjs';

// Runs in the thread: the globals a module worker has (self, postMessage, onmessage, importScripts, location),
// and fetch() serving file: URLs from disk with the Content-Type chosen by the test.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const { fileURLToPath } = require('node:url');
globalThis.self = globalThis;
self.location = { href: workerData.url };
self.importScripts = () => { throw new Error('not in a module worker'); };
self.postMessage = (message) => parentPort.postMessage(message);
self.fetch = async (url) =>
  new Response(await readFile(fileURLToPath(String(url))), { headers: { 'Content-Type': workerData.wasmMime } });
const queue = [];
parentPort.on('message', (data) => (self.onmessage ? self.onmessage({ data }) : queue.push(data)));
import(workerData.url).then(() => { for (const data of queue.splice(0)) self.onmessage({ data }); });
`;

const workers = [];
after(() => Promise.all(workers.map((w) => w.terminate())));

function installWorker(wasmMime) {
  globalThis.Worker = class {
    constructor(url, options) {
      assert.deepEqual(options, { type: 'module' });
      this.thread = new ThreadWorker(BOOTSTRAP, { eval: true, workerData: { url: String(url), wasmMime } });
      this.thread.on('message', (data) => this.onmessage?.({ data }));
      // An error escaping the module (e.g. it cannot be imported) is the worker's 'error' event.
      this.thread.on('error', (e) => this.onerror?.({ message: e.message, preventDefault() {} }));
      workers.push(this.thread);
    }
    postMessage(message, transfer) { this.thread.postMessage(message, transfer); }
    terminate() { return this.thread.terminate(); }
  };
}

const { createClient } = await import(siteUrl('client.js'));
const clean = () => new Uint8Array(readFileSync(path.join(fixturesDir, 'clean.json')));

test('the client checks bytes and strings through the worker', async () => {
  installWorker('application/wasm');
  const cxjf = createClient();
  const [version, ok, bom, text] = await Promise.all([
    cxjf.version(),
    cxjf.check(clean(), { checkDate: CHECK_DATE }),
    cxjf.check(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])),
    cxjf.check('{"a":1,"a":2}'),
  ]);
  assert.equal(version.ruleset, '2025.1');
  assert.equal(ok.status, 'ok');
  assert.deepEqual(bom.issues.map((i) => [i.rule, i.case]), [['J-BOM', 'utf8']]);
  assert.deepEqual(text.issues.map((i) => [i.rule, i.path]), [['J-DUPLICATE-KEY', '/a']]);
  assert.equal(JSON.parse(await cxjf.form('messages.zh.json'))['status.ok'], '通过');
});

test('the signing operations go through the worker: prepare, complete, read back, key ID, canonical text', async () => {
  installWorker('application/wasm');
  const cxjf = createClient();
  const publicKey = new Uint8Array(32).fill(7);
  const prepared = await cxjf.prepareEnvelope(clean(), { publicKey, checkDate: CHECK_DATE, signedAt: '2025-06-20T10:00:00+08:00' });
  assert.equal(prepared.signable, true);
  assert.ok(prepared.signedBytes instanceof Uint8Array, 'signed bytes arrive as bytes');
  const text = await cxjf.completeEnvelope(prepared.envelope, new Uint8Array(64));
  const data = await cxjf.signatureData(new TextEncoder().encode(text), { checkDate: CHECK_DATE });
  assert.equal(data.status, 'unverified', 'well-formed: the signature itself is for the page to verify');
  assert.deepEqual(data.signedBytes, prepared.signedBytes);
  assert.deepEqual(data.publicKey, publicKey);
  assert.equal(data.keyId, await cxjf.keyId(publicKey));
  assert.deepEqual(await cxjf.canonicalize('{"b":1,"a":[2.0]}'), { canonical: '{"a":[2],"b":1}' });
  await assert.rejects(cxjf.completeEnvelope('[]', new Uint8Array(64)), /prepared envelope/);
});

test('a transferred ArrayBuffer is checked and handed over', async () => {
  installWorker('application/wasm');
  const cxjf = createClient();
  const buffer = clean().buffer;
  const r = await cxjf.check(buffer, { checkDate: CHECK_DATE }, [buffer]);
  assert.equal(r.status, 'ok');
  assert.equal(buffer.byteLength, 0);
});

test('failures come back as rejected promises, and the worker keeps serving', async () => {
  installWorker('application/wasm');
  const cxjf = createClient();
  await assert.rejects(cxjf.form('nope.json'), /no form file named 'nope.json'/);
  await assert.rejects(cxjf.check({ not: 'bytes' }), /expects a string, a Uint8Array or an ArrayBuffer/);
  const options = await cxjf.check('{}', { maxDepth: 0 });  // bad options: a finding, not a failure
  assert.deepEqual(options.issues.map((i) => [i.rule, i.case]), [['X-INTERNAL', 'options']]);
  assert.equal((await cxjf.check(clean(), { checkDate: CHECK_DATE })).status, 'ok');
});

test('a wasm served with a wrong MIME type still loads (ArrayBuffer fallback)', async () => {
  installWorker('text/plain');
  const cxjf = createClient();
  assert.equal((await cxjf.check(clean(), { checkDate: CHECK_DATE })).status, 'ok');
});

test('a worker that cannot load rejects what waits and what comes after', async () => {
  installWorker('application/wasm');
  const cxjf = createClient(new URL('./no-such-worker.js', siteUrl('client.js')));
  await assert.rejects(cxjf.version(), /cxjf worker failed/);
  await assert.rejects(cxjf.check('{}'), /cxjf worker failed/);
});
