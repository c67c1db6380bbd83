// The bureau page's data layer, without any DOM: the order of a batch's files, the key registry and what it adds
// to a file's findings, duplicate USCCs and the file that wins, peer-percentile inputs, and the CSV texts of the
// batch-upload sheet and the findings report. Each rule here is the one the native CLI applies (cli/inputs.cpp,
// cli/command_export.cpp, validator/src/engine.cpp, validator/src/sheet.cpp), so that the page's exports are the
// bytes `cxjf export` writes for the same files.

// ---- order of files ---------------------------------------------------------------------------------------------

// Code-point order of two strings, which is the byte order of their UTF-8 (plain `<` on JavaScript strings compares
// UTF-16 code units, which puts U+E000…U+FFFF after the astral characters).
function codeUnitKey(c) {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}
export function compareText(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitKey(x) < codeUnitKey(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// The CLI walks a folder in the order of std::filesystem::path: name by name, each folder's entries sorted, a
// sub-folder's files where the sub-folder sorts. Comparing the '/'-separated parts one by one gives that order.
export function comparePaths(a, b) {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i += 1) {
    const c = compareText(pa[i], pb[i]);
    if (c) return c;
  }
  return pa.length - pb.length;
}

// What `cxjf check DIR` reads of a folder: *.json, any case.
export const isJsonName = (name) => /\.json$/i.test(name);

// ---- findings ---------------------------------------------------------------------------------------------------

// The engine's reading order of findings (validator/src/engine.cpp finish()): the form's sections, then the
// pointer, then the rule ID.
const SECTIONS = ['schemaVersion', 'filingYear', 'enterprise', 'qualifications', 'annual', 'ip', 'financing',
                  'explanations', 'declaration'];
function sectionRank(path) {
  if (!path) return 0;
  const end = path.indexOf('/', 1);
  const top = end < 0 ? path.slice(1) : path.slice(1, end);
  const i = SECTIONS.indexOf(top);
  if (i >= 0) return i + 1;
  return top === '' ? 0 : 10;
}
export function compareFindings(a, b) {
  const ra = sectionRank(a.path);
  const rb = sectionRank(b.path);
  if (ra !== rb) return ra - rb;
  return compareText(a.path, b.path) || compareText(a.rule, b.rule);
}

// A message of the engine's catalogue (forms/2025/messages.*.json) with its {placeholders} filled in, in the order
// given, each replacement left alone afterwards (report.cpp replace_all).
export function renderMessage(terms, key, params) {
  let text = terms[key] ?? key;
  for (const [name, value] of params) text = text.split(`{${name}}`).join(String(value));
  return text;
}

const message = (terms, key, params) => ({ message_zh: renderMessage(terms.zh, key, params), message_en: renderMessage(terms.en, key, params) });

// A result for a file the engine never saw: too large to read (J-SIZE), or not readable (F-IO).
export function unreadableResult(terms, rule, params) {
  return {
    status: 'unreadable', counts: { errors: 1, warnings: 0, explained: 0 },
    issues: [{ rule, severity: 'error', path: '', ...message(terms, rule, params), values: Object.fromEntries(params) }],
    signature: { status: 'absent' }, envelope: false, enterprise: null, scores: {},
  };
}

// ---- key registry (cxjf.keys/1) -----------------------------------------------------------------------------------

export const KEYS_FORMAT = 'cxjf.keys/1';

export class RegistryError extends Error {}

// {"format":"cxjf.keys/1","keys":[{"uscc","keyId"}]} → Map uscc → keyId (a later entry for a USCC wins, as in
// the CLI's KeyRegistry::parse). Throws RegistryError naming the problem.
export function parseRegistry(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new RegistryError('not JSON');
  }
  if (doc?.format !== KEYS_FORMAT) throw new RegistryError(`format must be "${KEYS_FORMAT}"`);
  if (!Array.isArray(doc.keys)) throw new RegistryError('keys must be an array');
  const map = new Map();
  doc.keys.forEach((k, i) => {
    if (typeof k?.uscc !== 'string' || typeof k?.keyId !== 'string') throw new RegistryError(`/keys/${i} needs uscc and keyId`);
    map.set(k.uscc, k.keyId);
  });
  return map;
}

// The registry as the CLI writes it (sorted by USCC, one-space indentation).
export function registryText(map) {
  const keys = [...map].sort(([a], [b]) => compareText(a, b)).map(([uscc, keyId]) => ({ uscc, keyId }));
  return `${JSON.stringify({ format: KEYS_FORMAT, keys }, null, 1)}\n`;
}

