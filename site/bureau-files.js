// What the clerk hands the bureau page, as a flat list of named files: files chosen or dropped, folders (the
// webkitdirectory input, or folders dropped: DataTransferItem.webkitGetAsEntry), and .zip archives (unpacked in a
// worker by the caller's unzip()). Inside folders and archives only *.json is read, as `cxjf check DIR` does;
// a file chosen or dropped by itself is read whatever its name (the CLI checks a file named on its command line).
//
//   const { items, zips, skipped } = fromFileList(input.files);         // items: [{ name, blob }]
//   const entries = entriesOf(event.dataTransfer);                       // at once, inside the drop handler
//   const { items, zips, skipped } = await fromEntries(entries);
//   const { skipped, problems, tooLarge } = await unpack(zips, pool.unzip, { onItems });   // archives, in pieces
// What `cxjf check DIR` reads of a folder: *.json, any case (the file intake's choice, not a finding).
export const isJsonName = (name) => /\.json$/i.test(name);
const isZip = (name) => /\.zip$/i.test(name);

function sort(list, into, inFolder) {
  for (const { name, blob } of list) {
    if (isZip(name) && !inFolder) into.zips.push({ name, blob });
    else if (!inFolder || isJsonName(name)) into.items.push({ name, blob });
    else into.skipped.push(name);
  }
  return into;
}

// An <input type=file> selection: with webkitdirectory every file has its path below the chosen folder.
export function fromFileList(files) {
  const out = { items: [], zips: [], skipped: [] };
  for (const file of files) {
    const path = file.webkitRelativePath;
    sort([{ name: path || file.name, blob: file }], out, Boolean(path));
  }
  return out;
}

// The entries of a drop, read while the event lasts (the browser empties dataTransfer afterwards): a
// FileSystemEntry per dropped thing where the browser gives one, else the plain File.
export function entriesOf(dataTransfer) {
  const items = [...(dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
  if (items.length && typeof items[0].webkitGetAsEntry === 'function') {
    return items.map((item) => item.webkitGetAsEntry() ?? item.getAsFile()).filter(Boolean);
  }
  return [...(dataTransfer?.files ?? [])];
}

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

// readEntries() answers in pieces (100 at a time in Chromium) until it answers with none.
async function childrenOf(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const part = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!part.length) return all;
    all.push(...part);
  }
}

// Files and FileSystemEntry objects (files and directories, walked depth first) → { items, zips, skipped,
// problems: [{ name, error }] } with each file named by its path from the dropped thing.
export async function fromEntries(entries) {
  const out = { items: [], zips: [], skipped: [], problems: [] };
  const visit = async (entry, inFolder) => {
    if (typeof File !== 'undefined' && entry instanceof File) {
      sort([{ name: entry.name, blob: entry }], out, false);
      return;
    }
    const name = String(entry.fullPath || entry.name).replace(/^\/+/, '');
    try {
      if (entry.isDirectory) {
        for (const child of await childrenOf(entry)) await visit(child, true);
      } else if (entry.isFile) {
        if (inFolder && !isJsonName(name)) out.skipped.push(name);
        else sort([{ name, blob: await fileOf(entry) }], out, inFolder);
      }
    } catch (error) {
      out.problems.push({ name, error: error?.message ?? String(error) });
    }
  };
  for (const entry of entries) await visit(entry, false);
  return out;
}

// The archives unpacked, one after the other, as the worker sends them in pieces: onItems(items) for each group
// (each *.json inside named "archive.zip/inside/path.json", its bytes start…end of its piece's Blob), onHead({ name,
// count }) once an archive's list of files is read. unzip(blob, onPartial) is the pool's.
// → { skipped, problems: [{ name, error }], tooLarge: [{ name, size }] }
export async function unpack(zips, unzip, { onArchive = () => {}, onHead = () => {}, onItems = () => {} } = {}) {
  const out = { skipped: [], problems: [], tooLarge: [] };
  for (const zip of zips) {
    onArchive(zip.name);
    const prefix = `${zip.name}/`;
    try {
      await unzip(zip.blob, (piece) => {
        if (piece.pieces) {
          onItems(piece.pieces.flatMap(({ blob, files }) => files.map(({ path, start, end }) => ({ name: prefix + path, blob, start, end }))));
          return;
        }
        out.skipped.push(...piece.skipped.map((path) => prefix + path));
        out.tooLarge.push(...piece.tooLarge.map(({ path, size }) => ({ name: prefix + path, size })));
        out.problems.push(...piece.problems.map(({ path, error }) => ({ name: prefix + path, error })));
        onHead({ name: zip.name, count: piece.count });
      });
    } catch (error) {
      out.problems.push({ name: zip.name, error: error?.message ?? String(error) });
    }
  }
  return out;
}
