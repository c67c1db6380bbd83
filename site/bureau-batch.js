// The bureau page's batch as the engine holds it (cxjf::Batch through cxjf-bureau.js): the files in the order
// `cxjf check DIR` reads their names (engine.sortPaths), each file's result as a worker sent it (the engine's
// transport), and one engine batch for the language shown — the sheet's labels, the reports' words — with the
// bureau's key registry. Another language's batch is made from the same transports when it is asked for (an
// export in the other language): nothing is checked again. Everything the page shows of a file or of the batch —
// status, counts, findings, signature, the registry's verdict, duplicates and the file the sheet uses, peers,
// summary, the sheet's cells — is what these batches answer.
//
//   const files = createBatchFiles(engine, { lang: 'zh', registry: text });
//   files.add([{ key, name }, …]);                 // files as they are given, in any order
//   files.receive(file, transport);                // a worker's result: → the file's row (what a table shows)
//   files.derived();                               // { rows, duplicates, peers, summary, registry }
//   files.withBatch('en', (batch) => batch.sheetCsv());
export function createBatchFiles(engine, { lang, registry = '' }) {
  let files = [];            // { key, name, index, transport }, in batch order
  let live = null;           // { lang, batch } of the language shown; null until made
  let liveLang = lang;
  let keysText = registry;
  let version = 0;           // changes whenever an answer of the batch may have changed

  function make(batchLang) {
    const batch = engine.createBatch(batchLang);
    try {
      if (keysText) batch.setRegistry(keysText);
    } catch {
      keysText = '';  // a registry kept in this browser that the engine now refuses: not applied
    }
    batch.resize(files.length);
    for (const f of files) if (f.transport) batch.set(f.index, f.name, f.transport);
    return batch;
  }

  function liveBatch() {
    if (!live) live = { lang: liveLang, batch: make(liveLang) };
    return live.batch;
  }

  function drop() {
    live?.batch.delete();
    live = null;
  }

  return {
    get size() { return files.length; },
    get version() { return version; },
    get lang() { return liveLang; },
    get keysText() { return keysText; },
    files: () => files,

    // New files: the whole batch in the CLI's order again. When that moves a file already in the batch, the engine's
    // batch is made again from the transports (the next question asked makes it).
    add(list) {
      const all = [...files, ...list];
      const order = engine.sortPaths(all.map((f) => f.name));
      const next = order.map((i) => all[i]);
      const moved = files.some((f, i) => next[i] !== f);
      next.forEach((f, i) => { f.index = i; });
      files = next;
      version += 1;
      if (moved) drop();
      else live?.batch.resize(files.length);
    },

    // A file's result as its transport: set in the batch, → its row.
    receive(file, transport) {
      file.transport = transport;
      version += 1;
      if (!live) return liveBatch().row(file.index);  // made with every transport, this one too
      return live.batch.set(file.index, file.name, transport);
    },

    fileView: (file) => liveBatch().fileView(file.index),
    rows: () => files.map((f) => (f.transport ? liveBatch().row(f.index) : null)),
    derived: () => liveBatch().derived(),
    summary: () => liveBatch().summary(),

    // The language shown: the next question is answered by that language's batch.
    setLang(next) {
      if (next === liveLang) return;
      liveLang = next;
      version += 1;
      drop();
    },

    // fn(batch) with the engine's batch of `batchLang` (made for the call when it is not the one shown).
    withBatch(batchLang, fn) {
      if (batchLang === liveLang) return fn(liveBatch());
      const batch = make(batchLang);
      try {
        return fn(batch);
      } finally {
        batch.delete();
      }
    },

    // The registry: cxjf.keys/1 text ('' for none), read by the engine's reader (throws its message when refused).
    setRegistry(text) {
      liveBatch().setRegistry(text);
      version += 1;
      keysText = liveBatch().registry();
    },
    acceptKey(uscc, keyId) {
      liveBatch().acceptKey(uscc, keyId);
      version += 1;
      keysText = liveBatch().registry();
    },
    addBatchKeys() {
      const added = liveBatch().addBatchKeys();
      version += 1;
      keysText = liveBatch().registry();
      return added;
    },

    clear() {
      files = [];
      version += 1;
      drop();
    },
  };
}
