// CLI contract tests (DESIGN §6): exit codes, the json/ndjson/csv shapes, directories with bad files, stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, symlinkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const fixtures = path.join(here, 'fixtures');
const DATE = ['--check-date', '2025-06-30'];

// One CSV line into its cells, quotes kept (a quoted cell may hold commas).
function splitCsv(line) {
  const cells = [];
  let cell = '', quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { cells.push(cell); cell = ''; } else cell += ch;
  }
  return [...cells, cell];
}

function run(args, input) {
  const r = spawnSync(cli, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}
const fixture = (name) => path.join(fixtures, name);

test('exit 0 when no file has an error, 1 when one has, 2 on usage errors', () => {
  assert.equal(run(['check', ...DATE, fixture('clean.json')]).status, 0);
  assert.equal(run(['check', ...DATE, fixture('insolvent-warning.json')]).status, 0, 'warnings alone do not fail');
  assert.equal(run(['check', ...DATE, fixture('clean.json'), fixture('wrong-uscc.json')]).status, 1);
  assert.equal(run(['check']).status, 2);
  assert.equal(run(['check', '--format', 'xml', fixture('clean.json')]).status, 2);
  assert.equal(run(['check', '--jobs', '0', fixture('clean.json')]).status, 2);
  assert.equal(run(['check', '--bogus', fixture('clean.json')]).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run([]).status, 2);
});

test('--format json prints files[] and summary with the DESIGN §6 keys', () => {
  const r = run(['check', '--format', 'json', ...DATE, fixture('clean.json'), fixture('wrong-uscc.json')]);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files.length, 2);
  const [clean, wrong] = out.files;
  assert.equal(clean.file, fixture('clean.json'));
  assert.equal(clean.status, 'ok');
  assert.deepEqual(clean.issues, []);
  assert.deepEqual(clean.signature, { status: 'absent' });
  assert.equal(wrong.status, 'errors');
  assert.equal(wrong.issues.length, 1);
  const issue = wrong.issues[0];
  for (const key of ['rule', 'severity', 'path', 'message_zh', 'message_en']) assert.ok(key in issue, key);
  assert.equal(issue.rule, 'R-ID-USCC');
  assert.equal(issue.severity, 'error');
  assert.equal(issue.path, '/enterprise/uscc');
  assert.match(issue.message_zh, /校验位/);
  assert.match(issue.message_en, /check character/);
  assert.deepEqual({ ...out.summary, engine: undefined, ruleset: undefined },
    { files: 2, ok: 1, warnings: 0, errors: 1, unreadable: 0, engine: undefined, ruleset: undefined, checkDate: '2025-06-30' });
  assert.match(out.summary.engine, /^cxjf \d+\.\d+\.\d+$/);
});

test('--format ndjson prints one complete file object per line, in input order', () => {
  const files = ['clean.json', 'wrong-uscc.json', 'insolvent-warning.json'].map(fixture);
  const r = run(['check', '--format', 'ndjson', '--jobs', '2', ...DATE, ...files]);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  const objs = lines.map((l) => JSON.parse(l));
  assert.deepEqual(objs.map((o) => o.file), files);
  assert.deepEqual(objs.map((o) => o.status), ['ok', 'errors', 'warnings']);
  assert.equal(objs[2].issues[0].explained, false);
});

test('--format csv has a header, one row per file, and neutralises formulas', () => {
  const r = run(['check', '--format', 'csv', ...DATE, fixture('formula-name.json'), fixture('wrong-uscc.json')]);
  const rows = r.stdout.trimEnd().split('\r\n');
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^file,status,errors,warnings,explained,uscc,name,/);
  assert.ok(rows[1].includes(`"'=HYPERLINK(""http://x"",""点我"")"`), rows[1]);
  assert.ok(!/(^|,)"?=/.test(rows[1]), 'no cell may start with =');
  assert.match(rows[2], /,errors,1,0,0,"91350100M000100Y44",/);
  assert.ok(rows[2].includes(',absent,"R-ID-USCC",'), rows[2]);
});

test('text report is Chinese by default and English with --lang en', () => {
  const zh = run(['check', ...DATE, fixture('wrong-uscc.json')]);
  assert.match(zh.stdout, /有错误：1 个错误/);
  assert.match(zh.stdout, /共 1 个文件：通过 0，有警告 0，有错误 1，无法读取 0/);
  const en = run(['check', '--lang', 'en', ...DATE, fixture('wrong-uscc.json')]);
  assert.match(en.stdout, /errors: 1 error/);
  assert.match(en.stdout, /Wrong USCC check character/);
});

test('no progress bar or other noise on stderr when it is not a terminal', () => {
  const r = run(['check', '--format', 'json', ...DATE, fixtures]);
  assert.equal(r.stderr, '');
});

