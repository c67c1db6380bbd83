// The wasm engine under Node: the JS API of wasm/cxjf.js, the strict reader's findings, and the one-engine
// promise: the browser's engine gives exactly the native CLI's verdict for every example file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CHECK_DATE, cliPath, fixturesDir, jsonFiles, loadNodeEngine, repoRoot, siteDir, siteUrl } from './support.mjs';

const engine = await loadNodeEngine();
const fixture = (name) => readFileSync(path.join(fixturesDir, name));
const check = (input, options = {}) => engine.check(input, { checkDate: CHECK_DATE, ...options });
const rules = (result) => result.issues.map((i) => i.rule);
const examples = jsonFiles(path.join(repoRoot, 'examples'));

test('version() names the engine and the ruleset of forms/2025', () => {
  const rulesJson = JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', 'rules.json'), 'utf8'));
  const v = engine.version();
  assert.deepEqual(Object.keys(v), ['engine', 'ruleset']);
  assert.match(v.engine, /^cxjf \d+\.\d+\.\d+$/);
  assert.equal(v.ruleset, rulesJson.ruleset);
});

test('a clean filing is ok, with no issue', (t) => {
  const cleanExamples = examples.filter((f) => /(^|[-_.])(clean|ok|valid)([-_.]|$)/i.test(path.basename(f)));
  t.diagnostic(`clean examples: ${cleanExamples.map((f) => path.basename(f)).join(', ') || 'none yet'}`);
  for (const file of [path.join(fixturesDir, 'clean.json'), ...cleanExamples]) {
    const r = check(readFileSync(file));
    assert.equal(r.status, 'ok', `${file}: ${JSON.stringify(r.issues)}`);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.counts, { errors: 0, warnings: 0, explained: 0 });
    assert.equal(r.signature.status, 'absent');
  }
});

test('a filing as a string and as bytes gives the same result', () => {
  for (const name of ['clean.json', 'errors.json', 'warnings.json', 'schema.json', 'envelope.json']) {
    const bytes = fixture(name);
    const fromBytes = check(bytes);
    assert.deepEqual(check(bytes.toString('utf8')), fromBytes, name);
    assert.deepEqual(check(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), fromBytes, name);
    assert.deepEqual(check(new DataView(bytes.buffer, bytes.byteOffset, bytes.length)), fromBytes, name);
  }
});

test('errors, warnings and explained warnings are counted as DESIGN §3 says', () => {
  const errors = check(fixture('errors.json'));
  assert.equal(errors.status, 'errors');
  for (const rule of ['R-ID-USCC', 'R-FIN-RD-COST', 'R-STAFF-SUBSET', 'R-LOAN', 'S-UNKNOWN-FIELD'])
    assert.ok(rules(errors).includes(rule), `${rule} missing in ${rules(errors)}`);
  assert.equal(errors.issues.find((i) => i.rule === 'S-UNKNOWN-FIELD').path, '/enterprise/nickname');
  const usccIssue = errors.issues.find((i) => i.rule === 'R-ID-USCC');
  assert.equal(usccIssue.path, '/enterprise/uscc');
  assert.match(usccIssue.message_zh, /统一社会信用代码/);
  assert.match(usccIssue.message_en, /check character/i);

  const warnings = check(fixture('warnings.json'));
  assert.equal(warnings.status, 'warnings');
  assert.deepEqual(warnings.counts, { errors: 0, warnings: 2, explained: 1 });
  assert.equal(warnings.issues.find((i) => i.rule === 'R-FIN-INSOLVENT').explained, true);
  assert.equal(warnings.issues.find((i) => i.rule === 'R-FIN-UNIT-JUMP').explained, false);

  const envelope = check(fixture('envelope.json'));
  assert.equal(envelope.status, 'ok');
  assert.equal(envelope.envelope, true);
  assert.equal(envelope.signature.status, 'unverified');
});

test('malformed JSON is unreadable: J-SYNTAX with line and column', () => {
  const r = check('{"enterprise": {"name": "示例"');
  assert.equal(r.status, 'unreadable');
  assert.deepEqual(rules(r), ['J-SYNTAX']);
  assert.equal(r.issues[0].case, 'unexpected-end');
  assert.match(r.issues[0].message_zh, /^第 1 行第 \d+ 列/);
});

