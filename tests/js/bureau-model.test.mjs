// The bureau page's data layer (site/bureau-model.js) and XLSX writer (site/bureau-xlsx.js) in Node, against the
// native CLI where it has the same rule: the order of a folder's files, CSV cells, signing-time order, the winner
// of a duplicate USCC, the registry's findings, one-decimal percentiles, and OOXML text that keeps every character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';

import { CHECK_DATE, cliPath, repoRoot, siteUrl } from './support.mjs';

const M = await import(siteUrl('bureau-model.js'));
const X = await import(siteUrl('bureau-xlsx.js'));
const work = mkdtempSync(path.join(tmpdir(), 'cxjf-bureau-model-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const example = readFileSync(path.join(repoRoot, 'examples', '01-hefei-smart-equipment-clean.json'));

test('a folder\'s files in the order `cxjf check DIR` reads them', () => {
  const dir = path.join(work, 'order');
  const names = ['a-c.json', 'a/b.json', 'a/A.json', 'B.json', 'b.json', 'a.b/x.json', 'a b.json', '中文/一.json', '中文.json',
                 '\u{1F600}.json', '\uFF21.json', 'z/y/x.json', 'z/y.json', 'Z.JSON', '_.json', '0.json', '10.json', '9.json'];
  for (const name of names) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), example);
  }
  const r = spawnSync(cliPath, ['check', '--format', 'json', '--check-date', CHECK_DATE, dir], { encoding: 'utf8' });
  const cliOrder = JSON.parse(r.stdout).files.map((f) => path.relative(dir, f.file));
  assert.equal(cliOrder.length, names.length);
  assert.deepEqual([...names].sort(M.comparePaths), cliOrder);
  assert.ok(names.every((n) => M.isJsonName(n)));
  assert.ok(!M.isJsonName('x.json.txt') && M.isJsonName('X.Json'));
});