test('a directory with an unreadable file and a binary file: every file reported, batch goes on, exit 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-cli-'));
  try {
    writeFileSync(path.join(dir, 'a-clean.json'), readFileSync(fixture('clean.json')));
    writeFileSync(path.join(dir, 'b-binary.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]));
    symlinkSync(path.join(dir, 'does-not-exist'), path.join(dir, 'c-unreadable.json'));
    mkdirSync(path.join(dir, 'd-folder.json'));  // a directory named *.json is walked, not read
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'e-wrong.json'), readFileSync(fixture('wrong-uscc.json')));
    writeFileSync(path.join(dir, 'sub', 'notes.txt'), 'not a filing');
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));  // a link back up must not trap the walk
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'f-fifo.json')]).status, 0);  // reading it would block forever
    const r = run(['check', '--format', 'json', ...DATE, dir]);
    const out = JSON.parse(r.stdout);
    const byName = Object.fromEntries(out.files.map((f) => [path.relative(dir, f.file), f]));
    assert.deepEqual(Object.keys(byName), ['a-clean.json', 'b-binary.json', 'c-unreadable.json', 'f-fifo.json', 'sub/e-wrong.json']);
    assert.equal(byName['f-fifo.json'].issues[0].rule, 'F-IO');
    assert.equal(byName['a-clean.json'].status, 'ok');
    assert.equal(byName['b-binary.json'].status, 'unreadable');
    assert.equal(byName['b-binary.json'].issues[0].rule, 'J-UTF8');
    assert.equal(byName['c-unreadable.json'].status, 'unreadable');
    assert.equal(byName['c-unreadable.json'].issues[0].rule, 'F-IO');
    assert.equal(byName['sub/e-wrong.json'].status, 'errors');
    assert.equal(out.summary.files, 5);
    assert.equal(out.summary.unreadable, 3);
    assert.equal(r.status, 2, 'a file that cannot be read from disk is an I/O failure');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing path is reported as a file and the others are still checked', () => {
  const r = run(['check', '--format', 'ndjson', ...DATE, '/nonexistent/x.json', fixture('clean.json')]);
  const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(objs.length, 2);
  assert.equal(objs[0].issues[0].rule, 'F-IO');
  assert.equal(objs[1].status, 'ok');
  assert.equal(r.status, 2);
});

test('standard input with -', () => {
  const r = run(['check', '--format', 'ndjson', ...DATE, '-'], readFileSync(fixture('wrong-uscc.json')));
  const obj = JSON.parse(r.stdout);
  assert.equal(obj.file, '-');
  assert.equal(obj.issues[0].rule, 'R-ID-USCC');
  assert.equal(r.status, 1);
  const bad = run(['check', '--format', 'ndjson', ...DATE, '-'], '{"a":1,"a":2}');
  assert.equal(JSON.parse(bad.stdout).issues[0].rule, 'J-DUPLICATE-KEY');
});

test('limits: --max-bytes refuses a larger file without reading it, --max-depth a deeper one', () => {
  const big = run(['check', '--format', 'ndjson', '--max-bytes', '100', ...DATE, fixture('clean.json')]);
  const obj = JSON.parse(big.stdout);
  assert.equal(obj.status, 'unreadable');
  assert.equal(obj.issues[0].rule, 'J-SIZE');
  assert.equal(obj.issues[0].values.limit, 100);
  assert.equal(obj.issues[0].values.bytes, readFileSync(fixture('clean.json')).length);
  const deep = run(['check', '--format', 'ndjson', '--max-depth', '3', ...DATE, '-'], '[[[[1]]]]');
  assert.equal(JSON.parse(deep.stdout).issues[0].rule, 'J-DEPTH');
});

test('limits: --max-string-bytes, --max-items and the time cap --max-ms; the batch goes on after each', () => {
  const first = (r) => r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((o) => [o.status, o.issues[0]?.rule]);
  const clean = fixture('clean.json');
  let r = run(['check', '--format', 'ndjson', '--max-string-bytes', '10', ...DATE, clean, clean]);
  assert.equal(r.status, 1);
  assert.deepEqual(first(r), [['unreadable', 'J-STRING-LENGTH'], ['unreadable', 'J-STRING-LENGTH']]);
  r = run(['check', '--format', 'ndjson', '--max-items', '2', ...DATE, clean]);
  assert.deepEqual(first(r), [['unreadable', 'J-ITEMS']]);
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-time-'));
  try {
    const big = JSON.parse(readFileSync(clean, 'utf8'));
    big.explanations = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`X-${i}`, 'x'.repeat(4500)]));
    writeFileSync(path.join(dir, 'a-big.json'), JSON.stringify(big));
    writeFileSync(path.join(dir, 'b-broken.json'), '{');  // refused while reading, before any look at the clock
    r = run(['check', '--format', 'ndjson', '--jobs', '1', '--max-ms', '1', ...DATE, dir]);
    assert.equal(r.status, 1);
    const [timed, after] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual([timed.status, timed.issues.map((i) => i.rule), timed.issues[0].values.limit], ['unreadable', ['F-TIME'], 1]);
    assert.match(timed.issues[0].message_zh, /用时超过 1 毫秒的上限/);
    assert.deepEqual([path.basename(after.file), after.issues[0].rule], ['b-broken.json', 'J-SYNTAX'], 'the batch goes on');
    r = run(['check', '--format', 'ndjson', '--max-ms', '0', ...DATE, path.join(dir, 'a-big.json')]);
    assert.notEqual(JSON.parse(r.stdout).status, 'unreadable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [flag, value] of [['--max-items', '0'], ['--max-string-bytes', 'x'], ['--max-ms', '-5'], ['--max-ms', '86400001']]) {
    const bad = run(['check', flag, value, clean]);
    assert.equal(bad.status, 2, `${flag} ${value}`);
    assert.match(bad.stderr, new RegExp(flag));
  }
});