test('bytes FF FE 00 are UTF-16: J-BOM', () => {
  const r = check(new Uint8Array([0xff, 0xfe, 0x00]));
  assert.equal(r.status, 'unreadable');
  assert.deepEqual(rules(r), ['J-BOM']);
  assert.equal(r.issues[0].case, 'utf16');
});

test('invalid UTF-8 reaches the reader byte for byte: J-UTF8', () => {
  const r = check(Buffer.from('{"a":"\xC3\x28"}', 'latin1'));
  assert.equal(r.status, 'unreadable');
  assert.deepEqual(rules(r), ['J-UTF8']);
  assert.equal(r.issues[0].path, '/a');
  assert.deepEqual(r.issues[0].values, { line: 1, column: 7, offset: 6 });
});

test('100,000 nested arrays stop at the depth limit: J-DEPTH', () => {
  const r = check('['.repeat(100000));
  assert.equal(r.status, 'unreadable');
  assert.deepEqual(rules(r), ['J-DEPTH']);
  assert.equal(r.issues[0].values.limit, 64);
  // the deepest nesting the options allow is read and checked without exhausting the wasm stack
  const deep = check('['.repeat(1000) + ']'.repeat(1000), { maxDepth: 1000 });
  assert.equal(deep.status, 'errors');
  assert.deepEqual(rules(deep), ['S-TYPE']);
});

test('the other reading limits and the time cap: J-STRING-LENGTH, J-ITEMS, F-TIME (same defaults as the CLI)', () => {
  const long = check(JSON.stringify({ enterprise: { name: 'x'.repeat(65537) } }));
  assert.deepEqual([long.status, rules(long), long.issues[0].path, long.issues[0].values.limit],
    ['unreadable', ['J-STRING-LENGTH'], '/enterprise/name', 65536]);
  assert.notEqual(check(JSON.stringify({ enterprise: { name: 'x'.repeat(65536) } })).status, 'unreadable');
  const many = check(JSON.stringify({ annual: Array(1001).fill(0) }));
  assert.deepEqual([many.status, rules(many), many.issues[0].path, many.issues[0].values.limit],
    ['unreadable', ['J-ITEMS'], '/annual', 1000]);
  assert.match(many.issues[0].message_zh, /列表条目超过 1000 个/);
  assert.deepEqual(rules(check('{"a":1,"b":2,"c":3}', { maxItems: 2 })), ['J-ITEMS']);
  // About 4 MB of explanations: reading alone takes longer than 1 ms, so the cap is reached; 0 means no cap.
  const big = JSON.parse(fixture('clean.json'));
  big.explanations = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`X-${i}`, 'x'.repeat(4500)]));
  const text = JSON.stringify(big);
  const capped = check(text, { maxMs: 1 });
  assert.deepEqual([capped.status, rules(capped), capped.issues[0].values.limit], ['unreadable', ['F-TIME'], 1]);
  assert.match(capped.issues[0].message_zh, /1 毫秒/);
  assert.notEqual(check(text, { maxMs: 0 }).status, 'unreadable');
});

test('limits(): the engine\'s defaults, which the CLI states in its help and the bureau page reads', { skip: !existsSync(cliPath) && 'no native CLI' }, () => {
  const limits = engine.limits();
  assert.deepEqual(limits, { maxBytes: 5242880, maxDepth: 64, maxStringBytes: 65536, maxItems: 1000, maxMs: 2000 });
  const help = spawnSync(cliPath, ['check', '--help'], { encoding: 'utf8' }).stdout;
  for (const [flag, value] of [['--max-bytes', limits.maxBytes], ['--max-depth', limits.maxDepth],
    ['--max-string-bytes', limits.maxStringBytes], ['--max-items', limits.maxItems], ['--max-ms', limits.maxMs]]) {
    assert.match(help, new RegExp(`${flag} N .*\\(default ${value}\\)`), flag);
  }
});

