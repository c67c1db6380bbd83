// The bureau page (site/bureau.html) in headless Chromium, served over http on 127.0.0.1: 1,000 generated files
// (bench/generate.mjs: clean, explained, unsigned, broken, tampered, re-keyed, duplicate USCCs) checked in the
// page's worker pool with the bureau's key registry, every verdict compared with `cxjf check --keys`; the exports
// compared with `cxjf export` (the sheet's CSV byte for byte in both languages, the findings report, the XLSX read
// back); hostile names inert everywhere; a .zip with folders and other files, a folder, a dropped folder; the key
// registry, duplicates side by side, keyboard and 375 px; offline after one visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';

import { CHECK_DATE, cliPath, repoRoot, siteDir, startStaticServer } from './support.mjs';
import { filesDir as badFilesDir, writeGenerated } from '../bad-inputs/make.mjs';
import { parseCsv } from '../cli/csv.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
              '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const shots = path.join(repoRoot, 'build-wasm', 'screenshots');
const work = mkdtempSync(path.join(tmpdir(), 'cxjf-bureau-'));
const GEN = path.join(work, 'gen');
const HOSTILE_FILE = '<img src=x onerror=alert(1)>.json';
const HOSTILE_NAME = '=HYPERLINK("http://x","y")';
let browser, server, base;

function cli(args) {
  const r = spawnSync(cliPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, `cxjf ${args.join(' ')}: ${r.stderr}`);
  return r;
}

