// The form's data layer (site/form-model.js) alone, in Node: 万元 ↔ 元 by string arithmetic, JSON Pointers,
// reading files, rolling last year's filing forward, schema key order, drafts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './support.mjs';

const M = await import(new URL('../../site/form-model.js', import.meta.url));
const example = (name) => JSON.parse(readFileSync(path.join(repoRoot, 'examples', name), 'utf8'));

test('万元 text becomes exact integer 元, without floating point', () => {
  const cases = [['1234.5678', 12345678], ['0.0001', 1], ['0', 0], ['12', 120000], ['12.', 120000], ['.5', 5000],
                 ['0012.3400', 123400], ['1,234.5', 12345000], [' 7 ', 70000], ['+3', 30000], ['0.1', 1000], ['0.3', 3000],
                 ['900719925474.0991', Number.MAX_SAFE_INTEGER], ['100000000000', 1e15]];
  for (const [text, yuan] of cases) assert.deepEqual(M.wanToYuan(text), { value: yuan }, text);
  assert.deepEqual(M.wanToYuan('-12.3456', { signed: true }), { value: -123456 });
  assert.equal(Object.is(M.wanToYuan('-0', { signed: true }).value, -0), false, 'never -0');
  assert.deepEqual(M.wanToYuan('-0'), { error: 'negative' }, 'no minus sign where amounts cannot be negative');
  assert.deepEqual(M.wanToYuan(''), { empty: true });
  assert.deepEqual(M.wanToYuan('1.23456'), { error: 'decimals' });
  assert.deepEqual(M.wanToYuan('-1'), { error: 'negative' });
  for (const bad of ['abc', '1e3', '.', '1.2.3', '--1', '¥5', '0x10']) assert.deepEqual(M.wanToYuan(bad), { error: 'format' }, bad);
  assert.deepEqual(M.wanToYuan('900719925474.0992'), { error: 'range' });
});

test('integer 元 is shown in 万元 with up to 4 decimals, and reads back to itself', () => {
  for (const [yuan, text] of [[12345678, '1234.5678'], [1, '0.0001'], [0, '0'], [10000000, '1000'], [-123456, '-12.3456'],
                              [5000, '0.5'], [Number.MAX_SAFE_INTEGER, '900719925474.0991']]) {
    assert.equal(M.yuanToWan(yuan), text);
    assert.equal(M.wanToYuan(text, { signed: true }).value, yuan);
  }
  for (const n of [1.5, NaN, '12', null, undefined, 2 ** 53]) assert.equal(M.yuanToWan(n), null);
  for (let i = 0; i < 2000; i += 1) {
    const yuan = Math.floor(Math.random() * 1e15) * (i % 2 ? -1 : 1) || 0;
    assert.equal(M.wanToYuan(M.yuanToWan(yuan), { signed: true }).value, yuan);
  }
});

test('counts are whole numbers', () => {
  assert.deepEqual(M.parseCount('42'), { value: 42 });
  assert.deepEqual(M.parseCount('007'), { value: 7 });
  assert.deepEqual(M.parseCount(''), { empty: true });
  for (const bad of ['3.5', '-1', 'x', '1e2']) assert.deepEqual(M.parseCount(bad), { error: 'integer' }, bad);
  assert.deepEqual(M.parseCount('9007199254740992'), { error: 'range' });
});

test('JSON Pointers read, make and remove values', () => {
  const f = M.emptyFiling();
  M.setAt(f, '/financing/loan/preferredBanks/0', 'icbc');
  assert.deepEqual(f.financing.loan, { preferredBanks: ['icbc'] });
  M.setAt(f, M.pointer('explanations', 'R-A/B~C'), 'x');
  assert.equal(M.getAt(f, '/explanations/R-A~1B~0C'), 'x');
  M.removeAt(f, '/financing/loan/preferredBanks/0');
  assert.deepEqual(f.financing.loan.preferredBanks, []);
  M.removeAt(f, '/enterprise/contact/phone');  // absent: nothing happens
  assert.equal(M.getAt(f, '/no/such/thing'), undefined);
  assert.equal(M.isPristine(M.emptyFiling()), true);
  assert.equal(M.isPristine(f), false);
});

test('files: a bare filing or an envelope\'s filing; anything else is refused', () => {
  const filing = example('02-hangzhou-saas-clean.json');
  assert.deepEqual(M.readFiling(JSON.stringify(filing)), { filing, envelope: false });
  assert.deepEqual(M.readFiling(JSON.stringify({ format: 'cxjf.envelope/1', filing, check: {}, signature: {} })), { filing, envelope: true });
  for (const bad of ['[]', '"x"', '{"format":"cxjf.envelope/1"}', 'null']) assert.throws(() => M.readFiling(bad), bad);
});

