// Reading and reporting (issue 12, items 1-10 and 13): endless and misreported inputs, the time cap over reading,
// what a text report may write to a terminal, names that are not UTF-8, every unknown member, the one builder of
// unreadable results, empty directories, usage messages, --help of every command, csv columns per profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const clean = path.join(here, 'fixtures', 'clean.json');
const DATE = ['--check-date', '2025-06-30'];

function run(args, options = {}) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000, ...options });
  if (r.error) throw r.error;
  return r;
}
const sh = (script) => {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000, env: { ...process.env, CXJF: cli } });
  if (r.error) throw r.error;
  return r;
};
const ndjson = (stdout) => stdout.trim().split('\n').map((l) => JSON.parse(l));
function withDir(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-reading-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an endless standard input stops at the limit + 1 byte with J-SIZE, and the batch goes on', () => {
  const zero = openSync('/dev/zero', 'r');
  let r;
  try {
    r = run(['check', '--format', 'json', ...DATE, '-', clean], { stdio: [zero, 'pipe', 'pipe'] });
  } finally {
    closeSync(zero);
  }
  assert.equal(r.signal, null, 'finished, not killed by the timeout');
  const [stdin, ok] = JSON.parse(r.stdout).files;
  assert.deepEqual([stdin.file, stdin.status, stdin.issues.map((i) => i.rule)], ['-', 'unreadable', ['J-SIZE']]);
  assert.equal(stdin.issues[0].values.limit, 5242880);
  assert.match(stdin.issues[0].message_en, /larger than the limit of 5242880 bytes/);
  assert.doesNotMatch(stdin.issues[0].message_zh + stdin.issues[0].message_en, /[{}]/, 'every placeholder filled');
  assert.deepEqual([ok.file, ok.status], [clean, 'ok']);
  assert.equal(r.status, 1);

  const yes = sh(`yes '[' | "$CXJF" check --format ndjson --max-bytes 1000 -`);
  assert.equal(yes.signal, null);
  assert.deepEqual(ndjson(yes.stdout).map((o) => [o.status, o.issues[0].rule]), [['unreadable', 'J-SIZE']]);
});

test('a file whose reported size is 0 is read to its end; a read error is F-IO with exit 2', () => {
  const proc = ndjson(run(['check', '--format', 'ndjson', ...DATE, '/proc/self/status']).stdout)[0];
  assert.equal(proc.status, 'unreadable');
  assert.equal(proc.issues[0].rule, 'J-SYNTAX', 'read, not called empty');
  assert.match(proc.issues[0].message_en, /^Line 1, column 1/);
  // Reported as 0 bytes, but longer than the limit: reading stops at the limit + 1, whatever size was reported.
  const environ = ndjson(run(['check', '--format', 'ndjson', '--max-bytes', '20', ...DATE, '/proc/self/maps']).stdout)[0];
  assert.deepEqual([environ.issues[0].rule, environ.issues[0].values], ['J-SIZE', { limit: 20 }]);
  // Standard input that cannot be read (a directory): F-IO, exit 2, the other file still checked.
  const dir = openSync(root, 'r');
  try {
    const r = run(['check', '--format', 'ndjson', ...DATE, '-', clean], { stdio: [dir, 'pipe', 'pipe'] });
    const [stdin, ok] = ndjson(r.stdout);
    assert.equal(stdin.issues[0].rule, 'F-IO');
    assert.match(stdin.issues[0].message_en, /directory/i);
    assert.equal(ok.status, 'ok');
    assert.equal(r.status, 2);
  } finally {
    closeSync(dir);
  }
});

test('the time cap bounds the reading: a pipe that keeps us waiting, a huge file allowed by --max-bytes', () => {
  const slow = sh(`(sleep 4; cat "${clean}") | "$CXJF" check --format ndjson --max-ms 300 -`);
  const [timed] = ndjson(slow.stdout);
  assert.deepEqual([timed.status, timed.issues.map((i) => i.rule), timed.issues[0].values.limit], ['unreadable', ['F-TIME'], 300]);
  withDir((dir) => {
    // 60 MB of "[1,1,1,…" cut off at the end: the strict reader would report J-SYNTAX at its last byte; the cap
    // stops it first (before the fix, the reading ran to the end whatever the cap).
    const big = path.join(dir, 'big.json');
    writeFileSync(big, '[' + '1,'.repeat(30_000_000));
    const r = run(['check', '--format', 'ndjson', '--max-bytes', '100000000', '--max-items', '100000000', '--max-ms', '50', ...DATE, big, clean]);
    const [huge, ok] = ndjson(r.stdout);
    assert.deepEqual([huge.status, huge.issues.map((i) => i.rule)], ['unreadable', ['F-TIME']]);
    assert.equal(ok.status, 'ok', 'the batch goes on');
  });
});

