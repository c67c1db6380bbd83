// What the bureau table keeps of a file's view (createBatch().fileView / set): the engine's words for the file, read
// as they are — status, counts, signature, the registry's verdict, identity, region and industry (the sheet row's
// cells), pre-scores — and the text searched. A new view replaces the row; nothing here is worked out.
export function rowOf(view, { regionIndex, industryIndex }) {
  const en = view.enterprise ?? {};
  const region = view.sheet?.[regionIndex] ?? '';
  const industry = view.sheet?.[industryIndex] ?? '';
  return {
    status: view.status,
    counts: view.counts,
    signature: view.signature?.status ?? 'absent',
    key: view.key?.state ?? 'none',
    name: en.name ?? '',
    uscc: en.uscc ?? '',
    region,
    industry,
    scores: view.scores ?? {},
    search: [view.file, en.name, en.uscc, region, industry].filter(Boolean).join('\n').toLowerCase(),
  };
}

// The signature as the table names it: the engine's status, and for a valid one the registry's verdict.
export function signatureKey(row) {
  if (!row) return 'pending';
  if (row.signature !== 'valid' || row.key === 'none') return row.signature;
  return row.key;  // registered | unknown | changed
}