before(async () => {
  const g = spawnSync(process.execPath, [path.join(repoRoot, 'bench', 'generate.mjs'), '--count', '1000', '--seed', '7', '--out', GEN],
                      { encoding: 'utf8' });
  assert.equal(g.status, 0, g.stderr);
  ({ child: server, base } = await startStaticServer());
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

// A fresh browser context per test (its own storage: the key registry, the service worker), and the page with
// every console message, request and dialog recorded.
async function openBureau(t, { query = `?checkDate=${CHECK_DATE}`, viewport = { width: 1300, height: 900 }, at = base } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport, locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  const seen = { problems: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => seen.problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(`${at}/bureau.html${query}`);
  await page.waitForSelector('#files:not([disabled])', { timeout: 30000 });
  return { context, page, seen };
}

const marks = (page) => page.evaluate(() => performance.getEntriesByName('bureau:done').length);
async function load(page, selector, files) {
  const before = await marks(page);
  await page.setInputFiles(selector, files);
  await page.waitForFunction((n) => performance.getEntriesByName('bureau:done').length > n, before, { timeout: 120000 });
}

// Every row of the table (all pages, 500 at a time).
async function tableRows(page) {
  await page.selectOption('#page-size', '500');
  const rows = [];
  for (;;) {
    rows.push(...await page.$$eval('#table-body tr', (trs) => trs.map((tr) => {
      const td = [...tr.children].map((c) => c.textContent);
      return { file: td[1], name: td[2], uscc: td[3], region: td[4], status: td[6], signature: td[7], errors: Number(td[8]),
               warnings: Number(td[9]), percentile: td[14], duplicate: td[15] };
    })));
    if (await page.isDisabled('#page-next')) break;
    await page.click('#page-next');
  }
  return rows;
}

async function download(page, selector) {
  await page.waitForSelector(`${selector}:not([disabled])`);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const STATUS = { 通过: 'ok', 有警告: 'warnings', 有错误: 'errors', 无法读取: 'unreadable' };
const SIGNATURE = { 有效: 'valid', '有效（已登记）': 'valid', 密钥变更: 'valid', 未登记密钥: 'valid', 无效: 'invalid', 未签名: 'absent' };

// Each table row says what `cxjf check --format json` says of its file: status, signature, counts.
function assertRowMatchesCli(row, f) {
  assert.equal(STATUS[row.status], f.status, `${row.file}: status`);
  assert.equal(SIGNATURE[row.signature], f.signature.status, `${row.file}: signature ${row.signature}`);
  assert.equal(row.errors, f.counts.errors, `${row.file}: errors`);
  assert.equal(row.warnings, f.counts.warnings, `${row.file}: warnings`);
}

// Every worksheet of an XLSX as rows of { t: 'n'|'s', v, formula } (Python's zipfile and ElementTree; OOXML's
// _xHHHH_ escapes undone here).
function readXlsx(file) {
  const script = `
import json, re, sys, zipfile, xml.etree.ElementTree as ET
m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    shared = [''.join(t.text or '' for t in si.iter(m + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(m + 'si')]
out = []
for name in sorted((n for n in z.namelist() if re.match(r'xl/worksheets/sheet\\d+\\.xml$', n)), key=lambda n: int(re.findall(r'\\d+', n)[-1])):
    rows = []
    for r in ET.fromstring(z.read(name)).iter(m + 'row'):
        cells = {}
        for c in r.findall(m + 'c'):
            col = 0
            for ch in re.match(r'[A-Z]+', c.get('r')).group(0): col = col * 26 + ord(ch) - 64
            t = c.get('t', 'n'); v = c.find(m + 'v')
            if t == 's': value = shared[int(v.text)]
            elif t == 'inlineStr': value = ''.join(x.text or '' for x in c.iter(m + 't'))
            else: value = v.text if v is not None else None
            cells[col - 1] = {'t': 'n' if t == 'n' else 's', 'v': value, 'formula': c.find(m + 'f') is not None}
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    out.append(rows)
print(json.dumps(out, ensure_ascii=False))
`;
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const unescape = (s) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return JSON.parse(r.stdout).map((rows) => rows.map((row) => row.map((c) => (c && c.t === 's' ? { ...c, v: unescape(c.v) } : c))));
}

// The XLSX's cells as the CSV has them: a number cell's value (compared as a number), a string as it is, '' for none.
function assertSheetMatchesCsv(xlsxRows, csvRows, what) {
  assert.equal(xlsxRows.length, csvRows.length, `${what}: rows`);
  csvRows.forEach((csvRow, r) => {
    csvRow.forEach((text, c) => {
      const cellValue = xlsxRows[r][c];
      if (text === '') return assert.ok(!cellValue, `${what} ${r}:${c} should be empty`);
      assert.ok(cellValue, `${what} ${r}:${c} missing (${text})`);
      assert.equal(cellValue.formula, false);
      if (cellValue.t === 'n') assert.equal(Number(cellValue.v), Number(text), `${what} ${r}:${c}`);
      else assert.equal(cellValue.v, text, `${what} ${r}:${c}`);
    });
  });
}

test('1,000 generated files with the key registry: the verdicts of `cxjf check --keys`, the exports of `cxjf export`',
  { timeout: 300000 }, async (t) => {
    const filings = path.join(GEN, 'filings');
    const keys = path.join(GEN, 'keys.json');
    const manifest = JSON.parse(readFileSync(path.join(GEN, 'manifest.json'), 'utf8'));
    const report = JSON.parse(cli(['check', '--format', 'json', '--keys', keys, '--check-date', CHECK_DATE, filings]).stdout);
    const cliByName = new Map(report.files.map((f) => [path.basename(f.file), f]));

    const { page, seen } = await openBureau(t);
    await page.setInputFiles('#registry-file', keys);
    await page.waitForFunction(() => /1000|9\d\d/.test(document.getElementById('registry-state').textContent));
    const names = readdirSync(filings).sort();
    await load(page, '#files', names.map((n) => path.join(filings, n)));

    // The progress bar ended full, and the summary has the CLI's counts.
    assert.equal(await page.getAttribute('#progress', 'role'), 'progressbar');
    assert.equal(await page.getAttribute('#progress', 'aria-valuenow'), '1000');
    const s = report.summary;
    const summary = await page.textContent('#summary');
    assert.match(summary, new RegExp(`共 1000 个文件：通过 ${s.ok}，有警告 ${s.warnings}，有错误 ${s.errors}，无法读取 ${s.unreadable}；`));
    const sigCount = (status) => report.files.filter((f) => f.signature.status === status).length;
    assert.match(summary, new RegExp(`签名有效 ${sigCount('valid')}，无效 ${sigCount('invalid')}，未签名 ${sigCount('absent')}，密钥变更 10；`));
    assert.match(summary, /重复的统一社会信用代码 2 个/);

    const rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => r.file), names, 'every file, in the CLI order');
    let percentiles = 0;
    for (const row of rows) {
      const f = cliByName.get(row.file);
      assertRowMatchesCli(row, f);
      assert.equal(row.uscc, f.enterprise?.uscc ?? '', row.file);
      if (f.peer) {
        assert.equal(row.percentile, f.peer.percentile.toFixed(1), `${row.file}: peer percentile`);
        percentiles += 1;
      }
    }
    assert.ok(percentiles > 900, `${percentiles} percentiles`);
    const category = new Map(manifest.files.map((f) => [path.basename(f.file), f.category]));
    const byFile = new Map(rows.map((r) => [r.file, r]));
    for (const [file, kind] of category) {
      if (kind === 'key-changed') assert.equal(byFile.get(file).signature, '密钥变更', file);
      if (kind === 'tampered') assert.equal(byFile.get(file).signature, '无效', file);
      if (kind === 'clean') assert.equal(byFile.get(file).signature, '有效（已登记）', file);
    }
    assert.equal(rows.filter((r) => r.duplicate).length, 4, 'two USCCs filed twice');
    assert.equal(rows.filter((r) => /被取代/.test(r.duplicate)).length, 2);

    // The sheet, byte for byte, in Chinese and (checked again with English labels) in English; the findings report.
    const out = path.join(work, 'cli-1000');
    mkdirSync(out, { recursive: true });
    cli(['export', '--keys', keys, '--check-date', CHECK_DATE, '--csv', path.join(out, 'zh.csv'), '--xlsx', path.join(out, 'zh.xlsx'),
         '--findings', path.join(out, 'findings.csv'), filings]);
    cli(['export', '--keys', keys, '--check-date', CHECK_DATE, '--lang', 'en', '--csv', path.join(out, 'en.csv'),
         '--findings', path.join(out, 'findings-en.csv'), filings]);
    const csv = await download(page, '#export-csv');
    assert.equal(csv.name, `cxjf-sheet-${CHECK_DATE}.csv`);
    assert.ok(csv.bytes.equals(readFileSync(path.join(out, 'zh.csv'))), 'the page\'s CSV is `cxjf export --csv`');
    const findings = await download(page, '#export-findings');
    const cliFindings = readFileSync(path.join(out, 'findings.csv'), 'utf8').replaceAll(`${filings}/`, '');
    assert.equal(findings.bytes.toString('utf8'), cliFindings, 'the findings report is `cxjf export --findings` (file names relative)');
    const xlsx = await download(page, '#export-xlsx');
    writeFileSync(path.join(out, 'page.xlsx'), xlsx.bytes);
    const [enterprises, findingSheet] = readXlsx(path.join(out, 'page.xlsx'));
    const [cliEnterprises, cliFindingSheet] = readXlsx(path.join(out, 'zh.xlsx'));
    assertSheetMatchesCsv(enterprises, parseCsv(readFileSync(path.join(out, 'zh.csv'), 'utf8').slice(1)), 'enterprises');
    assertSheetMatchesCsv(findingSheet, parseCsv(cliFindings.slice(1)), 'findings');
    assert.deepEqual(enterprises.map((r) => r.map((c) => c && c.t)), cliEnterprises.map((r) => r.map((c) => c && c.t)),
                     'number and text cells where the CLI has them');
    assert.equal(findingSheet.length, cliFindingSheet.length);
    await page.selectOption('#export-lang', 'en');
    const en = await download(page, '#export-csv');
    assert.ok(en.bytes.equals(readFileSync(path.join(out, 'en.csv'))), 'the English CSV is `cxjf export --lang en --csv`');
    const findingsEn = await download(page, '#export-findings');
    assert.equal(findingsEn.bytes.toString('utf8'), readFileSync(path.join(out, 'findings-en.csv'), 'utf8').replaceAll(`${filings}/`, ''));

    const origin = new URL(base).origin;
    assert.deepEqual(seen.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u)), []);
    assert.deepEqual(seen.problems, []);
    assert.deepEqual(seen.dialogs, []);
  });

