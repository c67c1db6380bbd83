// What the bureau table keeps of a file: the engine's row of it (createBatch().set / row: status, counts, signature,
// the registry's verdict, identity, region and industry, pre-scores) as it is, with the text searched and a stamp
// that changes whenever the engine gives the file a new row (the table draws a page again only when one changed).
let stamp = 0;

export function rowOf(row) {
  stamp += 1;
  return { ...row, stamp, search: [row.file, row.name, row.uscc, row.region, row.industry].filter(Boolean).join('\n').toLowerCase() };
}

// The signature as the table names it: the engine's status, and for a valid one the registry's verdict.
export function signatureKey(row) {
  if (!row) return 'pending';
  if (row.signature !== 'valid' || row.key === 'none') return row.signature;
  return row.key;  // registered | unknown | changed
}
