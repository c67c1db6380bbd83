// The bureau's engine in Node (cxjf-bureau.js: what the bureau page and its workers load), against the native CLI:
// the order of a folder's files, results carried from a check to the batch (checkStart → verdict →
// checkFinishTransport → createBatch().set), the sheet's CSV and the findings report in both languages from the same
// transports, the key registry read by the CLI's reader, its verdicts and the registry made from a batch, the check
// characters and size class the generator asks for; and the page's XLSX writer, which writes the engine's cells and
// decides nothing about them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify as edVerify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';

import { CHECK_DATE, cliPath, jsonFiles, repoRoot, siteDir, siteUrl } from './support.mjs';

const { loadEngine } = await import(siteUrl('cxjf-bureau.js'));
const engine = await loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-bureau-engine.wasm')) });
const X = await import(siteUrl('bureau-xlsx.js'));
const work = mkdtempSync(path.join(tmpdir(), 'cxjf-bureau-engine-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const examples = jsonFiles(path.join(repoRoot, 'examples'));
const example = readFileSync(examples[0]);

function cli(args) {
  const r = spawnSync(cliPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, `cxjf ${args.join(' ')}: ${r.stderr}`);
  return r;
}

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
// A worker's work on one file: the check, the signature verified (node:crypto here, WebCrypto in the page), the result.
function transportOf(bytes) {
  const { id, verify } = engine.checkStart(bytes, { checkDate: CHECK_DATE, scores: 'summary', sheet: 'both' });
  let verdict = '';
  if (verify?.alg === 'Ed25519') {
    verdict = edVerify(null, verify.signedBytes, createPublicKey({ key: Buffer.concat([ED25519_SPKI, verify.publicKey]), format: 'der', type: 'spki' }),
                       verify.value) ? 'valid' : 'invalid';
  }
  return engine.checkFinishTransport(id, verdict);
}

test('a folder\'s files in the order `cxjf check DIR` reads them (sortPaths)', () => {
  const dir = path.join(work, 'order');
  const names = ['a-c.json', 'a/b.json', 'a/A.json', 'B.json', 'b.json', 'a.b/x.json', 'a b.json', '中文/一.json', '中文.json',
                 '\u{1F600}.json', '\uFF21.json', 'z/y/x.json', 'z/y.json', 'Z.JSON', '_.json', '0.json', '10.json', '9.json'];
  for (const name of names) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), example);
  }
  const cliOrder = JSON.parse(cli(['check', '--format', 'json', '--check-date', CHECK_DATE, dir]).stdout).files.map((f) => path.relative(dir, f.file));
  assert.equal(cliOrder.length, names.length);
  assert.deepEqual(engine.sortPaths(names).map((i) => names[i]), cliOrder);
});

test('transports set in any order give `cxjf export`\'s CSV and findings report, in both languages, checked once', () => {
  const dir = path.join(work, 'examples');
  mkdirSync(dir, { recursive: true });
  const names = examples.map((f) => path.basename(f));
  for (const f of examples) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
  const transports = examples.map((f) => transportOf(readFileSync(f)));
  const order = engine.sortPaths(names);
  const out = (lang) => {
    const batch = engine.createBatch(lang);
    batch.resize(names.length);
    const pending = batch.derived().summary.pending;
    assert.equal(pending, names.length);
    [...order.keys()].reverse().forEach((at) => {  // last first: results arrive as workers finish
      const i = order[at];
      const view = batch.set(at, names[i], transports[i]);
      assert.equal(view.file, names[i]);
    });
    const result = { csv: Buffer.from(batch.sheetCsv()), findings: Buffer.from(batch.findingsCsv()), derived: batch.derived(),
                     sheet: batch.sheetTable() };
    batch.delete();
    return result;
  };
  for (const lang of ['zh', 'en']) {
    const csv = path.join(work, `${lang}.csv`);
    const findings = path.join(work, `${lang}-findings.csv`);
    cli(['export', '--check-date', CHECK_DATE, '--lang', lang, '--csv', csv, '--findings', findings, dir]);
    const got = out(lang);
    assert.ok(got.csv.equals(readFileSync(csv)), `${lang}: the sheet's CSV, byte for byte`);
    assert.equal(got.findings.toString('utf8'), readFileSync(findings, 'utf8').replaceAll(`${dir}/`, ''), `${lang}: the findings report`);
    assert.equal(got.derived.summary.pending, 0);
    assert.equal(got.derived.summary.files, names.length);
    // Number cells as [text], every text cell as the engine made it (the XLSX writer writes them as they are).
    assert.ok(got.sheet.rows.every((row) => row.every((c) => typeof c === 'string' || (Array.isArray(c) && /^-?\d+(\.\d+)?$/.test(c[0])))));
  }
});