test('--out writes the report to a file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-out-'));
  try {
    const out = path.join(dir, 'report.json');
    const r = run(['check', '--format', 'json', '--out', out, ...DATE, fixture('clean.json')]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).files[0].status, 'ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('many files over several jobs: exactly as many results as files, in input order', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-many-'));
  try {
    const clean = readFileSync(fixture('clean.json'));
    const names = [];
    for (let i = 0; i < 500; i++) {
      const name = path.join(dir, `f${String(i).padStart(4, '0')}.json`);
      writeFileSync(name, i % 7 === 3 ? '{"truncated":' : clean);
      names.push(name);
    }
    const r = run(['check', '--format', 'ndjson', '--jobs', '4', ...DATE, dir]);
    const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(objs.map((o) => o.file), names);
    assert.equal(objs.filter((o) => o.status === 'unreadable').length, names.filter((_, i) => i % 7 === 3).length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('schema, rules and --version', () => {
  const schema = JSON.parse(run(['schema']).stdout);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.properties.schemaVersion.const, 'cxjf.filing/2025.1');
  const rules = JSON.parse(run(['rules', '--format', 'json']).stdout);
  assert.equal(rules['R-ID-USCC'].severity, 'error');
  assert.match(run(['rules']).stdout, /\| R-FIN-UNIT-JUMP \| rule \| warning \|/);
  assert.match(run(['--version']).stdout, /^cxjf \d+\.\d+\.\d+ \(ruleset 2025\.1\)\n$/);
});

test('every example gives the status and rules written in tests/cli/examples-expected.json', () => {
    const expected = JSON.parse(readFileSync(path.join(here, 'examples-expected.json'), 'utf8'));
    const r = spawnSync(cli, ['check', '--format', 'json', '--check-date', expected.checkDate, 'examples'],
      { cwd: root, encoding: 'utf8' });
    const out = JSON.parse(r.stdout);
    const got = Object.fromEntries(out.files.map((f) => [f.file,
      { status: f.status, rules: [...new Set(f.issues.map((i) => i.rule))].sort() }]));
    assert.deepEqual(got, expected.files);
    assert.ok(Object.keys(got).length >= 12);
  });

test('the rule table in README.md is what `cxjf rules` prints (one catalogue, never maintained twice)', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /<!-- rules:begin -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme);
  assert.ok(m, 'README.md has the rules markers');
  assert.equal(m[1], run(['rules']).stdout);
});

test('README lists every known conformance failure by file and cause, as known-failures.json has them', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const known = JSON.parse(readFileSync(path.join(root, 'tests', 'conformance', 'known-failures.json'), 'utf8'));
  const counts = new Map();
  for (const k of known) {
    const key = `| \`${k.file}\` | %d | ${k.cause.split(' — ')[0]} |`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [row, n] of counts) assert.ok(readme.includes(row.replace('%d', n)), `README lacks: ${row.replace('%d', n)}`);
  const listed = readme.split('\n').filter((l) => /^\| `(optional\/)?[\w/-]+\.json` \| \d+ \| /.test(l));
  assert.equal(listed.length, counts.size);
});