// A file's reading with the bureau's registry applied, as `cxjf check --keys` makes it: a valid signature with a
// key the registry lacks adds E-KEY-UNKNOWN (a warning), one with another key than registered E-KEY-CHANGED (an
// error). Without a registry (null) nothing is added. → { status, counts, issues, key } where key is null (no
// registry, or no valid signature), 'registered', 'unknown' or 'changed' (with registered: the registry's key ID).
export function withRegistry(result, registry, terms) {
  const sig = result.signature ?? { status: 'absent' };
  if (!registry || sig.status !== 'valid') {
    return { status: result.status, counts: result.counts, issues: result.issues, key: null };
  }
  const uscc = result.enterprise?.uscc ?? '';
  const known = registry.get(uscc);
  if (known === sig.keyId) return { status: result.status, counts: result.counts, issues: result.issues, key: 'registered' };
  const issues = result.issues.slice();
  if (known === undefined) {
    const params = [['uscc', uscc], ['keyId', sig.keyId]];
    issues.push({ rule: 'E-KEY-UNKNOWN', severity: 'warning', path: '/signature/keyId', ...message(terms, 'E-KEY-UNKNOWN', params),
                  explained: false, values: Object.fromEntries(params) });
  } else {
    const params = [['uscc', uscc], ['registered', known], ['keyId', sig.keyId]];
    issues.push({ rule: 'E-KEY-CHANGED', severity: 'error', path: '/signature/keyId', ...message(terms, 'E-KEY-CHANGED', params),
                  values: Object.fromEntries(params) });
  }
  issues.sort(compareFindings);  // stable: as the engine's own sort after verification
  const counts = countFindings(issues);
  const status = result.status === 'unreadable' ? 'unreadable' : statusOf(counts);
  return { status, counts, issues, key: known === undefined ? 'unknown' : 'changed', registered: known };
}

export function countFindings(issues) {
  const counts = { errors: 0, warnings: 0, explained: 0 };
  for (const f of issues) {
    if (f.severity === 'error') counts.errors += 1;
    else {
      counts.warnings += 1;
      if (f.explained) counts.explained += 1;
    }
  }
  return counts;
}

export const statusOf = (counts) => (counts.errors ? 'errors' : counts.warnings > counts.explained ? 'warnings' : 'ok');

// ---- duplicates ---------------------------------------------------------------------------------------------------

// Seconds of an ISO date-time with an offset ("2025-06-20T10:15:30+08:00"), for ordering signing times written in
// different offsets; null when it is not one (command_export.cpp instant()).
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > (month === 2 && leap(year) ? 29 : DAYS[month - 1])) return null;
  return { year, month, day };
}
export function instant(t) {
  if (typeof t !== 'string' || t.length !== 25 || t[10] !== 'T' || (t[19] !== '+' && t[19] !== '-')) return null;
  const d = parseDate(t.slice(0, 10));
  if (!d) return null;
  for (const at of [11, 14, 17, 20, 23]) if (!/^\d\d$/.test(t.slice(at, at + 2))) return null;
  const num = (at) => Number(t.slice(at, at + 2));
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const m = d.month <= 2 ? d.month + 9 : d.month - 3;
  const days = 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + Math.floor((153 * m + 2) / 5) + d.day - 1;
  const offset = (num(20) * 60 + num(23)) * 60 * (t[19] === '+' ? 1 : -1);
  return days * 86400 + num(11) * 3600 + num(14) * 60 + num(17) - offset;
}

// Whether file b replaces file a (b comes later in the batch) as the row of their enterprise: a valid signature
// beats none, then the later signing time, then the later file.
export function supersedes(b, a) {
  const av = a.signature?.status === 'valid';
  const bv = b.signature?.status === 'valid';
  if (av !== bv) return bv;
  const at = instant(a.signature?.signedAt);
  const bt = instant(b.signature?.signedAt);
  if (at !== null && bt !== null && at !== bt) return bt > at;
  return true;
}

// The batch's rows: results in batch order (null for a file not checked yet) → { rows: indexes of the files in
// the sheet, one per enterprise in the order of its first file; groups: Map uscc → indexes of its files, for every
// USCC filed more than once; winner: Map uscc → the index that is in the sheet }.
export function sheetRows(results) {
  const rows = [];
  const slotOf = new Map();
  const groups = new Map();
  results.forEach((r, i) => {
    if (!r?.sheet) return;
    const uscc = r.enterprise?.uscc ?? '';
    const key = uscc === '' ? `\u0001${i}` : uscc;
    const slot = slotOf.get(key);
    if (slot === undefined) {
      slotOf.set(key, rows.length);
      rows.push(i);
      return;
    }
    if (!groups.has(uscc)) groups.set(uscc, [rows[slot]]);
    groups.get(uscc).push(i);
    if (supersedes(r, results[rows[slot]])) rows[slot] = i;
  });
  const winner = new Map();
  for (const uscc of groups.keys()) winner.set(uscc, rows[slotOf.get(uscc)]);
  return { rows, groups, winner };
}