test('the text report shows control characters, bidi controls and non-UTF-8 bytes escaped; JSON keeps the exact name', () => {
  withDir((dir) => {
    const hostile = 'a\nb\x1b[31mred\u202e.json';
    writeFileSync(path.join(dir, hostile), readFileSync(clean));
    const filing = JSON.parse(readFileSync(clean, 'utf8'));
    filing.enterprise['\x1b]0;pwned\x07x'] = 1;  // an unknown member: its name is in the message
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(filing));
    const text = run(['check', ...DATE, '--lang', 'en', dir]).stdout;
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f\u202e]/.test(text), 'no raw control or bidi character reaches the terminal');
    assert.ok(text.includes('a\\nb\\x1b[31mred\\u202e.json'), text);
    assert.ok(text.includes('\\x1b]0;pwned\\x07x'), text);
    for (const line of text.split('\n').filter((l) => l.includes('.json'))) assert.match(line, /^[✓⚠✗] /, 'one line per file');
    const json = JSON.parse(run(['check', '--format', 'json', ...DATE, dir]).stdout);
    assert.ok(json.files.some((f) => f.file === path.join(dir, hostile)), 'JSON writes the name as it is');
  });
  withDir((dir) => {
    const raw = Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xff, 0xfe]), Buffer.from('名.json')]);
    writeFileSync(raw, readFileSync(clean));
    const [obj] = ndjson(run(['check', '--format', 'ndjson', ...DATE, dir]).stdout);
    assert.equal(obj.file, `${dir}/\\xff\\xfe名.json`, 'each byte that is not UTF-8 as \\xNN, not U+FFFD');
    assert.equal(Buffer.from(obj.fileHex, 'hex').toString('latin1'), raw.toString('latin1'), 'fileHex: the exact bytes');
    assert.equal(obj.status, 'ok');
    const text = run(['check', ...DATE, dir]).stdout;
    assert.ok(text.includes('\\xff\\xfe名.json'), text);
    const csv = run(['check', '--format', 'csv', ...DATE, dir]).stdout;
    assert.ok(csv.includes('\\xff\\xfe名.json'), csv);
  });
});

test('a NUL byte after a bracket is a syntax error at its place, not UTF-16', () => {
  const [obj] = ndjson(run(['check', '--format', 'ndjson', ...DATE, '-'], { input: Buffer.from('[\x00]') }).stdout);
  assert.equal(obj.issues[0].rule, 'J-SYNTAX');
  assert.deepEqual([obj.issues[0].values.line, obj.issues[0].values.column], [1, 2]);
  const utf16 = Buffer.from('{"a":1}', 'utf16le');
  assert.equal(ndjson(run(['check', '--format', 'ndjson', '-'], { input: utf16 }).stdout)[0].issues[0].rule, 'J-BOM');
});

test('every unknown member of an object is reported, fifty and then a count', () => {
  const filing = JSON.parse(readFileSync(clean, 'utf8'));
  Object.assign(filing.enterprise, { a: 1, b: 2, c: 3 });
  const [obj] = ndjson(run(['check', '--format', 'ndjson', ...DATE, '-'], { input: JSON.stringify(filing) }).stdout);
  assert.deepEqual(obj.issues.map((i) => [i.rule, i.path]),
    [['S-UNKNOWN-FIELD', '/enterprise/a'], ['S-UNKNOWN-FIELD', '/enterprise/b'], ['S-UNKNOWN-FIELD', '/enterprise/c']]);
  for (let i = 0; i < 60; i++) filing.enterprise[`x${String(i).padStart(2, '0')}`] = i;
  const [many] = ndjson(run(['check', '--format', 'ndjson', ...DATE, '-'], { input: JSON.stringify(filing) }).stdout);
  const listed = many.issues.filter((i) => i.rule === 'S-UNKNOWN-FIELD' && i.path.startsWith('/enterprise/'));
  const more = many.issues.filter((i) => i.rule === 'S-UNKNOWN-FIELD' && i.path === '/enterprise');
  assert.equal(listed.length, 50);
  assert.deepEqual(more.map((i) => i.values.count), [13]);
  assert.match(more[0].message_zh, /还有 13 个/);
});

