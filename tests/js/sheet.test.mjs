// The batch-upload sheet from the bureau's wasm engine (what the bureau page exports) equals the native `cxjf export`
// row for row and cell for cell, and its columns are the CLI's. The enterprise page's engine has no sheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CHECK_DATE, cliPath, jsonFiles, loadBureauEngine, loadNodeEngine, repoRoot } from './support.mjs';
import { parseCsv } from '../cli/csv.mjs';

const engine = await loadBureauEngine();
const examples = jsonFiles(path.join(repoRoot, 'examples'));

test('sheetColumns(): keys, both headers and the number flag, as the CLI writes them', () => {
  const columns = engine.sheetColumns();
  assert.ok(columns.length > 60);
  for (const c of columns) {
    assert.equal(typeof c.key, 'string');
    assert.ok(c.zh && c.en, c.key);
    assert.equal(typeof c.number, 'boolean');
  }
  assert.equal(new Set(columns.map((c) => c.key)).size, columns.length, 'keys are unique');
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-sheet-'));
  for (const lang of ['zh', 'en']) {
    const out = path.join(dir, `${lang}.csv`);
    spawnSync(cliPath, ['export', '--check-date', CHECK_DATE, '--lang', lang, '--csv', out, examples[0]]);
    assert.deepEqual(parseCsv(readFileSync(out, 'utf8').slice(1))[0], columns.map((c) => c[lang]));
  }
});

test('every example: the wasm row equals the CLI export row cell for cell', () => {
  const columns = engine.sheetColumns();
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-sheet-'));
  const out = path.join(dir, 'sheet.csv');
  spawnSync(cliPath, ['export', '--check-date', CHECK_DATE, '--csv', out, ...examples]);
  const [, ...rows] = parseCsv(readFileSync(out, 'utf8').slice(1));
  const byUscc = new Map(rows.map((row) => [row[0], row]));
  // What the CSV writer does to a cell: numbers raw, text that a spreadsheet would run gets an apostrophe.
  const csvCell = (value, column) => (column.number && /^-?\d+(\.\d+)?$/.test(value) ? value
    : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  let compared = 0;
  for (const file of examples) {
    const result = engine.check(readFileSync(file), { checkDate: CHECK_DATE, scores: 'summary', sheet: 'zh' });
    if (!result.sheet) continue;  // unreadable: no row
    assert.equal(result.sheet.length, columns.length, file);
    const row = byUscc.get(result.sheet[0]);
    assert.ok(row, `${file}: a row for ${result.sheet[0]}`);
    assert.deepEqual(result.sheet.map((v, i) => csvCell(v, columns[i])), row, file);
    compared++;
  }
  assert.equal(compared, rows.length, 'every row of the CLI sheet was compared');
});

test('the optional fields have their columns in the wasm sheet too: a year, a count, or empty', () => {
  const keys = engine.sheetColumns().map((c) => c.key);
  const row = (name) => engine.check(readFileSync(path.join(repoRoot, 'examples', name)), { checkDate: CHECK_DATE, scores: 'summary', sheet: 'en' }).sheet;
  const hefei = row('01-hefei-smart-equipment-clean.json');
  const changsha = row('08-changsha-seed-breeding-clean.json');
  const hangzhou = row('02-hangzhou-saas-clean.json');
  assert.equal(hefei[keys.indexOf('nationalIpAdvantageYear')], '2023');
  assert.equal(hefei[keys.indexOf('nationalTechInnovationDemoYear')], '');
  assert.equal(changsha[keys.indexOf('ip.nationalCropVarieties')], '9');
  for (const key of ['nationalTechInnovationDemoYear', 'nationalIpAdvantageYear', 'nationalIpDemonstrationYear',
                     'ip.nationalCropVarieties', 'ip.firstGradeTcmVarieties']) {
    assert.ok(keys.includes(key), key);
    assert.equal(hangzhou[keys.indexOf(key)], '', `${key}: a file without the field has an empty cell`);
  }
});

test('the sheet option: absent by default, refused when it is not a language', () => {
  const bytes = readFileSync(examples[0]);
  assert.equal(engine.check(bytes, { checkDate: CHECK_DATE }).sheet, undefined);
  const refused = engine.check(bytes, { sheet: true });
  assert.equal(refused.issues[0].rule, 'X-INTERNAL');
  const en = engine.check(bytes, { checkDate: CHECK_DATE, sheet: 'en' }).sheet;
  assert.equal(en[engine.sheetColumns().findIndex((c) => c.key === 'status')], 'ok');
});

test('the enterprise page\'s engine carries no sheet: no columns, no row, whatever the options say', async () => {
  const enterprise = await loadNodeEngine();
  assert.deepEqual(enterprise.sheetColumns(), []);
  const result = enterprise.check(readFileSync(examples[0]), { checkDate: CHECK_DATE, sheet: 'zh' });
  assert.equal(result.status, 'ok');
  assert.equal(result.sheet, undefined);
  assert.throws(() => enterprise.form('sheet.json'), /no form file named/);
});
