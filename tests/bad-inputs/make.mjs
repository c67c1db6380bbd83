// Hostile inputs for the strict reader, the schema stage and the envelope reader.
//
//   node tests/bad-inputs/make.mjs            writes tests/bad-inputs/files/*.json and manifest.json
//   import { cases, writeGenerated } ...      the test regenerates in memory and compares, and writes the
//                                             large inputs (never committed) into a temp dir at test time
//
// Deterministic: no clocks, no randomness; every file derives from examples/02 and the signed fixture
// tests/js/fixtures/envelope.json. Expectations are what the engine reports (verified by running the CLI), with
// "known_issue" where the engine's answer looks wrong.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
export const filesDir = path.join(here, 'files');
export const manifestPath = path.join(here, 'manifest.json');

const baseText = readFileSync(path.join(root, 'examples', '02-hangzhou-saas-clean.json'), 'utf8');
const base = () => JSON.parse(baseText);
const envelopeText = readFileSync(path.join(root, 'tests', 'js', 'fixtures', 'envelope.json'), 'utf8');
const envelope = () => JSON.parse(envelopeText);

const enc = (s) => Buffer.from(s, 'utf8');
const json = (v) => enc(JSON.stringify(v, null, 2) + '\n');
const cat = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc(p) : Buffer.from(p))));
// The base filing's text with one exact substring replaced (must occur exactly once).
function edit(text, from, to) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: '${from}' must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
// Raw bytes spliced in place of a marker inside the base text (for invalid UTF-8 that JSON.stringify cannot make).
function splice(text, marker, bytes) {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`splice: no '${marker}'`);
  return Buffer.concat([enc(text.slice(0, at)), Buffer.from(bytes), enc(text.slice(at + marker.length))]);
}
const NAME = '"name": "杭州数澜云策科技有限公司"';
const withName = (bytes) => splice(baseText, '杭州数澜云策科技有限公司', bytes);
const mutate = (fn) => { const f = base(); fn(f); return json(f); };
const mutateEnv = (fn) => { const e = envelope(); fn(e); return json(e); };

// Free-text fields of the filing (names, address, zone): the rest are codes, dates and enums.
function setFreeText(f, value) {
  f.enterprise.name = value;
  f.enterprise.address = value;
  f.enterprise.highTechZone = value;
  f.enterprise.contact.name = value;
  f.qualifications.rdInstitutions[0].name = value;
  f.declaration.signatory = value;
}
// Every string in the filing, codes included.
function setAllStrings(v, value) {
  if (Array.isArray(v)) return v.map((x) => setAllStrings(x, value));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, setAllStrings(x, value)]));
  return typeof v === 'string' ? value : v;
}

const E = (rules, extra = {}) => ({ expect: { status: 'errors', rules }, ...extra });
const U = (rules, extra = {}) => ({ expect: { status: 'unreadable', rules }, ...extra });
const W = (rules, extra = {}) => ({ expect: { status: 'warnings', rules }, ...extra });
const OK = (extra = {}) => ({ expect: { status: 'ok', rules: [] }, ...extra });