test('one batch through `cxjf export` and the page: hostile inputs, duplicates, a registry with changed and unknown keys, ' +
     'SM2-SM3 and Ed25519 — the same verdicts, CSV, XLSX cells and findings report', { timeout: 300000 }, async (t) => {
  const dir = path.join(work, 'parity');
  const keysDir = path.join(work, 'parity-keys');
  mkdirSync(dir, { recursive: true });
  mkdirSync(keysDir, { recursive: true });
  // Every hostile input (tests/bad-inputs), the large ones written as the CLI's test writes them.
  for (const name of readdirSync(badFilesDir)) copyFileSync(path.join(badFilesDir, name), path.join(dir, name));
  writeGenerated(dir);
  // Signed files: Ed25519 and SM2-SM3 keys of the CLI; example 02 signed and also sent unsigned (the signed one is
  // used); example 01 signed twice at one instant written with two offsets, one figure apart (the later file is used).
  const key = (name, alg) => {
    const file = path.join(keysDir, `${name}.pem`);
    const r = spawnSync(cliPath, ['keygen', '--alg', alg, '--out', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return { file, keyId: /keyId: (\S+)/.exec(r.stdout)[1] };
  };
  const ed = key('ed', 'Ed25519');
  const sm = key('sm', 'SM2-SM3');
  const other = key('other', 'Ed25519');
  const sign = (k, input, out, signedAt) => {
    const r = spawnSync(cliPath, ['sign', '--key', k.file, '--check-date', CHECK_DATE, '--signed-at', signedAt, '--out', path.join(dir, out), input],
                        { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  const example = (name) => path.join(repoRoot, 'examples', name);
  sign(ed, example('02-hangzhou-saas-clean.json'), 'sig-02-ed25519.json', '2025-06-20T10:00:00+08:00');
  copyFileSync(example('02-hangzhou-saas-clean.json'), path.join(dir, 'sig-02-unsigned.json'));
  const filing01 = JSON.parse(readFileSync(example('01-hefei-smart-equipment-clean.json'), 'utf8'));
  const changed01 = structuredClone(filing01);
  changed01.annual[2].taxPaid += 10000;
  writeFileSync(path.join(keysDir, '01b.json'), JSON.stringify(changed01, null, 2));
  sign(ed, example('01-hefei-smart-equipment-clean.json'), 'sig-01-a.json', '2025-06-20T10:00:00+08:00');
  sign(ed, path.join(keysDir, '01b.json'), 'sig-01-b.json', '2025-06-20T09:00:00+07:00');
  sign(sm, example('03-shenzhen-optoelectronics-large-clean.json'), 'sig-03-sm2.json', '2025-06-21T11:00:00+08:00');
  // The registry: example 02's company with another key (changed), 01's with its own; 03's is missing (unknown).
  const registry = path.join(keysDir, 'registry.json');
  writeFileSync(registry, JSON.stringify({ format: 'cxjf.keys/1', keys: [
    { uscc: filing01.enterprise.uscc, keyId: ed.keyId },
    { uscc: JSON.parse(readFileSync(example('02-hangzhou-saas-clean.json'), 'utf8')).enterprise.uscc, keyId: other.keyId }] }));

  const limits = ['--keys', registry, '--check-date', CHECK_DATE, '--max-ms', '0'];
  const report = JSON.parse(cli(['check', '--format', 'json', ...limits, dir]).stdout);
  const cliByName = new Map(report.files.map((f) => [path.basename(f.file), f]));
  const out = path.join(work, 'parity-cli');
  mkdirSync(out, { recursive: true });
  cli(['export', ...limits, '--csv', path.join(out, 'zh.csv'), '--xlsx', path.join(out, 'zh.xlsx'), '--findings', path.join(out, 'findings.csv'), dir]);
  cli(['export', ...limits, '--lang', 'en', '--csv', path.join(out, 'en.csv'), '--findings', path.join(out, 'findings-en.csv'), dir]);
  const signatures = new Set(report.files.map((f) => f.signature.status));
  assert.ok(signatures.has('valid') && signatures.has('invalid') && signatures.has('absent'), [...signatures].join());
  const keyRules = report.files.flatMap((f) => f.issues.map((i) => i.rule)).filter((r) => r.startsWith('E-KEY-'));
  assert.deepEqual([...new Set(keyRules)].sort(), ['E-KEY-CHANGED', 'E-KEY-UNKNOWN']);

  const { page, seen } = await openBureau(t, { query: `?checkDate=${CHECK_DATE}&maxMs=0` });
  await page.setInputFiles('#registry-file', registry);
  await page.waitForFunction(() => /2/.test(document.getElementById('registry-state').textContent));
  const names = readdirSync(dir).sort();
  await load(page, '#files', names.map((n) => path.join(dir, n)));
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => r.file), report.files.map((f) => path.basename(f.file)), 'the CLI\'s order');
  for (const row of rows) assertRowMatchesCli(row, cliByName.get(row.file));
  assert.equal(rows.find((r) => r.file === 'sig-02-ed25519.json').signature, '密钥变更');
  assert.equal(rows.find((r) => r.file === 'sig-03-sm2.json').signature, '未登记密钥');
  assert.match(rows.find((r) => r.file === 'sig-01-b.json').duplicate, /采用/);
  assert.match(rows.find((r) => r.file === 'sig-02-unsigned.json').duplicate, /被取代/);

  const relative = (text) => text.replaceAll(`${dir}/`, '');
  const csv = await download(page, '#export-csv');
  assert.ok(csv.bytes.equals(readFileSync(path.join(out, 'zh.csv'))), 'the sheet\'s CSV is `cxjf export --csv`, byte for byte');
  const findings = await download(page, '#export-findings');
  assert.ok(findings.bytes.equals(Buffer.from(relative(readFileSync(path.join(out, 'findings.csv'), 'utf8')))),
            'the findings report is `cxjf export --findings`, byte for byte (names relative)');
  const xlsx = await download(page, '#export-xlsx');
  writeFileSync(path.join(out, 'page.xlsx'), xlsx.bytes);
  // A number cell by its value: libxlsxwriter writes the double as %.16G ("68.40000000000001"), the page the
  // engine's decimal ("68.4"), the same double once read.
  const cells = (file, names = (v) => v) => readXlsx(file).map((sheet) => sheet.map((row) => row.map((c) => {
    if (!c) return c;
    return c.t === 'n' ? { ...c, v: Number(c.v) } : { ...c, v: names(c.v) };
  })));
  assert.deepEqual(cells(path.join(out, 'page.xlsx')), cells(path.join(out, 'zh.xlsx'), relative),
                   'every cell of both worksheets: the same type and value as `cxjf export --xlsx`');
  await page.selectOption('#export-lang', 'en');
  const en = await download(page, '#export-csv');
  assert.ok(en.bytes.equals(readFileSync(path.join(out, 'en.csv'))), 'English, from the same results: `cxjf export --lang en --csv`');
  const findingsEn = await download(page, '#export-findings');
  assert.ok(findingsEn.bytes.equals(Buffer.from(relative(readFileSync(path.join(out, 'findings-en.csv'), 'utf8')))));

  // One registry file, one verdict: a repeated member is refused by the CLI and by the page, with the same words.
  const repeated = path.join(keysDir, 'repeated.json');
  writeFileSync(repeated, `{"format": "cxjf.keys/1", "keys": [{"uscc": "${filing01.enterprise.uscc}", "keyId": "${ed.keyId}", "keyId": "${other.keyId}"}]}`);
  const refused = spawnSync(cliPath, ['check', '--keys', repeated, '--check-date', CHECK_DATE, example('01-hefei-smart-equipment-clean.json')], { encoding: 'utf8' });
  assert.equal(refused.status, 2, 'the CLI refuses the registry');
  const reason = /key registry: [^\n]+/.exec(refused.stderr)?.[0];
  assert.ok(reason, refused.stderr);
  await page.setInputFiles('#registry-file', repeated);
  await page.waitForFunction(() => /不是有效的登记簿文件/.test(document.getElementById('registry-state').textContent));
  assert.ok((await page.textContent('#registry-state')).includes(reason), `the page says what the CLI says: ${reason}`);
  assert.equal((await tableRows(page)).find((r) => r.file === 'sig-02-ed25519.json').signature, '密钥变更', 'the registry before stays');
  assert.deepEqual(seen.problems, []);
});

test('duplicates side by side, the key registry built from a batch, the detail dialog by keyboard', { timeout: 180000 }, async (t) => {
  const filings = path.join(GEN, 'filings');
  const manifest = JSON.parse(readFileSync(path.join(GEN, 'manifest.json'), 'utf8'));
  const dupes = manifest.files.filter((f) => f.category === 'duplicate');
  const changed = manifest.files.filter((f) => f.category === 'key-changed').map((f) => path.basename(f.file));
  const { page, seen } = await openBureau(t);
  await load(page, '#files', readdirSync(filings).map((n) => path.join(filings, n)));
  // Without a registry: nothing is flagged for keys; the key-changed files are only "valid".
  assert.doesNotMatch(await page.textContent('#summary'), /密钥变更/);

  // The registry made from this batch: one key per USCC; then a file of the batch signed with another key than the
  // one registered for its company shows as a key change.
  await page.click('#registry-add');
  const state = await page.textContent('#registry-state');
  assert.match(state, /已加入 \d+ 家企业的密钥/);
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#registry-export')]);
  const registry = JSON.parse(readFileSync(await exported.path(), 'utf8'));
  assert.equal(registry.format, 'cxjf.keys/1');
  assert.ok(registry.keys.length > 900);
  assert.ok(registry.keys.every((k, i) => i === 0 || registry.keys[i - 1].uscc < k.uscc), 'sorted by USCC');
  // Registering a different key for one company flags its file.
  const victim = changed[0];
  await page.fill('#search', victim);
  await page.waitForFunction(() => document.querySelectorAll('#table-body tr').length === 1);
  const uscc = await page.textContent('#table-body tr td:nth-child(4)');
  registry.keys = registry.keys.map((k) => (k.uscc === uscc ? { uscc, keyId: 'AAAA-BBBB-CCCC-DDDD' } : k));
  const regFile = path.join(work, 'registry-edited.json');
  writeFileSync(regFile, JSON.stringify(registry));
  await page.setInputFiles('#registry-file', regFile);
  await page.waitForFunction(() => document.querySelector('#table-body tr td:nth-child(8)').textContent === '密钥变更');

  // Keyboard: the row's file button opens the detail dialog; the key change is explained with both key IDs, and
  // the clerk can register the new key; Escape closes and the focus returns to the row.
  await page.focus('#table-body button[data-open]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail[open]');
  const detail = await page.textContent('#detail');
  assert.match(detail, /密钥变更/);
  assert.match(detail, /AAAA-BBBB-CCCC-DDDD/);
  assert.match(detail, /E-KEY-CHANGED/);
  await page.click('#detail .accept-key');
  await page.waitForFunction(() => !/E-KEY-CHANGED/.test(document.getElementById('detail').textContent));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('detail').open);
  // The dialog's close event (which moves the focus back) is a task queued after `open` turns false.
  await page.waitForFunction(() => document.activeElement?.dataset.open !== undefined, null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.open !== undefined), true, 'focus back on the row');
  assert.equal(await page.textContent('#table-body tr td:nth-child(8)'), '有效（已登记）');

  // Duplicates: the filter, the winner (the later signedAt), and the two sheet rows side by side with what differs.
  await page.fill('#search', '');
  await page.selectOption('#filter-duplicate', 'superseded');
  await page.waitForFunction(() => document.querySelectorAll('#table-body tr').length === 2);
  const superseded = await page.$$eval('#table-body tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  const pairs = new Map();
  for (const f of dupes) pairs.set(f.uscc, [...(pairs.get(f.uscc) ?? []), path.basename(f.file)]);
  for (const files of pairs.values()) {
    const json = files.map((f) => JSON.parse(readFileSync(path.join(filings, f), 'utf8')));
    const older = json[0].signature.signedAt < json[1].signature.signedAt ? files[0] : files[1];
    assert.ok(superseded.includes(older), `${older} is superseded by the later signature`);
  }
  await page.click('#table-body tr:first-child button[data-open]');
  await page.waitForSelector('#detail[open] table.compare');
  const compare = await page.$$eval('#detail table.compare tbody tr', (trs) => trs.map((tr) => ({
    field: tr.querySelector('th').textContent, differs: tr.querySelectorAll('td.differs').length })));
  assert.ok(compare.length >= 2, JSON.stringify(compare));
  assert.ok(compare.every((r) => r.differs === 1), 'only the fields that differ, the superseded file\'s cell marked');
  assert.ok(compare.some((r) => r.field === '签名时间'));
  await page.screenshot({ path: path.join(shots, 'bureau-duplicates.png') });
  await page.click('#detail-close');

  // English.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#table-head'), /Enterprise.*USCC.*Result.*Signature/);
  assert.match(await page.textContent('#summary'), /1000 files: /);
  assert.deepEqual(seen.problems, []);
});

test('hostile names stay inert: the table, the detail dialog, the CSV and the XLSX', { timeout: 120000 }, async (t) => {
  const dir = path.join(work, 'hostile');
  mkdirSync(dir, { recursive: true });
  const filing = JSON.parse(readFileSync(path.join(repoRoot, 'examples', '01-hefei-smart-equipment-clean.json'), 'utf8'));
  filing.enterprise.name = HOSTILE_NAME;
  writeFileSync(path.join(dir, HOSTILE_FILE), JSON.stringify(filing, null, 2));
  writeFileSync(path.join(dir, '<b onmouseover=alert(2)>truncated.json'), '{"enterprise": {"name": "<img src=x onerror=alert(3)>"');
  copyFileSync(path.join(repoRoot, 'examples', '11-xiamen-wrong-uscc-check-char.json'), path.join(dir, '11.json'));

  const { page, seen } = await openBureau(t);
  await load(page, '#files', readdirSync(dir).map((n) => path.join(dir, n)));
  const rows = await tableRows(page);
  const row = rows.find((r) => r.file === HOSTILE_FILE);
  assert.ok(row, 'the file name is shown as text');
  assert.equal(row.name, HOSTILE_NAME);
  await page.click(`#table-body button[data-open]:text-is(${JSON.stringify(HOSTILE_FILE)})`);
  await page.waitForSelector('#detail[open]');
  assert.equal(await page.textContent('#detail-title'), HOSTILE_FILE);
  assert.match(await page.textContent('#detail-body'), /=HYPERLINK\("http:\/\/x","y"\)/);
  assert.equal(await page.$$eval('img, b, [onerror], [onmouseover]', (n) => n.length), 0, 'no element made from data');
  await page.keyboard.press('Escape');

  const out = path.join(work, 'cli-hostile');
  mkdirSync(out, { recursive: true });
  cli(['export', '--check-date', CHECK_DATE, '--csv', path.join(out, 'sheet.csv'), '--xlsx', path.join(out, 'sheet.xlsx'), dir]);
  const csv = await download(page, '#export-csv');
  assert.ok(csv.bytes.equals(readFileSync(path.join(out, 'sheet.csv'))), 'CSV as `cxjf export`');
  assert.match(csv.bytes.toString('utf8'), /"'=HYPERLINK\(""http:\/\/x"",""y""\)"/);
  const xlsx = await download(page, '#export-xlsx');
  writeFileSync(path.join(out, 'page.xlsx'), xlsx.bytes);
  const [sheet, findings] = readXlsx(path.join(out, 'page.xlsx'));
  const cells = [...sheet, ...findings].flat().filter(Boolean);
  assert.ok(cells.every((c) => !c.formula), 'no formula cell');
  assert.ok(cells.some((c) => c.v === `'${HOSTILE_NAME}`), 'the name neutralised');
  assert.ok(cells.filter((c) => c.t === 's').every((c) => !/^[=+\-@\t\r]/.test(c.v)), 'no text cell a spreadsheet would run');
  assert.ok(findings.flat().some((c) => c?.v === HOSTILE_FILE));
  assert.deepEqual(seen.dialogs, [], 'no dialog');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.deepEqual(seen.problems, []);
  const origin = new URL(base).origin;
  assert.deepEqual(seen.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u)), []);
});

