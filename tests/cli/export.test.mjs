// cxjf export: the batch-upload sheet as CSV and XLSX (read back here), one row per enterprise with the newest
// validly signed file winning, amounts in 万元, the findings report, and spreadsheet injection kept inert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseCsv } from './csv.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const DATE = ['--check-date', '2025-06-30'];
const example = (name) => path.join(root, 'examples', name);
const sheetSpec = JSON.parse(readFileSync(path.join(root, 'forms', '2025', 'sheet.json'), 'utf8'));

function run(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

// Every worksheet of an XLSX as rows of {t: 'n'|'s', v, formula}: read with Python's zipfile and ElementTree.
function readXlsx(file) {
  const script = `
import json, re, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
out = {}
for name in sorted(n for n in z.namelist() if re.match(r'xl/worksheets/sheet\\d+\\.xml$', n)):
    rows = []
    for r in ET.fromstring(z.read(name)).iter('{%s}row' % ns['m']):
        cells = {}
        for c in r.findall('m:c', ns):
            col = 0
            for ch in re.match(r'[A-Z]+', c.get('r')).group(0): col = col * 26 + ord(ch) - 64
            t = c.get('t', 'n'); v = c.find('m:v', ns); f = c.find('m:f', ns)
            if t == 's': value = shared[int(v.text)]
            elif t == 'inlineStr': value = ''.join(x.text or '' for x in c.iter('{%s}t' % ns['m']))
            else: value = v.text if v is not None else None
            cells[col - 1] = {'t': 'n' if t == 'n' else 's', 'v': value, 'formula': f is not None}
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    out[name] = rows
print(json.dumps(out, ensure_ascii=False))
`;
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Object.values(JSON.parse(r.stdout));
}

// A batch: examples, the same company signed twice (the second with a changed figure) and once unsigned, a
// filing whose text fields are spreadsheet formulas, a truncated file named like markup.
function makeBatch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-export-'));
  const key = path.join(dir, 'key.pem');
  assert.equal(run(['keygen', '--out', key]).status, 0);
  const original = JSON.parse(readFileSync(example('02-hangzhou-saas-clean.json'), 'utf8'));
  const changed = structuredClone(original);
  changed.annual[2].revenue += 10000;  // +1 万元
  const unsigned = structuredClone(original);
  unsigned.annual[2].revenue += 20000;
  writeFileSync(path.join(dir, 'changed.json'), JSON.stringify(changed));
  assert.equal(run(['sign', '--key', key, ...DATE, '--out', path.join(dir, 'a-first.json'), example('02-hangzhou-saas-clean.json')]).status, 0);
  assert.equal(run(['sign', '--key', key, ...DATE, '--out', path.join(dir, 'b-second.json'), path.join(dir, 'changed.json')]).status, 0);
  writeFileSync(path.join(dir, 'c-unsigned.json'), JSON.stringify(unsigned));
  const formula = JSON.parse(readFileSync(example('01-hefei-smart-equipment-clean.json'), 'utf8'));
  formula.enterprise.name = '=HYPERLINK("http://evil.example","点我")';
  formula.enterprise.contact.name = '@SUM(1+1)';
  formula.enterprise.highTechZone = '-2+3+cmd|\' /C calc\'!A0';
  formula.qualifications.rdInstitutions[0].name = '+1';
  writeFileSync(path.join(dir, 'd-formula.json'), JSON.stringify(formula));
  writeFileSync(path.join(dir, 'e-<script>alert(1)<\script>.json'), '{"schemaVersion": "cxjf.filing/2025.1", "enterp');
  copyFileSync(example('13-guangzhou-rd-staff-above-headcount.json'), path.join(dir, 'f-13.json'));
  const files = ['a-first.json', 'b-second.json', 'c-unsigned.json', 'd-formula.json', 'e-<script>alert(1)<\script>.json', 'f-13.json'];
  const r = run(['export', ...DATE, '--csv', path.join(dir, 'sheet.csv'), '--xlsx', path.join(dir, 'sheet.xlsx'),
                 '--findings', path.join(dir, 'findings.csv'), '--jobs', '2', ...files.map((f) => path.join(dir, f))]);
  return { dir, r, original };
}