test('a duplicate key is J-DUPLICATE-KEY at the key', () => {
  const r = check('{"enterprise": {"name": "甲公司", "uscc": "x", "name": "乙公司"}}');
  assert.equal(r.status, 'unreadable');
  assert.deepEqual(rules(r), ['J-DUPLICATE-KEY']);
  assert.equal(r.issues[0].path, '/enterprise/name');
  assert.match(r.issues[0].message_zh, /企业名称/);
});

test('a file larger than maxBytes is J-SIZE, as bytes and as a string', () => {
  const bytes = fixture('clean.json');
  const limit = bytes.length - 1;
  const expected = { bytes: bytes.length, limit };
  for (const input of [bytes, bytes.toString('utf8')]) {
    const r = check(input, { maxBytes: limit });
    assert.equal(r.status, 'unreadable');
    assert.deepEqual(rules(r), ['J-SIZE']);
    assert.deepEqual(r.issues[0].values, expected);
  }
  assert.equal(check(bytes, { maxBytes: bytes.length }).status, 'ok');
});

test('bad options are an X-INTERNAL finding, never a throw', () => {
  for (const options of [{ checkDate: '2025-02-30' }, { checkDate: 20250630 }, { maxBytes: 0 }, { maxBytes: 1.5 },
                         { maxDepth: 1001 }, { maxDepth: '64' }, { checkdate: CHECK_DATE }, { maxStringBytes: 0 },
                         { maxItems: -1 }, { maxMs: -1 }, { maxMs: 86400001 }, { maxMs: '2000' }]) {
    const r = engine.check('{}', options);
    assert.equal(r.status, 'unreadable', JSON.stringify(options));
    assert.deepEqual(rules(r), ['X-INTERNAL']);
    assert.equal(r.issues[0].case, 'options');
    assert.match(r.issues[0].message_en, /invalid options/);
  }
  assert.equal(engine.check('{}', null).status, 'errors');  // no options at all is fine
});

test('every binding answers in JSON text, even for a bad argument', async () => {
  const { default: createCxjf } = await import(siteUrl('cxjf-engine.js'));
  const mod = await createCxjf({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-engine.wasm')) });
  assert.deepEqual(JSON.parse(mod.version()), engine.version());
  const notBytes = JSON.parse(mod.checkBytes('not a Uint8Array', ''));
  assert.deepEqual(notBytes.issues.map((i) => [i.rule, i.values.detail]), [['X-INTERNAL', 'checkBytes expects a Uint8Array']]);
  assert.equal(JSON.parse(mod.check('{}', '{"maxDepth":')).issues[0].case, 'options');
  assert.equal(mod.form('no-such-form.json'), '');
  assert.equal(JSON.parse(mod.form('filing.schema.json')).$schema, 'http://json-schema.org/draft-07/schema#');
});

test('form() returns the compiled-in forms and refuses unknown names', async () => {
  // The wasm build embeds the forms without indentation, and its long code tables nested by parent code
  // (cmake/minify_json.py): the same values, fewer bytes to download.
  const { flatCodes } = await import(new URL('../../site/form-model.js', import.meta.url));
  const nested = { 'regions.json': ['cities', 'counties'], 'industries.json': ['groups', 'classes'] };
  // (The enterprise engine leaves out sheet.json and profile.schema.json: tests/js/sheet.test.mjs.)
  for (const name of ['filing.schema.json', 'messages.zh.json', 'messages.en.json', 'labels.zh.json', 'rules.json',
                      'regions.json', 'industries.json', 'banks.json']) {
    const embedded = JSON.parse(engine.form(name));
    for (const member of nested[name] ?? []) {
      assert.ok(Object.values(embedded[member]).every((v) => typeof v === 'object'), `${name} ${member} is nested`);
      embedded[member] = flatCodes(embedded[member]);
    }
    assert.deepEqual(embedded, JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', name), 'utf8')), name);
  }
  assert.throws(() => engine.form('../CMakeLists.txt'), /no form file named/);
  assert.throws(() => engine.check(42), TypeError);
});

test('the engine runs where code generation from strings is forbidden (CSP without unsafe-eval)', () => {
  const script = `
    import { loadNodeEngine } from ${JSON.stringify(new URL('./support.mjs', import.meta.url).href)};
    const e = await loadNodeEngine();
    process.stdout.write(JSON.stringify([e.version().ruleset, e.check('{}').status, e.check(new Uint8Array([0xff])).status]));`;
  const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
                        { encoding: 'utf8', env: process.env });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [engine.version().ruleset, 'errors', 'unreadable']);
});

test('a loan with listed banks is accepted (the bank table is compiled in)', () => {
  assert.deepEqual(check(fixture('loan.json')).issues, []);
});

// ---- one engine: wasm and the native CLI agree on every file ----------------------------------------------

// Hostile inputs beside the example filings, written to a temporary folder for the CLI.
const hostile = {
  'bom-utf8.json': Buffer.from('\xEF\xBB\xBF{}', 'latin1'),
  'bom-utf16.json': Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  'bad-utf8.json': Buffer.from('{"enterprise":{"name":"\xC3\x28"}}', 'latin1'),
  'overlong-utf8.json': Buffer.from('{"a":"\xC0\xAF"}', 'latin1'),
  'surrogate.json': Buffer.from('{"a":"\\ud800"}'),
  'deep.json': Buffer.from('['.repeat(100000)),
  'duplicate-key.json': Buffer.from('{"filingYear":2025,"enterprise":{"uscc":"1","uscc":"2"}}'),
  'syntax.json': Buffer.from('{"filingYear": 2025,}'),
  'trailing.json': Buffer.from('{} {}'),
  'empty.json': Buffer.from(' \n'),
  'big-integer.json': Buffer.from('{"filingYear": 9007199254740993}'),
  'nan.json': Buffer.from('{"filingYear": NaN}'),
  'array.json': Buffer.from('[1, 2, 3]'),
  'envelope-v2.json': Buffer.from('{"format":"cxjf.envelope/2","filing":{}}'),
  'envelope-no-filing.json': Buffer.from('{"format":"cxjf.envelope/1","filing":[]}'),
  'too-large.json': Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(5 * 1024 * 1024, 0x61), Buffer.from('"}')]),
};