// ---- peer percentiles -------------------------------------------------------------------------------------------

export const ESTIMATE = 'innovation-points-estimate';

// The engine's percentiles() input for a result with the estimate: its industry section, stage and base + bonus
// (as `cxjf check --format json` ranks them); null otherwise.
export function peerInput(result) {
  const s = result?.scores?.[ESTIMATE];
  if (!s || typeof s.score !== 'number') return null;
  return { section: (result.enterprise?.industryCode ?? '').slice(0, 1), stage: s.stage ?? '', score: s.score + (s.bonus ?? 0) };
}

// One decimal as C's printf("%.1f") writes it: a value exactly halfway (x.x5 is exact in binary only as x.25 or
// x.75) goes to the even digit, where Number#toFixed would go up.
export function fixed1(x) {
  if (Number.isInteger(x * 4) && !Number.isInteger(x * 2)) {
    let n = Math.floor(x * 10);
    if (n % 2) n += 1;
    return (n / 10).toFixed(1);
  }
  return x.toFixed(1);
}

// ---- sheets -------------------------------------------------------------------------------------------------------

// A text cell that a spreadsheet would run as a formula gets a leading apostrophe (sheet.cpp neutralise_cell).
export function neutralise(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

// "-12", "0.5", "21846.3726": what a number column holds when the filing's value had the right type (is_decimal).
export const isDecimal = (s) => /^-?[0-9]+(\.[0-9]+)?$/.test(s) && s !== '-';

// One CSV line: RFC 4180 quoting, CRLF; a number column's cell raw only when it is a decimal, any other cell
// neutralised (sheet.cpp csv_line).
export function csvLine(cells, number = []) {
  return `${cells.map((raw, i) => {
    const cell = number[i] && isDecimal(raw) ? raw : neutralise(raw);
    return /[,"\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  }).join(',')}\r\n`;
}

export const BOM = '\ufeff';

// The sheet's row of a file, with the cells that depend on what the page learnt after the engine's check (the
// signature verified here, the registry's findings) set as `cxjf export` sets them.
// labels: forms/2025/sheet.json "labels"; view: withRegistry()'s reading.
export function sheetRow(result, view, columns, labels, lang) {
  const row = result.sheet.slice();
  const pick = (table, value) => {
    const l = labels?.[table]?.[value];
    return l ? l[lang === 'zh' ? 0 : 1] : value;
  };
  columns.forEach((c, i) => {
    if (c.key === 'status') row[i] = pick('status', view.status);
    else if (c.key === 'errors') row[i] = String(view.counts.errors);
    else if (c.key === 'warnings') row[i] = String(view.counts.warnings);
    else if (c.key === 'signature') row[i] = pick('signature', result.signature?.status ?? 'absent');
  });
  return row;
}

// The sheet as CSV text (UTF-8 with a BOM once encoded).
export function sheetCsv(columns, rows, lang) {
  const number = columns.map((c) => c.number);
  let text = BOM + csvLine(columns.map((c) => (lang === 'zh' ? c.zh : c.en)));
  for (const row of rows) text += csvLine(row, number);
  return text;
}

export function findingsHeader(lang) {
  return lang === 'zh'
    ? ['文件', '统一社会信用代码', '企业名称', '检查结果', '签名', '规则', '严重程度', '位置', '说明', 'Message']
    : ['File', 'USCC', 'Enterprise', 'Result', 'Signature', 'Rule', 'Severity', 'Path', '说明', 'Message'];
}

// The findings report's rows of one file: one per finding, or one with empty finding cells when it has none.
// terms: the engine's messages in the report's language.
export function findingsRows(file, result, view, terms) {
  const head = [file, result.enterprise?.uscc ?? '', result.enterprise?.name ?? '', terms[`status.${view.status}`] ?? view.status,
                terms[`signature.${result.signature?.status ?? 'absent'}`] ?? ''];
  if (!view.issues.length) return [[...head, '', '', '', '', '']];
  return view.issues.map((f) => [...head, f.rule, f.severity, f.path, f.message_zh, f.message_en]);
}
