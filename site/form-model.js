// The enterprise form's data, without any DOM: the filing is a plain JSON value, edited in place at JSON Pointers.
// Amounts are typed in 万元 and kept as integer 元 by string arithmetic (no floating point ever touches them).
//
//   const f = emptyFiling();                 setAt(f, '/annual/2/revenue', 12345678);
//   wanToYuan('1234.5678') → { value: 12345678 }     yuanToWan(12345678) → '1234.5678'
//   readFiling(text) → { filing, envelope }   rollForward(filing) → this year's filing from last year's
export const FILING_YEAR = 2025;
export const SCHEMA_VERSION = 'cxjf.filing/2025.1';
export const YEARS = [FILING_YEAR - 3, FILING_YEAR - 2, FILING_YEAR - 1];
export const DRAFT_KEY = 'cxjf.form.draft';
export const DRAFT_FORMAT = 'cxjf.draft/1';

// The engine embeds its long code tables nested by parent code ({"1101": {"01": "东城区"}}); the pickers want them
// flat ({"110101": "东城区"}). A flat table passes through unchanged.
export const flatCodes = (table) => Object.fromEntries(Object.entries(table).flatMap(([code, v]) =>
  (typeof v === 'string' ? [[code, v]] : Object.entries(v).map(([rest, name]) => [code + rest, name]))));

export function emptyFiling() {
  return {
    schemaVersion: SCHEMA_VERSION,
    filingYear: FILING_YEAR,
    enterprise: { highTechZone: null, strategicEmergingIndustry: false, contact: {} },
    qualifications: { highTechEnterprise: null, techSme: null, rdInstitutions: [], awards: [], standards: [], projects: [] },
    annual: YEARS.map((year) => ({ year })),
    ip: {},
    financing: { needsLoan: false, needsEquity: false },
    declaration: { truthful: false },
  };
}