function runCli(files, extraArgs) {
  const run = spawnSync(cliPath, ['check', '--format', 'json', '--check-date', CHECK_DATE, '--jobs', '1', ...extraArgs, ...files],
                        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.ok(run.status === 0 || run.status === 1, `cxjf exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout).files;
}

const cliSkip = !existsSync(cliPath) &&
  `no native CLI at ${cliPath}: build it (cmake -S . -B build && cmake --build build --target cxjf) or set CXJF_CLI`;

test('one engine: wasm gives the native CLI\'s result for every example, fixture and hostile file', { skip: cliSkip }, (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'cxjf-one-engine-'));
  try {
    for (const [name, bytes] of Object.entries(hostile)) writeFileSync(path.join(tmp, name), bytes);
    const files = [...examples, ...jsonFiles(fixturesDir), ...jsonFiles(tmp)];
    t.diagnostic(`${examples.length} examples, ${files.length} files in all`);
    for (const [args, options] of [[[], {}], [['--max-bytes', '4000', '--max-depth', '6'], { maxBytes: 4000, maxDepth: 6 }],
                                   [['--max-string-bytes', '12', '--max-items', '2'], { maxStringBytes: 12, maxItems: 2 }]]) {
      const native = runCli(files, args);
      assert.equal(native.length, files.length);
      native.forEach((expected, i) => {
        assert.equal(expected.file, files[i]);
        // "peer" is the filing's percentile in this batch: the CLI adds it, a single check cannot. The CLI verifies
        // signatures with OpenSSL; the engine in wasm checks all but the signature itself (the page's JS does that):
        // where the CLI says "valid", wasm says "unverified", and every other field is the same.
        const { file, peer, ...nativeResult } = expected;
        if (nativeResult.signature?.status === 'valid') nativeResult.signature = { ...nativeResult.signature, status: 'unverified' };
        const wasm = check(readFileSync(files[i]), options);
        const essentials = (r) => ({
          status: r.status,
          issues: r.issues.map(({ rule, severity, path: p, message_zh, message_en }) => ({ rule, severity, path: p, message_zh, message_en })),
        });
        // A difference here after a rebuild of only one side: build/ and build-wasm/ must come from the same sources.
        assert.deepEqual(essentials(wasm), essentials(nativeResult), `${file} ${args.join(' ')}`);
        assert.deepEqual(wasm, nativeResult, `${file} ${args.join(' ')} (whole result)`);
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('one engine: wasm score() gives the native `cxjf score` result for every example', { skip: cliSkip }, () => {
  const examples = jsonFiles(path.join(repoRoot, 'examples'));
  assert.ok(examples.length >= 12);
  for (const file of examples) {
    const run = spawnSync(cliPath, ['score', '--format', 'json', '--check-date', CHECK_DATE, file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const native = JSON.parse(run.stdout);
    const wasm = engine.score(readFileSync(file), { checkDate: CHECK_DATE });
    assert.equal(wasm.status, native.status, file);
    assert.deepEqual(wasm.profiles, native.profiles, file);
    const estimate = wasm.profiles.find((p) => p.profile === 'innovation-points-estimate');
    assert.deepEqual(estimate.label, { zh: '非官方估算', en: 'unofficial estimate' });
  }
});

test('score() of an unreadable file is the check result; percentiles() ranks peers', () => {
  const bad = engine.score('{"a":', { checkDate: CHECK_DATE });
  assert.equal(bad.status, 'unreadable');
  assert.deepEqual(bad.profiles, []);
  const ranks = engine.percentiles([{ section: 'C', stage: 'growth', score: 50 }, { section: 'C', stage: 'growth', score: 70 },
                                    { section: 'I', stage: 'mature', score: 60 }]);
  assert.deepEqual(ranks.map((r) => [r.group, r.groupSize, r.percentile]), [['C/growth', 2, 25], ['C/growth', 2, 75], ['I/mature', 1, 50]]);
  assert.throws(() => engine.percentiles({}), /percentiles expects an array/);
});

test('signing inputs are checked: key length, algorithm, timestamps, signature length', () => {
  const filing = readFileSync(path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json'));
  const key32 = Buffer.alloc(32, 7).toString('base64url');
  const ok = engine.prepareEnvelope(filing, { publicKey: key32, checkDate: CHECK_DATE });
  assert.equal(ok.signable, true);
  for (const input of [{ publicKey: Buffer.alloc(31, 7).toString('base64url') }, { publicKey: key32, alg: 'SM9' },
                       { publicKey: key32, signedAt: '<script>' }, { publicKey: key32, colour: 'red' }]) {
    assert.throws(() => engine.prepareEnvelope(filing, { checkDate: CHECK_DATE, ...input }), /invalid options/, JSON.stringify(input));
  }
  assert.throws(() => engine.completeEnvelope(ok.envelope, new Uint8Array(1)), /64 bytes/);
  assert.throws(() => engine.keyId(new Uint8Array(31)), /32 \(Ed25519\) or 65 \(SM2\)/);
});

test('RFC 8785 numbers in wasm: 100,000 doubles canonicalize exactly as JSON.stringify writes them', () => {
  const view = new DataView(new ArrayBuffer(8));
  let a = 0x2545f491, b = 0x9e3779b9;
  const next = (x) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
  const values = [];
  while (values.length < 100_000) {
    a = next(a); b = next(b);
    view.setUint32(0, a); view.setUint32(4, b);
    const d = view.getFloat64(0);
    // Integral values between 2^53 and 1e21 print as integer tokens, which the strict reader refuses (I-JSON);
    // the native test (jcs-numbers) covers them through the number formatter directly.
    const bareBigInteger = Number.isInteger(d) && Math.abs(d) > 2 ** 53 && Math.abs(d) < 1e21;
    if (Number.isFinite(d) && !bareBigInteger) values.push(d);
  }
  values.push(-0, 5e-324, 1e21, 1e-7, 0.1 + 0.2);
  // In lists of 1,000: the reading limit for one list (Limits::maxItems).
  const text = JSON.stringify(Array.from({ length: Math.ceil(values.length / 1000) }, (_, i) => values.slice(i * 1000, i * 1000 + 1000)));
  const { canonical, error } = engine.canonicalize(text);
  assert.equal(error, undefined);
  assert.ok(canonical === text, 'the canonical text differs from JSON.stringify');
});