test('a .zip with folders and other files, a chosen folder, a dropped folder', { timeout: 120000 }, async (t) => {
  const examples = readdirSync(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.json')).sort();
  const files = {};
  examples.forEach((name, i) => {
    files[`batch/${i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b/deeper' : 'c'}/${name}`] = readFileSync(path.join(repoRoot, 'examples', name));
  });
  files['batch/readme.txt'] = Buffer.from('not a filing');
  files['batch/b/scan.pdf'] = Buffer.from('%PDF-1.4');
  files['batch/c/UPPER.JSON'] = readFileSync(path.join(repoRoot, 'examples', examples[0]));
  const zipPath = path.join(work, 'received.zip');
  writeFileSync(zipPath, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)]))));
  // The same tree on disk, for the CLI and the folder input.
  const tree = path.join(work, 'tree');
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tree, name)), { recursive: true });
    writeFileSync(path.join(tree, name), bytes);
  }
  const report = JSON.parse(cli(['check', '--format', 'json', '--check-date', CHECK_DATE, path.join(tree, 'batch')]).stdout);
  const expected = report.files.map((f) => [path.relative(tree, f.file), f.status, f.counts.errors, f.counts.warnings]);
  assert.equal(expected.length, examples.length + 1);

  const { page, seen } = await openBureau(t);
  await load(page, '#files', zipPath);
  let rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => [r.file, STATUS[r.status], r.errors, r.warnings]),
                   expected.map(([f, ...rest]) => [`received.zip/${f}`, ...rest]), 'the archive, in the CLI order of the same tree');
  assert.match(await page.textContent('#notes'), /已跳过 2 个不是 \.json 的文件/);

  await page.click('#clear');
  await load(page, '#folder', path.join(tree, 'batch'));
  rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => [r.file, STATUS[r.status], r.errors, r.warnings]), expected, 'the folder input');

  // A dropped folder: DataTransferItem.webkitGetAsEntry() entries, walked like the browser's (playwright cannot
  // drop a real folder: its entries are made here with the same interface, readEntries() answering in pieces).
  const walked = await page.evaluate(async () => {
    const { fromEntries } = await import('./bureau-files.js');
    const file = (fullPath, text) => ({ isFile: true, isDirectory: false, fullPath, name: fullPath.split('/').pop(),
                                        file: (ok) => ok(new File([text], fullPath.split('/').pop())) });
    const dir = (fullPath, children) => ({ isFile: false, isDirectory: true, fullPath, name: fullPath.split('/').pop(),
      createReader() {
        let at = 0;
        return { readEntries: (ok) => { const part = children.slice(at, at + 2); at += part.length; setTimeout(() => ok(part)); } };
      } });
    const got = await fromEntries([dir('/drop', [file('/drop/a.json', '{}'), file('/drop/x.txt', 'x'),
                                               dir('/drop/sub', [file('/drop/sub/b.JSON', '{}'), file('/drop/sub/c.json', '{}')]),
                                               file('/drop/d.zip', 'PK')]),
                                   new File(['{}'], 'loose.json'), new File(['PK'], 'top.zip')]);
    return { items: got.items.map((i) => i.name), zips: got.zips.map((z) => z.name), skipped: got.skipped };
  });
  assert.deepEqual(walked, { items: ['drop/a.json', 'drop/sub/b.JSON', 'drop/sub/c.json', 'loose.json'], zips: ['top.zip'],
                             skipped: ['drop/x.txt', 'drop/d.zip'] });
  assert.deepEqual(seen.problems, []);
});