// [file, bytes, expectation, why]
const committed = [
  // --- malformed and truncated JSON
  ['syntax-truncated-half.json', enc(baseText.slice(0, Math.floor(baseText.length / 2))), U(['J-SYNTAX']), 'filing cut in half'],
  ['syntax-truncated-in-string.json', enc('{"schemaVersion": "cxjf.fil'), U(['J-SYNTAX']), 'ends inside a string'],
  ['syntax-truncated-after-colon.json', enc('{"schemaVersion":'), U(['J-SYNTAX']), 'ends after a colon'],
  ['syntax-truncated-last-brace.json', enc(baseText.trimEnd().slice(0, -1)), U(['J-SYNTAX']), 'only the final } missing'],
  ['syntax-missing-comma.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025')), U(['J-SYNTAX']), 'comma missing between members'],
  ['syntax-trailing-comma-object.json', enc(edit(baseText, '"date": "2025-06-18"', '"date": "2025-06-18",')), U(['J-SYNTAX']), 'trailing comma in an object'],
  ['syntax-trailing-comma-array.json', enc(edit(baseText, '"awards": [],', '"awards": [1,],')), U(['J-SYNTAX']), 'trailing comma in an array'],
  ['syntax-single-quotes.json', enc("{'schemaVersion': 'cxjf.filing/2025.1'}"), U(['J-SYNTAX']), 'single-quoted strings'],
  ['syntax-unquoted-key.json', enc('{schemaVersion: "cxjf.filing/2025.1"}'), U(['J-SYNTAX']), 'unquoted key'],
  ['syntax-comment.json', enc('// a comment\n' + baseText), U(['J-SYNTAX']), 'JavaScript comment before the value'],
  ['syntax-raw-control-char.json', enc(edit(baseText, '杭州数澜云策科技有限公司', '杭州数澜\t云策科技有限公司')), U(['J-SYNTAX']), 'raw TAB inside a string'],
  ['syntax-bad-escape.json', enc(edit(baseText, '杭州数澜云策科技有限公司', '\\x41杭州')), U(['J-SYNTAX']), '\\x escape is not JSON'],
  ['syntax-leading-zero.json', enc(edit(baseText, '"employees": 52,', '"employees": 052,')), U(['J-SYNTAX']), 'number with a leading zero'],
  ['syntax-plus-sign.json', enc(edit(baseText, '"employees": 52,', '"employees": +52,')), U(['J-SYNTAX']), 'number with a plus sign'],
  ['syntax-hex-number.json', enc(edit(baseText, '"employees": 52,', '"employees": 0x34,')), U(['J-SYNTAX']), 'hexadecimal number'],
  ['syntax-nan.json', enc(edit(baseText, '"employees": 52,', '"employees": NaN,')), U(['J-SYNTAX']), 'NaN token'],
  ['syntax-infinity.json', enc(edit(baseText, '"employees": 52,', '"employees": Infinity,')), U(['J-SYNTAX']), 'Infinity token'],
  ['syntax-minus-infinity.json', enc(edit(baseText, '"employees": 52,', '"employees": -Infinity,')), U(['J-SYNTAX']), '-Infinity token'],
  ['trailing-garbage.json', enc(baseText + 'x'), U(['J-TRAILING']), 'a byte after the value'],
  ['trailing-second-value.json', enc(baseText + baseText), U(['J-TRAILING']), 'two filings concatenated'],
  ['trailing-nul-after-value.json', cat(baseText, [0]), U(['J-TRAILING']), 'a NUL byte after the value'],

  // --- encodings
  ['bom-utf8.json', cat([0xef, 0xbb, 0xbf], baseText), U(['J-BOM']), 'UTF-8 byte-order mark'],
  ['bom-only.json', Buffer.from([0xef, 0xbb, 0xbf]), U(['J-BOM']), 'nothing but a BOM'],
  ['utf16le-bom.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(baseText, 'utf16le')]), U(['J-BOM']), 'UTF-16LE with BOM'],
  ['utf16be-no-bom.json', Buffer.from(baseText, 'utf16le').swap16(), U(['J-BOM']), 'UTF-16BE without BOM'],
  ['utf16le-no-bom.json', Buffer.from(baseText, 'utf16le'), U(['J-BOM']), 'UTF-16LE without BOM'],
  ['utf8-invalid-ff.json', withName([0xff]), U(['J-UTF8']), '0xFF never occurs in UTF-8'],
  ['utf8-bad-continuation.json', withName([0xc3, 0x28]), U(['J-UTF8']), 'lead byte followed by a non-continuation'],
  ['utf8-overlong-slash.json', withName([0xc0, 0xaf]), U(['J-UTF8']), 'overlong 2-byte "/"'],
  ['utf8-overlong-3byte.json', withName([0xe0, 0x80, 0xaf]), U(['J-UTF8']), 'overlong 3-byte "/"'],
  ['utf8-overlong-nul.json', withName([0xc0, 0x80]), U(['J-UTF8']), 'modified-UTF-8 NUL (C0 80)'],
  ['utf8-cesu-surrogate.json', withName([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]), U(['J-UTF8']), 'CESU-8 surrogate pair for U+1F600'],
  ['utf8-raw-lone-surrogate.json', withName([0xed, 0xa0, 0x80]), U(['J-UTF8']), 'raw encoded lone surrogate U+D800'],
  ['utf8-beyond-10ffff.json', withName([0xf4, 0x90, 0x80, 0x80]), U(['J-UTF8']), 'code point U+110000'],
  ['utf8-truncated-at-eof.json', Buffer.concat([enc('{"schemaVersion": "'), Buffer.from([0xe6, 0x9d])]), U(['J-UTF8']), 'multi-byte sequence cut by EOF'],
  ['utf8-in-key.json', splice(baseText, '"filingYear"', cat('"filing', [0xff], 'Year"')), U(['J-UTF8']), 'invalid byte inside a key'],
  ['surrogate-lone-high.json', enc(edit(baseText, NAME, '"name": "杭州\\ud800科技"')), U(['J-SURROGATE']), 'lone high surrogate escape'],
  ['surrogate-lone-low.json', enc(edit(baseText, NAME, '"name": "杭州\\udc00科技"')), U(['J-SURROGATE']), 'lone low surrogate escape'],
  ['surrogate-reversed.json', enc(edit(baseText, NAME, '"name": "\\udc00\\ud800"')), U(['J-SURROGATE']), 'low then high surrogate'],
  ['surrogate-high-at-end.json', enc(edit(baseText, NAME, '"name": "杭州科技\\ud83d"')), U(['J-SURROGATE']), 'high surrogate at string end'],
  ['surrogate-in-key.json', enc(edit(baseText, '"filingYear"', '"filing\\ud800Year"')), U(['J-SURROGATE']), 'lone surrogate in a key'],
  ['surrogate-valid-pair.json', enc(edit(baseText, NAME, '"name": "杭州\\ud83d\\ude00科技有限公司"')), OK(), 'a valid escaped pair (emoji) in the name is readable'],
  ['nul-raw-in-string.json', withName([0x00]), U(['J-SYNTAX']), 'raw NUL inside a string is a control character'],
  ['nul-escaped-in-name.json', enc(edit(baseText, NAME, '"name": "杭州\\u0000科技有限公司"')), OK(), '\\u0000 is valid JSON; the name pattern decides'],
  ['binary-png.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]), U(['J-UTF8']), 'a PNG header named .json'],
  ['binary-zip.json', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0xa1, 0x5c, 0x21, 0x59, 0xff, 0xfe, 0, 0]), U(['J-SYNTAX']), 'a ZIP local header named .json'],

  // --- empty and top-level non-objects
  ['empty.json', Buffer.alloc(0), U(['J-EMPTY']), 'zero bytes'],
  ['whitespace-only.json', enc(' \t\r\n  \n'), U(['J-EMPTY']), 'only whitespace'],
  ['top-string.json', enc('"hello"'), E(['S-TYPE']), 'a JSON string at top level'],
  ['top-number.json', enc('42'), E(['S-TYPE']), 'a JSON number at top level'],
  ['top-null.json', enc('null'), E(['S-TYPE']), 'null at top level'],
  ['top-true.json', enc('true'), E(['S-TYPE']), 'true at top level'],
  ['top-empty-array.json', enc('[]'), E(['S-TYPE']), 'an empty array at top level'],
  ['top-array-of-filing.json', cat('[', baseText, ']'), E(['S-TYPE']), 'the filing wrapped in an array'],
  ['top-empty-object.json', enc('{}'), E(['S-REQUIRED']), 'an empty object'],

  // --- duplicate keys
  ['dup-top-level.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025,\n  "filingYear": 2024,')), U(['J-DUPLICATE-KEY']), 'filingYear twice'],
  ['dup-nested.json', enc(edit(baseText, '"uscc": "91330108MA28L4TH7K",', '"uscc": "91330108MA28L4TH7K",\n    "uscc": "91330108MA28L4TH7X",')), U(['J-DUPLICATE-KEY']), 'enterprise.uscc twice'],
  ['dup-in-array-item.json', enc(edit(baseText, '"revenue": 22641807,', '"revenue": 22641807,\n      "revenue": 2264,')), U(['J-DUPLICATE-KEY']), 'annual[1].revenue twice'],
  ['dup-by-escape.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025,\n  "filing\\u0059ear": 2024,')), U(['J-DUPLICATE-KEY']), 'the same key once plain and once with a \\u escape'],
  ['dup-same-value.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025,\n  "filingYear": 2025,')), U(['J-DUPLICATE-KEY']), 'duplicate with the same value is still a duplicate'],

  // --- numbers
  ['num-1e400.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": 1e400,')), U(['J-NUMBER-RANGE']), 'beyond a double'],
  ['num-neg-1e400.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": -1e400,')), U(['J-NUMBER-RANGE']), 'beyond a double, negative'],
  ['num-2pow63.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": 9223372036854775808,')), U(['J-NUMBER-RANGE']), '2^63 integer'],
  ['num-2pow53.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": 9007199254740992,')), U(['J-NUMBER-RANGE']), '2^53, first unsafe integer'],
  ['num-2pow53-minus1.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": 9007199254740991,')), E(['S-RANGE']), '2^53-1 reads; the schema bounds it'],
  ['num-1000-digits.json', enc(edit(baseText, '"revenue": 26413548,', `"revenue": 1${'0'.repeat(999)},`)), U(['J-NUMBER-RANGE']), 'a 1000-digit integer'],
  ['num-negative-zero.json', enc(edit(baseText, '"equityFinancing": 8000000,', '"equityFinancing": -0,')), OK(), '-0 where 0 is allowed'],
  ['num-underflow.json', enc(edit(baseText, '"equityFinancing": 8000000,', '"equityFinancing": 1e-400,')), E(['S-TYPE']), 'underflows to 0 but is not an integer token'],
  ['num-float-integer.json', enc(edit(baseText, '"employees": 52,', '"employees": 52.0,')), E(['S-TYPE']), '52.0 where an integer belongs'],
  ['num-exponent-integer.json', enc(edit(baseText, '"employees": 52,', '"employees": 5.2e1,')), E(['S-TYPE']), '5.2e1 where an integer belongs'],
  ['num-negative-money.json', enc(edit(baseText, '"revenue": 26413548,', '"revenue": -26413548,')), E(['S-RANGE']), 'negative revenue'],

  // --- nesting
  ['depth-100000-arrays.json', enc('['.repeat(100000) + ']'.repeat(100000)), U(['J-DEPTH']), '100,000 nested arrays'],
  ['depth-100000-unclosed.json', enc('[{"a":'.repeat(20000)), U(['J-DEPTH']), '40,000 nested arrays and objects, never closed'],
  ['depth-65.json', enc('['.repeat(65) + ']'.repeat(65)), U(['J-DEPTH']), 'one level over the limit of 64'],
  ['depth-64.json', enc('['.repeat(64) + ']'.repeat(64)), E(['S-TYPE']), 'exactly the limit of 64: readable'],
  ['depth-inside-filing.json', enc(edit(baseText, '"awards": [],', `"awards": ${'['.repeat(70)}${']'.repeat(70)},`)), U(['J-DEPTH']), 'deep nesting inside a field'],

  // --- wrong types for every top-level field
  ...['schemaVersion', 'filingYear', 'enterprise', 'qualifications', 'annual', 'ip', 'financing', 'declaration'].map((k) => {
    const wrong = { schemaVersion: 2025, filingYear: '2025', enterprise: 'acme', qualifications: 7,
      annual: { year: 2024 }, ip: [], financing: true, declaration: null }[k];
    return [`type-${k}.json`, mutate((f) => { f[k] = wrong; }), E(['S-TYPE']), `${k} as ${JSON.stringify(wrong)}`];
  }),
  ['type-explanations-array.json', mutate((f) => { f.explanations = ['R-SCALE']; }), E(['S-TYPE']), 'explanations as an array'],
  ['array-for-enterprise.json', mutate((f) => { f.enterprise = [f.enterprise]; }), E(['S-TYPE']), 'enterprise object wrapped in an array'],
  ['array-for-contact.json', mutate((f) => { f.enterprise.contact = Object.values(f.enterprise.contact); }), E(['S-TYPE']), 'contact as an array of its values'],
  ['array-for-annual-item.json', mutate((f) => { f.annual[0] = Object.values(f.annual[0]); }), E(['S-TYPE']), 'annual[0] as an array of its values'],

  // --- prototype-pollution keys
  ['proto-top.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025,\n  "__proto__": {"polluted": true},')), E(['S-UNKNOWN-FIELD']), '__proto__ member at top level'],
  ['proto-constructor.json', enc(edit(baseText, '"scale": "small",', '"scale": "small",\n    "constructor": {"prototype": {"polluted": true}},')), E(['S-UNKNOWN-FIELD']), 'constructor.prototype in enterprise'],
  ['proto-explanations.json', mutate((f) => { f.explanations = JSON.parse('{"__proto__": "x", "constructor": "y"}'); }), E(['S-UNKNOWN-FIELD']), '__proto__ and constructor as explanation keys (only rule IDs are allowed)'],

  // --- text-field content (page-safety is the page's job; the checker reports what the form says)
  ['html-script-free-text.json', mutate((f) => setFreeText(f, '<script>alert(1)</script>')), OK(), 'a script tag in every free-text field: text, for the page to escape'],
  ['html-img-free-text.json', mutate((f) => setFreeText(f, '"><img src=x onerror=alert(1)>')), OK(), 'attribute break-out and an event handler in every free-text field'],
  ['html-long-free-text.json', mutate((f) => setFreeText(f, '<script>alert(1)</script><img src=x onerror=alert(2)>')), E(['S-LENGTH']), 'HTML longer than the 50-character name fields'],
  ['html-all-strings.json', mutate((f) => { Object.assign(f, setAllStrings(f, '<script>alert(1)</script>')); }), E(['S-PATTERN']), 'script in every string, codes and dates included'],
  ['formula-free-text.json', mutate((f) => setFreeText(f, '=HYPERLINK("http://evil.example","x")')), OK(), 'spreadsheet formula in every free-text field'],
  ['formula-variants.json', mutate((f) => { f.enterprise.name = '+cmd|\' /C calc\'!A0'; f.enterprise.address = '@SUM(1+1)*cmd|\' /C calc\'!A0'; f.declaration.signatory = '-2+3'; f.enterprise.highTechZone = '\t=1+1'; }), OK(), '+ @ - and TAB-led formulas'],
  ['rtl-override-name.json', mutate((f) => { f.enterprise.name = '杭州\u202egnp.exe科技有限公司'; }), OK(), 'U+202E RIGHT-TO-LEFT OVERRIDE in the name'],
  ['rtl-override-key.json', enc(edit(baseText, '"filingYear": 2025,', '"filingYear": 2025,\n  "filing\u202eraeY": 2025,')), E(['S-UNKNOWN-FIELD']), 'an RLO inside an unknown key'],
  ['bidi-isolates-signatory.json', mutate((f) => { f.declaration.signatory = '\u2067林嘉禾\u2069\u200b'; }), OK(), 'bidi isolates and zero-width space in the signatory'],

  // --- signed envelopes
  ['env-missing-signature.json', mutateEnv((e) => { delete e.signature; }), W(['E-SIGNATURE']), 'envelope (format cxjf.envelope/1, a check claim) whose signature block was removed'],
  ['env-signature-string.json', mutateEnv((e) => { e.signature = 'signed'; }), E(['E-ENVELOPE']), 'signature as a string'],
  ['env-garbled-value.json', mutateEnv((e) => { e.signature.value = 'not*base64url!'; }), W(['E-SIGNATURE']), 'signature value not base64url'],
  ['env-flipped-value.json', mutateEnv((e) => { e.signature.value = 'A' + e.signature.value.slice(1); }), W(['E-SIGNATURE']), 'well-formed but wrong signature'],
  ['env-short-value.json', mutateEnv((e) => { e.signature.value = e.signature.value.slice(0, 20); }), W(['E-SIGNATURE']), 'signature of the wrong length'],
  ['env-altered-figure.json', mutateEnv((e) => { e.filing.annual[2].revenue += 1; }), W(['E-SIGNATURE']), 'a figure changed after signing'],
  ['env-unknown-alg.json', mutateEnv((e) => { e.signature.alg = 'RSA'; }), W(['E-SIGNATURE']), 'unknown algorithm'],
  ['env-garbled-key.json', mutateEnv((e) => { e.signature.publicKey = '%%%'; }), W(['E-SIGNATURE']), 'public key not base64url'],
  ['env-missing-filing.json', mutateEnv((e) => { delete e.filing; }), E(['E-ENVELOPE']), 'envelope without a filing'],
  ['env-filing-array.json', mutateEnv((e) => { e.filing = [e.filing]; }), E(['E-ENVELOPE']), 'filing as an array'],
  ['env-wrong-format.json', mutateEnv((e) => { e.format = 'cxjf.envelope/2'; }), E(['E-ENVELOPE']), 'an unknown envelope version'],
  ['env-dup-key-in-filing.json', enc(edit(envelopeText, '"employees": 110,', '"employees": 110,\n        "employees": 111,')), U(['J-DUPLICATE-KEY']), 'duplicate key inside a signed filing'],
];