test('cxjf score: every profile in text (Chinese, with the 非官方估算 label) and in JSON', () => {
  const text = run(['score', ...DATE, fixture('clean.json')]);
  assert.equal(text.status, 0);
  for (const title of ['科技型中小企业评价', '高新技术企业认定条件', '创新型中小企业评价', '创新积分预估']) assert.ok(text.stdout.includes(title), title);
  assert.match(text.stdout, /〔非官方估算〕/);
  const en = run(['score', '--lang', 'en', ...DATE, fixture('clean.json')]);
  assert.match(en.stdout, /\[unofficial estimate\]/);
  const json = JSON.parse(run(['score', '--format', 'json', ...DATE, fixture('clean.json')]).stdout);
  assert.equal(json.status, 'ok');
  assert.deepEqual(json.profiles.map((p) => p.profile), ['tech-sme', 'high-tech', 'innovative-sme', 'innovation-points-estimate']);
  for (const p of json.profiles) {
    for (const i of p.indicators) for (const key of ['value', 'band', 'points', 'max']) assert.ok(key in i, `${p.profile}/${i.id} ${key}`);
  }
  const one = JSON.parse(run(['score', '--format', 'json', '--profile', 'high-tech', ...DATE, fixture('clean.json')]).stdout);
  assert.deepEqual(one.profiles.map((p) => p.profile), ['high-tech']);
  assert.equal(one.profiles[0].conditions.length, 6);
  assert.equal(run(['score', '--profile', 'nosuch', fixture('clean.json')]).status, 2);
  assert.equal(run(['score', ...DATE, '-'], '{"a":').status, 1);
});

test('cxjf score --profile FILE: a province\'s own profile changes the result; a broken one is refused by place', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-profile-'));
  try {
    const profile = JSON.parse(readFileSync(path.join(root, 'forms', '2025', 'profiles', 'tech-sme.json'), 'utf8'));
    const base = JSON.parse(run(['score', '--format', 'json', '--profile', 'tech-sme', ...DATE, fixture('clean.json')]).stdout);
    profile.indicators[0].bands[0].points = 15;  // this province gives 15, not 20, for ≥ 30% technology staff
    profile.indicators[0].bands[0].min = '50%';
    writeFileSync(path.join(dir, 'province.json'), JSON.stringify(profile));
    const custom = JSON.parse(run(['score', '--format', 'json', '--profile', path.join(dir, 'province.json'), ...DATE,
      fixture('clean.json')]).stdout);
    assert.equal(base.profiles[0].indicators[0].points, 20);  // 45% technology staff
    assert.equal(custom.profiles[0].indicators[0].points, 16);  // now the 25% band
    assert.equal(custom.profiles[0].score, base.profiles[0].score - 4);
    const viaCheck = JSON.parse(run(['check', '--format', 'json', '--profile', path.join(dir, 'province.json'), ...DATE,
      fixture('clean.json')]).stdout);
    assert.equal(viaCheck.files[0].scores['tech-sme'].score, custom.profiles[0].score);

    profile.indicators[0].bands[1].min = '55%';  // above the band before it: overlapping
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(profile));
    const refused = run(['score', '--profile', path.join(dir, 'broken.json'), fixture('clean.json')]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /broken\.json: \/indicators\/0\/bands\/1\/min: bands overlap/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check reports the scores; csv and json add each filing\'s percentile among its peers', () => {
  const files = ['clean.json', 'wrong-uscc.json', 'insolvent-warning.json'].map(fixture);
  const nd = run(['check', '--format', 'ndjson', ...DATE, ...files]).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(nd[0].scores), ['tech-sme', 'high-tech', 'innovative-sme', 'innovation-points-estimate']);
  assert.equal(nd[0].scores['innovation-points-estimate'].label.zh, '非官方估算');
  assert.ok(!('peer' in nd[0]), 'ndjson streams: no batch percentile');

  const json = JSON.parse(run(['check', '--format', 'json', ...DATE, ...files, '-'], '{"broken":').stdout);
  const peers = json.files.map((f) => f.peer);
  assert.equal(peers[3], null, 'an unreadable file has no percentile');
  assert.equal(peers[0].group, 'I/mature');
  assert.equal(peers[0].groupSize, 3);
  for (const p of peers.slice(0, 3)) assert.ok(p.percentile >= 0 && p.percentile <= 100);

  const csv = run(['check', '--format', 'csv', ...DATE, ...files]).stdout.trimEnd().split('\r\n');
  const header = csv[0].split(',');
  for (const col of ['tech_sme_score', 'estimate_unofficial_score', 'stage', 'peer_group', 'peer_percentile', 'overall_percentile'])
    assert.ok(header.includes(col), col);
  const row = splitCsv(csv[1]);
  assert.equal(row.length, header.length);
  assert.equal(row[header.indexOf('peer_group')], '"I/mature"');
  assert.equal(row[header.indexOf('tech_sme_eligible')], 'yes');
});

test('README\'s pre-score table is what bench/prescore-table.mjs computes from examples/', async () => {
  const { prescoreTable } = await import(path.join(root, 'bench', 'prescore-table.mjs'));
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /<!-- prescores:begin -->\n([\s\S]*?)<!-- prescores:end -->/.exec(readme);
  assert.ok(m, 'README.md has the prescores markers');
  assert.equal(m[1], prescoreTable(cli));
  assert.ok(m[1].includes('非官方估算'));
});