const batch = makeBatch();

test('the CSV: BOM, the headers of sheet.json, one row per enterprise, the newest valid signature wins', () => {
  const { dir, r } = batch;
  assert.equal(r.status, 1, 'a file with an error and an unreadable one: exit 1, sheets still written');
  assert.match(r.stderr, /6 files, 3 enterprises in the sheet, 2 superseded/);
  const bytes = readFileSync(path.join(dir, 'sheet.csv'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(bytes.toString('utf8').slice(1));
  const header = rows[0];
  assert.equal(header[0], '统一社会信用代码');
  assert.ok(header.includes('2024年营业收入（万元）'));
  assert.ok(header.includes('预评分：科技型中小企业评价'), header.filter((h) => h.includes('预评分')).join(' '));
  const expectedColumns = sheetSpec.columns.reduce((n, c) => n + (c.years ? c.years.length : 1) * (c.computed === 'score' || c.computed === 'eligible' ? 4 : 1), 0);
  assert.equal(header.length, expectedColumns);
  for (const row of rows) assert.equal(row.length, header.length);
  assert.equal(rows.length, 1 + 3, 'Hangzhou once, the formula file, Guangzhou; the truncated file has no row');
  const col = (name) => header.indexOf(name);
  const hangzhou = rows.find((row) => row[0] === batch.original.enterprise.uscc);
  const revenue2024 = batch.original.annual[2].revenue + 10000;
  assert.equal(hangzhou[col('2024年营业收入（万元）')], String(revenue2024 / 10000), 'the second signed file, in 万元');
  assert.equal(hangzhou[col('签名')], '有效');
  assert.equal(hangzhou[col('所在地区')].split(' ')[0], '浙江省');
  assert.equal(hangzhou[col('企业规模（填报）')], '小型');
});

test('the optional honour and class-I columns: beside the qualifications and IP columns, filled only where the file has them', () => {
  const rows = parseCsv(readFileSync(path.join(batch.dir, 'sheet.csv'), 'utf8').slice(1));
  const header = rows[0];
  const honours = ['国家级技术创新示范企业认定年度', '国家知识产权优势企业认定年度', '国家知识产权示范企业认定年度'];
  const classOne = ['国家级农作物品种（件）', '国家一级中药保护品种（件）'];
  assert.deepEqual(header.slice(header.indexOf('科技计划项目（项）') + 1, header.indexOf('科技计划项目（项）') + 4), honours);
  assert.deepEqual(header.slice(header.indexOf('PCT专利申请（件）') + 1, header.indexOf('PCT专利申请（件）') + 3), classOne);
  const hefei = rows.find((row) => row[header.indexOf('所在地区代码')] === '340176');  // example 01: 优势企业 2023
  assert.deepEqual(honours.map((h) => hefei[header.indexOf(h)]), ['', '2023', '']);
  const hangzhou = rows.find((row) => row[0] === batch.original.enterprise.uscc);  // example 02: none of them
  assert.deepEqual([...honours, ...classOne].map((h) => hangzhou[header.indexOf(h)]), ['', '', '', '', '']);
});

test('amounts in 万元 are exact to the 元', () => {
  const rows = parseCsv(readFileSync(path.join(batch.dir, 'sheet.csv'), 'utf8').slice(1));
  const header = rows[0];
  const hefei = rows.find((row) => row[header.indexOf('所在地区代码')] === '340176');
  const filing = JSON.parse(readFileSync(example('01-hefei-smart-equipment-clean.json'), 'utf8'));
  for (const [i, entry] of filing.annual.entries()) {
    const cell = hefei[header.indexOf(`${entry.year}年营业收入（万元）`)];
    assert.equal(BigInt(cell.replace('.', '').padEnd(cell.indexOf('.') < 0 ? cell.length + 4 : cell.indexOf('.') + 4, '0')),
                 BigInt(entry.revenue), `year ${i}`);
  }
  assert.equal(hefei[header.indexOf('注册资本（万元）')], String(filing.enterprise.registeredCapital / 10000));
});

test('formulas in text fields stay text: apostrophe in the CSV and the XLSX, no formula cell anywhere', () => {
  const rows = parseCsv(readFileSync(path.join(batch.dir, 'sheet.csv'), 'utf8').slice(1));
  const header = rows[0];
  const formulaRow = rows.find((row) => row[header.indexOf('所在地区代码')] === '340176');
  assert.equal(formulaRow[header.indexOf('企业名称')], '\'=HYPERLINK("http://evil.example","点我")');
  assert.equal(formulaRow[header.indexOf('联系人')], '\'@SUM(1+1)');
  assert.equal(formulaRow[header.indexOf('所在高新区')], '\'-2+3+cmd|\' /C calc\'!A0');
  for (const row of rows.slice(1))
    for (const [i, cell] of row.entries())
      if (/^[=+\-@\t\r]/.test(cell)) assert.match(cell, /^-?\d+(\.\d+)?$/, `column ${header[i]}: only numbers may start with -`);

  const [enterprises, findings] = readXlsx(path.join(batch.dir, 'sheet.xlsx'));
  for (const sheet of [enterprises, findings])
    for (const row of sheet) for (const cell of row) if (cell) assert.equal(cell.formula, false);
  const xHeader = enterprises[0].map((c) => c.v);
  assert.deepEqual(xHeader, header);
  const xRow = enterprises.find((row) => row[xHeader.indexOf('所在地区代码')]?.v === '340176');
  assert.deepEqual(xRow[xHeader.indexOf('企业名称')], { t: 's', v: '\'=HYPERLINK("http://evil.example","点我")', formula: false });
  const revenue = xRow[xHeader.indexOf('2024年营业收入（万元）')];
  assert.equal(revenue.t, 'n', 'amounts are numbers in the XLSX');
  assert.equal(Number(revenue.v), Number(formulaRow[header.indexOf('2024年营业收入（万元）')]));
  assert.equal(xRow[xHeader.indexOf('2024年从业人员（人）')].t, 'n');
  assert.equal(enterprises.length, rows.length, 'the same rows in both sheets');
});

test('the findings report lists every file: each finding once, a clean file once, the markup-named file as text', () => {
  const rows = parseCsv(readFileSync(path.join(batch.dir, 'findings.csv'), 'utf8').slice(1));
  assert.deepEqual(rows[0].slice(0, 6), ['文件', '统一社会信用代码', '企业名称', '检查结果', '签名', '规则']);
  const files = new Set(rows.slice(1).map((row) => path.basename(row[0])));
  assert.equal(files.size, 6, 'every file read is in the report');
  const truncated = rows.find((row) => row[0].endsWith('e-<script>alert(1)<\script>.json'));
  assert.match(truncated[5], /^J-/);
  assert.equal(truncated[3], '无法读取');
  assert.ok(rows.some((row) => row[0].endsWith('f-13.json') && row[5] === 'R-STAFF-SUBSET'));
  const [, xFindings] = readXlsx(path.join(batch.dir, 'sheet.xlsx'));
  assert.equal(xFindings.length, rows.length, 'the XLSX findings worksheet has the same rows');
});

test('usage: nothing to write, or an unwritable output, is exit 2', () => {
  assert.equal(run(['export', example('01-hefei-smart-equipment-clean.json')]).status, 2);
  assert.equal(run(['export', '--csv', '/nonexistent-dir/x.csv', example('01-hefei-smart-equipment-clean.json')]).status, 2);
  assert.equal(run(['export', '--csv', path.join(batch.dir, 'x.csv'), '--lang', 'fr', example('01-hefei-smart-equipment-clean.json')]).status, 2);
});

test('--lang en: English headers and labels', () => {
  const out = path.join(batch.dir, 'en.csv');
  assert.equal(run(['export', ...DATE, '--lang', 'en', '--csv', out, example('01-hefei-smart-equipment-clean.json')]).status, 0);
  const rows = parseCsv(readFileSync(out, 'utf8').slice(1));
  assert.equal(rows[0][0], 'USCC');
  assert.equal(rows[1][rows[0].indexOf('Scale (declared)')], 'medium');
  assert.equal(rows[1][rows[0].indexOf('Strategic emerging industry')], 'yes');
});