test('the size limit is the engine\'s: a file of exactly 5 MiB is checked, one byte more is J-SIZE, loose and zipped', { timeout: 120000 }, async (t) => {
  const example = readFileSync(path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json'), 'utf8').trimEnd();
  const limit = 5 * 1024 * 1024;
  const dir = path.join(work, 'limit');
  mkdirSync(dir, { recursive: true });
  const at = Buffer.concat([Buffer.from(example), Buffer.alloc(limit - Buffer.byteLength(example), 0x20)]);
  const over = Buffer.concat([at, Buffer.from(' ')]);
  writeFileSync(path.join(dir, 'at-limit.json'), at);
  writeFileSync(path.join(dir, 'over-limit.json'), over);
  const zipPath = path.join(work, 'limit.zip');
  writeFileSync(zipPath, zipSync({ 'at-limit.json': new Uint8Array(at), 'over-limit.json': new Uint8Array(over) }));
  const report = JSON.parse(cli(['check', '--format', 'json', '--check-date', CHECK_DATE, dir]).stdout);
  const expected = report.files.map((f) => [path.basename(f.file), f.status, f.issues[0]?.rule ?? '']);
  assert.deepEqual(expected.map(([, status, rule]) => [status, rule]), [['ok', ''], ['unreadable', 'J-SIZE']]);

  const { page, seen } = await openBureau(t);
  await load(page, '#files', [path.join(dir, 'at-limit.json'), path.join(dir, 'over-limit.json'), zipPath]);
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => [r.file, STATUS[r.status]]).sort(),
                   [['at-limit.json', 'ok'], ['limit.zip/at-limit.json', 'ok'], ['limit.zip/over-limit.json', 'unreadable'],
                    ['over-limit.json', 'unreadable']]);
  // The finding itself: the detail of the loose file says what the CLI says.
  await page.click('#table-body button[data-open]:text-is("over-limit.json")');
  await page.waitForSelector('#detail[open]');
  const detail = await page.textContent('#detail-body');
  assert.ok(detail.includes(report.files[1].issues[0].message_zh), detail);
  assert.deepEqual(seen.problems, []);
});