// RFC 6901: '/a~1b/0' → ['a/b', '0'].
export const tokens = (p) => (p === '' ? [] : p.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')));
export const pointer = (...parts) => parts.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
const isObject = (v) => v !== null && typeof v === 'object';

export function getAt(value, p) {
  let v = value;
  for (const t of tokens(p)) {
    if (!isObject(v)) return undefined;
    v = v[t];
  }
  return v;
}

// Sets a value, making the objects (or arrays, before an index) on the way.
export function setAt(value, p, item) {
  const ts = tokens(p);
  let v = value;
  ts.forEach((t, i) => {
    if (i === ts.length - 1) v[t] = item;
    else {
      if (!isObject(v[t])) v[t] = /^\d+$/.test(ts[i + 1]) ? [] : {};
      v = v[t];
    }
  });
}

export function removeAt(value, p) {
  const ts = tokens(p);
  const parent = getAt(value, pointer(...ts.slice(0, -1)));
  if (Array.isArray(parent)) parent.splice(Number(ts.at(-1)), 1);
  else if (isObject(parent)) delete parent[ts.at(-1)];
}

// The largest integer a JSON reader keeps exactly: 2^53 − 1.
const SAFE = String(Number.MAX_SAFE_INTEGER);
const safeDigits = (d) => d.length < SAFE.length || (d.length === SAFE.length && d <= SAFE);
const clean = (text) => String(text).replace(/[\s,，]/g, '');

// 万元 text → { value: integer 元 } | { empty: true } | { error: 'format' | 'decimals' | 'negative' | 'range' }.
export function wanToYuan(text, { signed = false } = {}) {
  const s = clean(text);
  if (s === '') return { empty: true };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return { error: 'format' };
  if (m[1] === '-' && !signed) return { error: 'negative' };
  const fraction = m[3] ?? '';
  if (fraction.length > 4) return { error: 'decimals' };
  const digits = `${m[2]}${fraction.padEnd(4, '0')}`.replace(/^0+(?=\d)/, '');
  if (!safeDigits(digits)) return { error: 'range' };
  const value = Number(digits);  // an integer of at most 2^53 − 1: exact
  return { value: m[1] === '-' && value !== 0 ? -value : value };
}

// Integer 元 → 万元 text with up to 4 decimals, trailing zeros dropped; null for what is not a safe integer.
export function yuanToWan(yuan) {
  if (!Number.isSafeInteger(yuan)) return null;
  const digits = String(Math.abs(yuan)).padStart(5, '0');
  const whole = digits.slice(0, -4).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-4).replace(/0+$/, '');
  return `${yuan < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

// A count, year or number of months: { value } | { empty } | { error: 'integer' | 'range' }.
export function parseCount(text) {
  const s = clean(text);
  if (s === '') return { empty: true };
  if (!/^\+?\d+$/.test(s)) return { error: 'integer' };
  const digits = s.replace(/^\+/, '').replace(/^0+(?=\d)/, '');
  return safeDigits(digits) ? { value: Number(digits) } : { error: 'range' };
}

// The filing inside a file's text: a bare filing or a cxjf.envelope/1 (its filing). Throws on anything else.
export function readFiling(text) {
  const value = JSON.parse(text);
  if (!isObject(value) || Array.isArray(value)) throw new Error('not-object');
  if (value.format === 'cxjf.envelope/1') {
    if (!isObject(value.filing) || Array.isArray(value.filing)) throw new Error('no-filing');
    return { filing: value.filing, envelope: true };
  }
  return { filing: value, envelope: false };
}

export const annualYears = (filing) => (Array.isArray(filing?.annual) ? filing.annual.map((a) => a?.year) : []);
export const yearsMatch = (filing) => annualYears(filing).join() === YEARS.join();

// Whether a file looks like an earlier year's filing: its last fiscal year is before this filing's last one.
export function canRollForward(filing) {
  const years = annualYears(filing).filter(Number.isInteger);
  return years.length > 0 && Math.max(...years) < YEARS.at(-1);
}

// This year's filing from an earlier one: the fiscal years it shares with this filing keep their figures, the
// others start empty; form version and year are this one's, and the declaration has to be made again.
export function rollForward(filing) {
  const next = structuredClone(filing);
  const byYear = new Map((Array.isArray(filing.annual) ? filing.annual : []).filter(isObject).map((a) => [a.year, a]));
  next.schemaVersion = SCHEMA_VERSION;
  next.filingYear = FILING_YEAR;
  next.annual = YEARS.map((year) => (byYear.has(year) ? structuredClone(byYear.get(year)) : { year }));
  const signatory = filing.declaration?.signatory;
  next.declaration = signatory === undefined ? { truthful: false } : { truthful: false, signatory };
  return next;
}

// Whether the filing is still the untouched empty form (importing over it needs no confirmation).
export const isPristine = (filing) => JSON.stringify(filing) === JSON.stringify(emptyFiling());

// The key order of the schema (unknown keys after the known ones), so that an exported file reads like the form.
export function orderBySchema(value, node, schema) {
  const resolved = node?.$ref ? schema.definitions?.[node.$ref.split('/').pop()] : node;
  if (Array.isArray(value)) return value.map((v) => orderBySchema(v, resolved?.items, schema));
  if (!isObject(value)) return value;
  const properties = resolved?.properties ?? {};
  const out = {};
  for (const key of Object.keys(properties)) if (key in value) out[key] = orderBySchema(value[key], properties[key], schema);
  for (const key of Object.keys(value)) if (!(key in out)) out[key] = orderBySchema(value[key], undefined, schema);
  return out;
}

// The saved draft: the filing, the texts of fields that do not parse yet, whether every finding is shown.
export function draftText({ filing, raw = {}, showAll = false }) {
  return JSON.stringify({ format: DRAFT_FORMAT, savedAt: new Date().toISOString(), filing, raw, showAll });
}

export function readDraft(text) {
  try {
    const draft = JSON.parse(text);
    if (draft?.format !== DRAFT_FORMAT || !isObject(draft.filing)) return null;
    return { filing: draft.filing, raw: isObject(draft.raw) ? draft.raw : {}, showAll: draft.showAll === true };
  } catch {
    return null;
  }
}