test('score and verify report a file too large to read with the check\'s own finding, every placeholder filled', () => {
  withDir((dir) => {
    const big = path.join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(6 * 1024 * 1024));
    const score = run(['score', big]);
    assert.equal(score.status, 1);
    assert.match(score.stderr, /J-SIZE 文件大小为 6291456 字节，超过每个文件 5242880 字节的上限/);
    assert.doesNotMatch(score.stderr, /[{}]/);
    const verify = run(['verify', big]);
    assert.equal(verify.status, 1);
    assert.match(verify.stdout, /unreadable/);
    assert.doesNotMatch(verify.stdout, /absent/);
    assert.match(verify.stdout, /J-SIZE {2}文件大小为 6291456 字节/);
    const json = JSON.parse(run(['verify', '--format', 'json', big]).stdout);
    assert.equal(json.status, 'unreadable');
    const missing = run(['score', path.join(dir, 'nope.json')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /F-IO/);
  });
});

test('a directory given alone that holds no *.json says so and exits 2', () => {
  withDir((dir) => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'notes.txt'), 'x');
    for (const command of [['check'], ['export', '--csv', path.join(dir, 'x.csv')], ['verify']]) {
      const r = run([...command, dir]);
      assert.equal(r.status, 2, command[0]);
      assert.match(r.stderr, new RegExp(`no \\*\\.json file found in ${dir}`), command[0]);
    }
    // Beside a file that is found: a note on stderr, the batch checked.
    const r = run(['check', ...DATE, dir, clean]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /no \*\.json file found in/);
  });
});

test('usage errors say what is accepted; every command answers --help with its usage and exit 0', () => {
  const ms = run(['check', '--max-ms', '-5', clean]);
  assert.equal(ms.status, 2);
  assert.match(ms.stderr, /--max-ms expects 0 \(no cap\) or an integer from 1 to 86400000/);
  assert.match(run(['check', '--jobs', '0', clean]).stderr, /--jobs expects an integer from 1 to 1024/);
  for (const command of ['check', 'score', 'export', 'keygen', 'sign', 'verify', 'schema', 'rules']) {
    for (const flag of ['--help', '-h']) {
      const r = run([command, flag]);
      assert.equal(r.status, 0, `${command} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: cxjf ${command}`), command);
      assert.equal(r.stderr, '');
    }
    const bad = run([command, '--no-such-option']);
    assert.equal(bad.status, 2, command);
    assert.match(bad.stderr, new RegExp(`cxjf ${command}: unknown option --no-such-option\\n\\nusage: cxjf ${command}`), command);
  }
});

test('check --format csv has columns for every profile loaded, a province\'s own too', () => {
  withDir((dir) => {
    const profile = JSON.parse(readFileSync(path.join(root, 'forms', '2025', 'profiles', 'tech-sme.json'), 'utf8'));
    profile.id = 'anhui-sme';
    const file = path.join(dir, 'anhui.json');
    writeFileSync(file, JSON.stringify(profile));
    const lines = run(['check', '--format', 'csv', '--profile', file, ...DATE, clean]).stdout.trim().split('\r\n');
    const header = lines[0].split(',');
    assert.ok(header.includes('anhui_sme_score') && header.includes('anhui_sme_eligible'), lines[0]);
    for (const name of ['tech_sme_score', 'high_tech_conditions_met', 'estimate_unofficial_score', 'estimate_unofficial_bonus', 'stage'])
      assert.ok(header.includes(name), name);
    const row = lines[1].split(',');
    assert.equal(row.length, header.length);
    assert.equal(row[header.indexOf('anhui_sme_score')], row[header.indexOf('tech_sme_score')], 'the same profile under its new id');
  });
});