test('the key registry: the CLI\'s reader and verdicts, a key registered, a registry made from a batch', () => {
  const batch = engine.createBatch('zh');
  // One registry file, one verdict: a repeated member is refused with the CLI's words.
  const repeated = '{"format":"cxjf.keys/1","keys":[{"uscc":"A","keyId":"1","keyId":"2"}]}';
  const repeatedFile = path.join(work, 'repeated.json');
  writeFileSync(repeatedFile, repeated);
  const r = spawnSync(cliPath, ['check', '--keys', repeatedFile, '--check-date', CHECK_DATE, examples[0]], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.throws(() => batch.setRegistry(repeated), (e) => r.stderr.includes(e.message));
  assert.equal(batch.registry(), '', 'nothing set');
  const text = '{"format":"cxjf.keys/1","keys":[{"uscc":"B","keyId":"2"},{"uscc":"A","keyId":"1"}]}';
  batch.setRegistry(text);
  assert.equal(batch.registry(), '{\n "format": "cxjf.keys/1",\n "keys": [\n  {\n   "keyId": "1",\n   "uscc": "A"\n  },\n  {\n   "keyId": "2",\n   "uscc": "B"\n  }\n ]\n}\n',
               'sorted by USCC, as the engine writes it');
  assert.equal(batch.derived().registry.enterprises, 2);
  batch.acceptKey('C', '3');
  assert.match(batch.registry(), /"keyId": "3",\n   "uscc": "C"/);
  assert.deepEqual(batch.addBatchKeys(), { added: 0, changed: 0, conflicting: 0 }, 'no signed file in the batch');
  batch.setRegistry('');
  assert.equal(batch.registry(), '');
  assert.equal(batch.derived().registry, null);
  batch.delete();
});

test('the codes and the size class the generator asks for are the engine\'s', () => {
  for (const f of examples) {
    const filing = JSON.parse(readFileSync(f, 'utf8'));
    const result = engine.check(readFileSync(f), { checkDate: CHECK_DATE });
    const uscc = filing.enterprise?.uscc;
    if (typeof uscc === 'string' && uscc.length === 18) {
      const wrong = result.issues.some((i) => i.rule === 'R-ID-USCC');
      assert.equal(engine.usccCheckChar(uscc.slice(0, 17)) === uscc[17], !wrong, `${path.basename(f)}: ${uscc}`);
    }
    const latest = filing.annual?.at?.(-1);
    if (result.enterprise.scaleDerived && latest) {
      assert.equal(engine.scaleOf({ industryCode: filing.enterprise.industryCode, employees: latest.employees, revenue: latest.revenue,
                                    mainBusinessRevenue: latest.mainBusinessRevenue ?? 0, totalAssets: latest.totalAssets }),
                   result.enterprise.scaleDerived, path.basename(f));
    }
  }
  assert.equal(engine.orgCodeCheckChar('MA28L4TH'), '7');
  assert.equal(engine.usccCheckChar('91330108MA28L4TH7'), 'K');
  assert.equal(engine.usccCheckChar('I'.repeat(17)), '');
  assert.throws(() => engine.scaleOf({ industryCode: 1 }), /industryCode/);
});

test('XLSX: the engine\'s cells as they are — numbers as numbers, text as inline strings, every character kept, no formula', () => {
  assert.equal(X.columnName(0), 'A');
  assert.equal(X.columnName(25), 'Z');
  assert.equal(X.columnName(26), 'AA');
  assert.equal(X.columnName(100), 'CW');
  assert.equal(X.xmlText('a<b>&"c"\r\n\t\u0001_x0041_'), 'a&lt;b&gt;&amp;&quot;c&quot;&#13;\n\t_x0001__x005F_x0041_');
  const bytes = X.buildXlsx([{ name: '企业名单', header: ['数', '文'], rows: [[['1.5'], "'=1+1"], ['x', '-3'], ['', '\u0002']] }]);
  const files = unzipSync(bytes);
  assert.deepEqual(Object.keys(files).sort(), ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml',
                                               'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  assert.doesNotMatch(sheet, /<f[ >]/);
  assert.match(sheet, /<c r="A2"><v>1\.5<\/v><\/c>/);
  assert.match(sheet, /<c r="B2" t="inlineStr"><is><t xml:space="preserve">'=1\+1<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="A3" t="inlineStr"><is><t xml:space="preserve">x<\/t>/);
  assert.match(sheet, /<c r="B3" t="inlineStr"><is><t xml:space="preserve">-3<\/t>/, 'a text cell is written as the engine gave it');
  assert.doesNotMatch(sheet, /r="A4"/, 'empty cells are left out');
  assert.match(sheet, /_x0002_/);
  assert.match(strFromU8(files['xl/workbook.xml']), /<sheet name="企业名单" sheetId="1" r:id="rId1"\/>/);
  assert.ok(Buffer.from(X.buildXlsx([{ name: 's', header: ['a'], rows: [[['1']]] }]))
    .equals(Buffer.from(X.buildXlsx([{ name: 's', header: ['a'], rows: [[['1']]] }]))), 'no clock in the file');
});