test('CSV cells: quoting, numbers only in number columns, formula-like text neutralised', () => {
  assert.equal(M.csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', '']), 'a,"b,c","say ""hi""","two\nlines",\r\n');
  assert.equal(M.csvLine(['-12', '-12', '=1+1', '+1', '@x', '\tx', '\rx', '-'], [true, false]),
               "-12,'-12,'=1+1,'+1,'@x,'\tx,\"'\rx\",'-\r\n");
  for (const [s, ok] of [['0', true], ['-0.5', true], ['21846.3726', true], ['007', true], ['1.', false], ['.5', false],
                         ['-', false], ['1.2.3', false], ['1e5', false], ['', false], ['-.5', false], ['１', false]]) {
    assert.equal(M.isDecimal(s), ok, s);
  }
  assert.equal(M.neutralise('=HYPERLINK("http://x","y")'), '\'=HYPERLINK("http://x","y")');
});

test('signing times compared as instants, whatever the offset; a valid signature wins, then the later time, then the later file', () => {
  assert.equal(M.instant('2025-06-20T10:15:30+08:00'), M.instant('2025-06-20T02:15:30+00:00'));
  assert.ok(M.instant('2025-06-20T10:15:31+08:00') > M.instant('2025-06-20T02:15:30-00:00'));
  for (const bad of ['2025-06-20T10:15:30Z', '2025-02-30T10:15:30+08:00', '2025-06-20 10:15:30+08:00', '', undefined]) {
    assert.equal(M.instant(bad), null, String(bad));
  }
  const file = (status, signedAt) => ({ signature: { status, signedAt } });
  assert.equal(M.supersedes(file('absent'), file('valid', '2025-01-01T00:00:00+08:00')), false);
  assert.equal(M.supersedes(file('valid', '2025-01-01T00:00:00+08:00'), file('invalid', '2025-06-01T00:00:00+08:00')), true);
  assert.equal(M.supersedes(file('valid', '2025-01-01T00:00:00+08:00'), file('valid', '2025-06-01T00:00:00+08:00')), false);
  assert.equal(M.supersedes(file('valid', '2025-06-01T00:00:00+08:00'), file('valid', '2025-01-01T00:00:00+08:00')), true);
  assert.equal(M.supersedes(file('absent'), file('absent')), true, 'the later file');
  const r = (uscc, status, signedAt) => ({ sheet: [uscc], enterprise: { uscc }, signature: { status, signedAt } });
  const rows = M.sheetRows([r('A', 'valid', '2025-06-01T00:00:00+08:00'), r('B', 'absent'), null, r('A', 'valid', '2025-05-01T00:00:00+08:00'),
                            { status: 'unreadable' }, r('', 'absent'), r('B', 'absent'), r('', 'absent')]);
  assert.deepEqual(rows.rows, [0, 6, 5, 7], 'one row per USCC in the order of its first file; no USCC: a row each');
  assert.deepEqual([...rows.groups], [['A', [0, 3]], ['B', [1, 6]]]);
  assert.deepEqual([...rows.winner], [['A', 0], ['B', 6]]);
});

test('the registry: format, findings as `cxjf check --keys` adds them, the CLI\'s own text', () => {
  assert.throws(() => M.parseRegistry('{"format":"cxjf.keys/2","keys":[]}'), M.RegistryError);
  assert.throws(() => M.parseRegistry('{"format":"cxjf.keys/1","keys":[{"uscc":1}]}'), /\/keys\/0/);
  const map = M.parseRegistry('{"format":"cxjf.keys/1","keys":[{"uscc":"B","keyId":"2"},{"uscc":"A","keyId":"1"}]}');
  assert.equal(M.registryText(map), '{\n "format": "cxjf.keys/1",\n "keys": [\n  {\n   "uscc": "A",\n   "keyId": "1"\n  },\n  {\n   "uscc": "B",\n   "keyId": "2"\n  }\n ]\n}\n');
  const terms = { zh: { 'E-KEY-CHANGED': '{uscc} {keyId} {registered}', 'E-KEY-UNKNOWN': '{keyId}/{uscc}' }, en: {} };
  const result = { status: 'ok', counts: { errors: 0, warnings: 1, explained: 1 }, enterprise: { uscc: 'A' },
                   issues: [{ rule: 'R-X', severity: 'warning', path: '/annual/0', explained: true }, { rule: 'E-ENVELOPE', severity: 'error', path: '/zzz' }],
                   signature: { status: 'valid', keyId: 'K' } };
  assert.equal(M.withRegistry(result, null, terms).key, null);
  const changed = M.withRegistry(result, new Map([['A', 'OLD']]), terms);
  assert.equal(changed.key, 'changed');
  assert.equal(changed.status, 'errors');
  assert.deepEqual(changed.counts, { errors: 2, warnings: 1, explained: 1 });
  assert.deepEqual(changed.issues.map((f) => f.rule), ['R-X', 'E-KEY-CHANGED', 'E-ENVELOPE'], 'sorted as the engine sorts');
  assert.equal(changed.issues[1].message_zh, 'A K OLD');
  const unknown = M.withRegistry({ ...result, issues: [] , counts: { errors: 0, warnings: 0, explained: 0 } }, new Map(), terms);
  assert.equal(unknown.status, 'warnings');
  assert.equal(unknown.issues[0].message_zh, 'K/A');
  assert.equal(M.withRegistry(result, new Map([['A', 'K']]), terms).key, 'registered');
  assert.equal(M.withRegistry({ ...result, signature: { status: 'invalid', keyId: 'K' } }, new Map(), terms).key, null);
  // A placeholder inside a value is left alone, as the engine's replace_all does.
  assert.equal(M.renderMessage({ m: '{a} {b}' }, 'm', [['a', '{b}'], ['b', 'x']]), 'x x');
});

test('one decimal as printf("%.1f"): halfway values to the even digit', () => {
  const values = [0, 12.25, 12.75, 12.35, 99.95, 0.05, 33.333333, 66.66666, 50, 12.5, 100, 0.25, 7.75, 2.45];
  for (let i = 0; i < 2000; i++) values.push((100 * Math.floor(Math.random() * 400)) / 400, Math.random() * 100);
  const r = spawnSync('python3', ['-c', 'import sys,json\nprint(json.dumps(["%.1f" % x for x in json.load(sys.stdin)]))'],
                      { input: JSON.stringify(values), encoding: 'utf8' });
  assert.deepEqual(values.map(M.fixed1), JSON.parse(r.stdout));
});

test('XLSX: every character kept, no formula, numbers only where the column is numeric', () => {
  assert.equal(X.columnName(0), 'A');
  assert.equal(X.columnName(25), 'Z');
  assert.equal(X.columnName(26), 'AA');
  assert.equal(X.columnName(100), 'CW');
  assert.equal(X.xmlText('a<b>&"c"\r\n\t\u0001_x0041_'), 'a&lt;b&gt;&amp;&quot;c&quot;&#13;\n\t_x0001__x005F_x0041_');
  const bytes = X.buildXlsx([{ name: '企业名单', header: ['数', '文'], rows: [['1.5', '=1+1'], ['x', '-3'], ['', '\u0002']], number: [true, false] }]);
  const files = unzipSync(bytes);
  assert.deepEqual(Object.keys(files).sort(), ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml',
                                               'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  assert.doesNotMatch(sheet, /<f[ >]/);
  assert.match(sheet, /<c r="A2"><v>1\.5<\/v><\/c>/);
  assert.match(sheet, /<c r="B2" t="inlineStr"><is><t xml:space="preserve">'=1\+1<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="A3" t="inlineStr"><is><t xml:space="preserve">x<\/t>/, 'a number column\'s text stays text');
  assert.match(sheet, /<c r="B3" t="inlineStr"><is><t xml:space="preserve">'-3<\/t>/);
  assert.doesNotMatch(sheet, /r="A4"/, 'empty cells are left out');
  assert.match(sheet, /_x0002_/);
  assert.match(strFromU8(files['xl/workbook.xml']), /<sheet name="企业名单" sheetId="1" r:id="rId1"\/>/);
  assert.ok(Buffer.from(X.buildXlsx([{ name: 's', header: ['a'], rows: [['1']], number: [true] }]))
    .equals(Buffer.from(X.buildXlsx([{ name: 's', header: ['a'], rows: [['1']], number: [true] }]))), 'no clock in the file');
});