test('SM2-SM3 signatures are verified in the browser: the CLI\'s verdicts, valid and tampered', { timeout: 60000 }, async (t) => {
  const dir = path.join(work, 'sm2');
  mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'sm2.pem');
  assert.equal(spawnSync(cliPath, ['keygen', '--alg', 'SM2-SM3', '--out', key]).status, 0);
  const signed = path.join(dir, 'sm2.cxjf.json');
  const r = spawnSync(cliPath, ['sign', '--key', key, '--check-date', CHECK_DATE, '--out', signed,
                                path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(signed, 'utf8');
  const tamperedText = text.replace('"revenue": 26413548', '"revenue": 26413549');
  assert.notEqual(tamperedText, text, 'one figure changed');
  const tampered = path.join(dir, 'sm2-tampered.cxjf.json');
  writeFileSync(tampered, tamperedText);
  const report = JSON.parse(cli(['check', '--format', 'json', '--check-date', CHECK_DATE, dir]).stdout);
  const cliByName = new Map(report.files.map((f) => [path.basename(f.file), f]));
  assert.equal(cliByName.get('sm2.cxjf.json').signature.status, 'valid');
  assert.equal(cliByName.get('sm2-tampered.cxjf.json').signature.status, 'invalid');

  const { page, seen } = await openBureau(t);
  await load(page, '#files', [signed, tampered]);
  const rows = await tableRows(page);
  assert.deepEqual(rows.map((row) => row.file).sort(), ['sm2-tampered.cxjf.json', 'sm2.cxjf.json']);
  for (const row of rows) {
    assertRowMatchesCli(row, cliByName.get(row.file));
  }
  const byFile = new Map(rows.map((row) => [row.file, row]));
  assert.equal(byFile.get('sm2.cxjf.json').status, '通过');
  assert.equal(byFile.get('sm2-tampered.cxjf.json').signature, '无效');
  assert.equal(byFile.get('sm2-tampered.cxjf.json').status, '有警告', 'as the CLI: an E-SIGNATURE warning');
  // The tampered file's detail has the CLI's finding, word for word.
  const finding = cliByName.get('sm2-tampered.cxjf.json').issues.find((i) => i.rule === 'E-SIGNATURE');
  assert.ok(finding, 'the CLI reports E-SIGNATURE');
  await page.click('#table-body button[data-open]:text-is("sm2-tampered.cxjf.json")');
  await page.waitForSelector('#detail[open]');
  const detail = await page.textContent('#detail-body');
  assert.ok(detail.includes(finding.message_zh), detail);
  assert.match(detail, /SM2-SM3/);
  assert.doesNotMatch(detail, /cxjf verify/);
  assert.ok(seen.requests.some((u) => u.endsWith('/sm2-verify.js')), 'the SM2 code is loaded for an SM2 file');
  assert.deepEqual(seen.problems, []);
});

test('375 px wide and by keyboard alone: choose, sort, filter, page, open a file', { timeout: 120000 }, async (t) => {
  const { page, seen } = await openBureau(t, { viewport: { width: 375, height: 800 } });
  const dir = path.join(repoRoot, 'examples');
  await load(page, '#files', readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f)));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width} px wide`);
  // Tab from the top reaches the file chooser, then the folder chooser.
  await page.focus('#lang');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'files');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'folder');
  // Sort by errors (descending) with the keyboard.
  await page.focus('#table-head button[data-sort="errors"]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#table-head th:has(button[data-sort="errors"])', 'aria-sort'), 'descending');
  const errors = await page.$$eval('#table-body tr td:nth-child(9)', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(errors, [...errors].sort((a, b) => b - a));
  await page.selectOption('#filter-status', 'errors');
  assert.equal(await page.$$eval('#table-body tr', (trs) => trs.length), 5);
  await page.focus('#table-body button[data-open]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail[open]');
  const dialogWidth = await page.$eval('#detail', (d) => d.getBoundingClientRect().right);
  assert.ok(dialogWidth <= 375, `dialog reaches ${dialogWidth}`);
  assert.match(await page.textContent('#detail'), /R-[A-Z-]+|S-[A-Z-]+/);
  await page.screenshot({ path: path.join(shots, 'bureau-mobile.png'), fullPage: false });
  await page.keyboard.press('Escape');
  assert.deepEqual(seen.problems, []);
});

test('offline: after one visit the bureau page checks files with the server gone', { timeout: 120000 }, async (t) => {
  const own = await startStaticServer();
  t.after(() => own.child.kill());
  const { page } = await openBureau(t, { at: own.base });
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
                             null, { timeout: 60000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  own.child.kill();
  await new Promise((resolve) => own.child.once('exit', resolve));
  await page.reload();
  await page.waitForSelector('#files:not([disabled])', { timeout: 30000 });
  const dir = path.join(repoRoot, 'examples');
  await load(page, '#files', [path.join(dir, '01-hefei-smart-equipment-clean.json'), path.join(dir, '11-xiamen-wrong-uscc-check-char.json')]);
  assert.match(await page.textContent('#summary'), /共 2 个文件：通过 1，有警告 0，有错误 1/);
  // The archive reader (vendor/fflate) comes from the cache too.
  const zipPath = path.join(work, 'offline.zip');
  writeFileSync(zipPath, zipSync({ 'x/01.json': new Uint8Array(readFileSync(path.join(dir, '01-hefei-smart-equipment-clean.json'))) }));
  await load(page, '#files', zipPath);
  assert.match(await page.textContent('#summary'), /共 3 个文件/);
});

test('bureau.html follows the site rules, and the enterprise page loads none of its code', () => {
  const html = readFileSync(path.join(siteDir, 'bureau.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)[1];
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'/);
  assert.doesNotMatch(html, /<style\b|\sstyle="|\son[a-z]+="/);
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) assert.equal(m[1].trim(), '');
  for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) assert.ok(m[1] === 'data:,' || /^[\w.-]+$/.test(m[1]), m[1]);
  for (const page of ['index.html', 'check.html']) {
    const text = readFileSync(path.join(siteDir, page), 'utf8');
    assert.match(text, /<a [^>]*href="bureau\.html"/, `${page} links the bureau page`);
    assert.doesNotMatch(text, /<script[^>]+bureau/, `${page} loads no bureau code`);
  }
  const sw = readFileSync(path.join(siteDir, 'sw.js'), 'utf8');
  for (const name of ['bureau.html', 'bureau.js', 'bureau-worker.js', 'bureau-xlsx.js', 'bureau.css', 'vendor/fflate/browser.js']) {
    assert.ok(sw.includes(`"${name}"`), `${name} is kept for offline use`);
  }
  assert.ok(existsSync(path.join(siteDir, 'vendor', 'fflate', 'LICENSE')));
});