// Large inputs: written at test time into a temp dir (never committed). [file, contents (text or bytes), expect, why]
const MiB = 1024 * 1024;
export const generated = [
  ['gen-6mib-padded.json', () => Buffer.concat([enc(baseText.trimEnd()), Buffer.alloc(6 * MiB - enc(baseText.trimEnd()).length, 0x20)]),
    U(['J-SIZE']), 'a valid filing padded with spaces to 6 MiB'],
  ['gen-10mib-string.json', () => {
    const at = baseText.indexOf(NAME);
    return Buffer.concat([enc(baseText.slice(0, at) + '"name": "'), Buffer.alloc(10 * MiB, 0x41), enc('"' + baseText.slice(at + NAME.length))]);
  }, U(['J-SIZE']), 'a 10 MiB company name'],
  ['gen-4mib-string.json', () => edit(baseText, NAME, `"name": "${'杭'.repeat(Math.floor(4 * MiB / 3))}"`),
    U(['J-STRING-LENGTH']), 'a 4 MiB name under the size limit: refused by the limit for one text (64 KiB)'],
  ['gen-string-64kib.json', () => edit(baseText, NAME, `"name": "${'A'.repeat(65536)}"`),
    E(['S-LENGTH']), 'a name of exactly 65,536 bytes: at the limit, read, then refused by the schema'],
  ['gen-string-64kib-plus-1.json', () => edit(baseText, NAME, `"name": "${'A'.repeat(65537)}"`),
    U(['J-STRING-LENGTH']), 'a name one byte over the limit for one text'],
  ['gen-key-70kb.json', () => edit(baseText, NAME, `${NAME},\n    "${'k'.repeat(70000)}": 1`),
    U(['J-STRING-LENGTH']), 'a 70 KB member name'],
  ['gen-email-60kb.json', () => JSON.stringify(base(), (k, v) => (k === 'email' ? 'a'.repeat(60000) + '@b.c' : v)),
    E(['S-LENGTH']), 'a 60 KB e-mail address (its pattern once crashed std::regex by recursion)'],
  ['gen-email-dots.json', () => JSON.stringify(base(), (k, v) => (k === 'email' ? 'a@' + 'b.'.repeat(30000) + ' ' : v)),
    E(['S-LENGTH']), '30,000 dots in an e-mail address: no backtracking blow-up'],
  ['gen-annual-1001.json', () => JSON.stringify({ ...base(), annual: Array(1001).fill(base().annual[0]) }),
    U(['J-ITEMS']), 'annual with 1,001 entries: over the limit for one list'],
  ['gen-annual-1000.json', () => JSON.stringify({ ...base(), annual: Array(1000).fill(base().annual[0]) }),
    E(['S-ITEMS', 'R-YEARS']), 'annual with 1,000 entries: at the limit, every entry checked'],
  ['gen-explanations-1001.json', () => JSON.stringify({ ...base(),
    explanations: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`R-X-${i}`, '说明'])) }),
    U(['J-ITEMS']), 'explanations with 1,001 members: over the limit for one object'],
  ['gen-many-findings.json', () => {
    const item = `{${Array.from({ length: 1000 }, (_, i) => `"a${i}":0`).join(',')}}`;
    return `{"annual":[${Array(589).fill(item).join(',')}]}`;
  }, E(['S-ITEMS', 'S-REQUIRED', 'S-UNKNOWN-FIELD']), 'within every limit, 5 MiB of wrong annual entries: 11,788 findings (pairing typos was once quadratic in them)'],
];

export const cases = committed.map(([file, bytes, exp, why]) => ({ file, bytes, ...exp, why }));

export function manifest() {
  const entry = ({ file, expect, why, known_issue: k }, extra) => ({ file, expect, why, ...(k ? { known_issue: k } : {}), ...extra });
  return {
    comment: 'Hostile inputs: expected status and rule IDs (a subset of the file\'s issues), CLI and wasm alike. ' +
      'Regenerate with node tests/bad-inputs/make.mjs; "generated" files are written at test time, never committed.',
    files: [...cases.map((c) => entry(c)),
      ...generated.map(([file, , exp, why]) => entry({ file, ...exp, why }, { generated: true }))],
  };
}

export function writeGenerated(dir) {
  return generated.map(([file, contents]) => {
    const p = path.join(dir, file);
    writeFileSync(p, contents());
    return { file, path: p };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  rmSync(filesDir, { recursive: true, force: true });
  mkdirSync(filesDir, { recursive: true });
  for (const c of cases) writeFileSync(path.join(filesDir, c.file), c.bytes);
  writeFileSync(manifestPath, JSON.stringify(manifest(), null, 2) + '\n');
  console.log(`${cases.length} files in ${path.relative(root, filesDir)}, ${generated.length} generated at test time`);
}