test('rolling last year\'s filing forward keeps the shared years and empties the new one', () => {
  const last = example('02-hangzhou-saas-clean.json');
  last.filingYear = 2024;
  last.annual = last.annual.map((a, i) => ({ ...a, year: 2021 + i }));
  assert.equal(M.yearsMatch(last), false);
  assert.equal(M.canRollForward(last), true);
  const next = M.rollForward(last);
  assert.deepEqual(next.annual, [last.annual[1], last.annual[2], { year: 2024 }]);
  assert.notEqual(next.annual[0], last.annual[1], 'a copy');
  assert.equal(next.filingYear, 2025);
  assert.equal(next.schemaVersion, 'cxjf.filing/2025.1');
  assert.deepEqual(next.declaration, { truthful: false, signatory: last.declaration.signatory });
  assert.deepEqual(next.enterprise, last.enterprise);
  assert.equal(M.canRollForward(example('02-hangzhou-saas-clean.json')), false);
  assert.equal(M.yearsMatch(example('02-hangzhou-saas-clean.json')), true);
});

test('export order follows the schema, unknown keys last, nothing lost', () => {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', 'filing.schema.json'), 'utf8'));
  const f = example('17-nanjing-typo-field-name.json');
  const reverse = (v) => (Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v);
  const shuffled = reverse(f);
  assert.notDeepEqual(Object.keys(shuffled), Object.keys(f));
  const ordered = M.orderBySchema(shuffled, schema, schema);
  assert.deepEqual(ordered, f);
  assert.deepEqual(Object.keys(ordered), Object.keys(schema.properties).filter((k) => k in f));
  assert.deepEqual(Object.keys(ordered.annual[0]), Object.keys(schema.definitions.annualYear.properties));
  assert.equal(Object.keys(ordered.annual[2]).at(-1), 'mainBussinessRevenue');
});

test('the optional fields: exported in schema order after the required ones, kept when rolling forward', () => {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', 'filing.schema.json'), 'utf8'));
  const f = example('08-changsha-seed-breeding-clean.json');  // has ip.nationalCropVarieties
  f.qualifications = { nationalIpDemonstrationYear: 2024, ...f.qualifications };  // typed first, filed last
  const ordered = M.orderBySchema(f, schema, schema);
  assert.deepEqual(Object.keys(ordered.qualifications).slice(-1), ['nationalIpDemonstrationYear']);
  assert.equal(Object.keys(ordered.qualifications).indexOf('projects'), Object.keys(ordered.qualifications).length - 2);
  assert.deepEqual(Object.keys(ordered.ip).slice(-1), ['nationalCropVarieties']);
  const last = structuredClone(ordered);
  last.annual = last.annual.map((a, i) => ({ ...a, year: 2021 + i }));
  const next = M.rollForward(last);
  assert.equal(next.qualifications.nationalIpDemonstrationYear, 2024);
  assert.equal(next.ip.nationalCropVarieties, 9);
});

test('drafts carry their format, the filing, the texts not yet valid', () => {
  const filing = example('01-hefei-smart-equipment-clean.json');
  const text = M.draftText({ filing, raw: { '/annual/0/revenue': '1.23456' }, showAll: true });
  assert.deepEqual(M.readDraft(text), { filing, raw: { '/annual/0/revenue': '1.23456' }, showAll: true });
  assert.equal(M.readDraft('{"format":"cxjf.draft/0","filing":{}}'), null);
  assert.equal(M.readDraft('not json'), null);
});

test('code tables nested by parent code flatten to the flat table; a flat one passes through', () => {
  const flat = { 110101: '东城区', 110102: '西城区', 330106: '西湖区' };
  assert.deepEqual(M.flatCodes({ 1101: { '01': '东城区', '02': '西城区' }, 3301: { '06': '西湖区' } }), flat);
  assert.deepEqual(M.flatCodes(flat), flat);
  const regions = JSON.parse(readFileSync(path.join(repoRoot, 'forms', '2025', 'regions.json'), 'utf8'));
  const nested = {};
  for (const [code, name] of Object.entries(regions.counties)) (nested[code.slice(0, 4)] ??= {})[code.slice(4)] = name;
  assert.deepEqual(M.flatCodes(nested), regions.counties);
});
