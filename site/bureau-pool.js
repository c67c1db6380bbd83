// A pool of bureau-worker.js workers (navigator.hardwareConcurrency of them, 1 to 8): files go out in small batches,
// each worker kept two batches ahead so it never waits for the page; results come back a batch at a time.
//
//   const pool = createPool({ size: 4 });
//   const job = pool.check(items, options, (pairs) => …);   // items: [{ key, blob, start?, end? }]; pairs: [[item,
//                                                           // { key, transport } | { key, failure }], …] per batch
//   job.cancel();  await job.done;                  // (several jobs may run at once: they share the workers)
//   await pool.unzip(blob, (piece) => …, maxBytes);  await pool.xlsx(sheets);
export function poolSize(asked) {
  const n = Number.isInteger(asked) && asked > 0 ? asked : (globalThis.navigator?.hardwareConcurrency || 1);
  return Math.max(1, Math.min(8, n));
}

// A Blob's bytes, read as a stream: null as soon as there are more than maxBytes.
async function readCapped(blob, maxBytes) {
  const reader = blob.stream().getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  if (parts.length === 1 && parts[0].byteOffset === 0 && parts[0].byteLength === parts[0].buffer.byteLength) return parts[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

export function createPool({ size = poolSize(), url = new URL('./bureau-worker.js', import.meta.url) } = {}) {
  const workers = [];
  const active = new Set();  // the pump() of every check job with files left: called whenever a worker frees up
  let nextId = 1;
  let failure = null;
  const pumpAll = () => { for (const pump of [...active]) pump(); };

  function start() {
    const worker = new Worker(url, { type: 'module' });
    const slot = { worker, pending: new Map(), busy: 0 };
    worker.onmessage = ({ data }) => {
      const request = slot.pending.get(data?.id);
      if (!request) return;
      if (data.partial !== undefined) {  // a piece of a longer answer (unzip)
        request.onPartial?.(data.partial);
        return;
      }
      slot.pending.delete(data.id);
      if (data.ok) request.resolve(data.result);
      else request.reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failure = new Error(`bureau worker failed: ${event.message || 'the worker script could not be loaded'}`);
      for (const request of slot.pending.values()) request.reject(failure);
      slot.pending.clear();
    };
    workers.push(slot);
    return slot;
  }
  for (let i = 0; i < size; i += 1) start();

  function send(slot, message, onPartial, transfer = []) {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      slot.pending.set(id, { resolve, reject, onPartial });
      slot.worker.postMessage({ id, ...message }, transfer);
    });
  }
  const leastBusy = () => workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  async function once(message, onPartial) {
    const slot = leastBusy();
    slot.busy += 1;
    try {
      return await send(slot, message, onPartial);
    } finally {
      slot.busy -= 1;
      pumpAll();
    }
  }

  // The files of one batch as the worker gets them, with what to transfer. A whole file (a File) is read here, as
  // a stream, and its bytes handed over: Chromium makes the first touch of a File from a file chooser — its size, a
  // Blob made of it, posting it — wait for the disk's answer (~0.3 ms each, on the page's thread), a stream does
  // not. Reading stops past maxBytes (the worker reports the file as too large, J-SIZE, as the CLI does). A file of
  // an archive (start, end: a range of one of its pieces) goes as it is: the worker reads each piece once.
  async function pack(files, maxBytes) {
    const transfer = [];
    const out = await Promise.all(files.map(async ({ key, blob, start, end }) => {
      if (start !== undefined) return { key, blob, start, end };
      try {
        const bytes = await readCapped(blob, maxBytes);
        if (!bytes) return { key, tooLarge: blob.size };
        transfer.push(bytes.buffer);
        return { key, bytes };
      } catch (error) {
        return { key, readError: error?.message ?? String(error) };
      }
    }));
    return { files: out, transfer };
  }

  // Checks items in the pool; onReplies([[item, reply], …]) for each batch of files, in the order batches finish.
  // options.maxBytes (the engine's limit: engine.limits().maxBytes) is where reading a file stops. Batches start
  // small (the first rows show at once) and grow to `batch` files (fewer messages for a big batch).
  function check(items, options, onReplies, { batch = 24, ahead = 2 } = {}) {
    if (!Number.isSafeInteger(options.maxBytes)) throw new TypeError('pool.check: options.maxBytes (the engine\'s limit) is required');
    const queue = items.slice();
    let cancelled = false;
    let sent = 0;
    let finish;
    const done = new Promise((resolve, reject) => { finish = { resolve, reject }; });
    let running = 0;

    function pump() {
      if (cancelled) return;
      for (const slot of workers) {
        while (slot.busy < ahead && queue.length) {
          const n = Math.min(queue.length, sent < workers.length * 2 ? 2 : sent < 200 ? 8 : batch);
          const files = queue.splice(0, n);
          sent += n;
          slot.busy += 1;
          running += 1;
          pack(files, options.maxBytes).then(({ files: packed, transfer }) => (cancelled ? []
            : send(slot, { op: 'check', files: packed, options }, undefined, transfer))).then((replies) => {
            if (cancelled) return;
            onReplies(replies.map((reply, i) => [files[i], reply]));
          }, (error) => {
            if (!cancelled) { cancelled = true; finish.reject(error); }
          }).finally(() => {
            slot.busy -= 1;
            running -= 1;
            pumpAll();
            if (!cancelled && running === 0 && queue.length === 0) finish.resolve();
          });
        }
      }
      if (!queue.length) active.delete(pump);
    }
    if (!queue.length) finish.resolve();
    else {
      active.add(pump);
      pump();
    }
    return {
      done,
      cancel() {
        cancelled = true;
        queue.length = 0;
        active.delete(pump);
        finish.resolve();
      },
    };
  }

  return {
    size,
    // onPartial(piece) for each piece of the archive (bureau-worker.js); resolves when all are sent.
    unzip: (blob, onPartial, maxBytes) => once({ op: 'unzip', blob, maxBytes }, onPartial),
    xlsx: (sheets) => once({ op: 'xlsx', sheets }),
    // Every worker loads its engine now rather than with its first files; module: the page's compiled engine, so
    // that the workers share its code instead of each compiling (and optimising) the wasm again.
    warm: (module) => Promise.all(workers.map((slot) => send(slot, { op: 'ready', module }))),
    check,
    terminate() {
      for (const slot of workers) slot.worker.terminate();
    },
  };
}
