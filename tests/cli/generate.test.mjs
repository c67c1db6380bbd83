// bench/generate.mjs: deterministic output, and the native CLI gives every generated file the verdict its
// manifest intends (clean, explained, unsigned, rule/schema errors, malformed, tampered, re-keyed, duplicates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const generator = path.join(root, 'bench', 'generate.mjs');
const siteDir = process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site');
const DATE = ['--check-date', '2025-06-30'];

if (!existsSync(path.join(siteDir, 'cxjf-bureau-engine.wasm'))) {
  throw new Error(`no built wasm engine in ${siteDir}: the generator needs it (build-wasm, or set CXJF_SITE_DIR)`);
}

const work = mkdtempSync(path.join(tmpdir(), 'cxjf-generate-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function generate(name, ...args) {
  const out = path.join(work, name);
  const r = spawnSync(process.execPath, [generator, '--out', out, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^generated \d+ files in [\d.]+ s \(\d+ files\/s/);
  return out;
}

// Every file below dir, as relative path → bytes.
function snapshot(dir) {
  const files = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

function check(dir) {
  const r = spawnSync(cli, ['check', '--format', 'json', '--jobs', '2', ...DATE, '--keys', path.join(dir, 'keys.json'), path.join(dir, 'filings')],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout);
  return { status: r.status, report, byFile: new Map(report.files.map((f) => [path.relative(dir, f.file), f])) };
}

const manifestOf = (dir) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

// The default mix, generated once and shared by the tests below.
const SEED = 'generate-test-7';
const first = generate('a', '--count', '200', '--seed', SEED, '--jobs', '2');

test('same seed and count → byte-identical output, whatever the number of workers', () => {
  const again = generate('b', '--count', '200', '--seed', SEED, '--jobs', '1');
  const [x, y] = [snapshot(first), snapshot(again)];
  assert.deepEqual([...x.keys()].sort(), [...y.keys()].sort());
  for (const [name, bytes] of x) assert.ok(bytes.equals(y.get(name)), `${name} differs`);
  assert.equal(x.size, 202, '200 filings, keys.json and manifest.json');
  const other = snapshot(generate('c', '--count', '20', '--seed', `${SEED}-other`));
  assert.ok(![...other.values()].some((b) => [...x.values()].some((c) => c.equals(b))), 'another seed, other files');
});

test('the manifest: every file once, the default mix in its stated shares, distinct companies', () => {
  const m = manifestOf(first);
  assert.equal(m.format, 'cxjf.generated/1');
  assert.equal(m.count, 200);
  assert.equal(m.mix.name, 'default');
  assert.equal(m.files.length, 200);
  assert.deepEqual(m.files.map((f) => f.file).sort(), readdirSync(path.join(first, 'filings')).map((f) => `filings/${f}`).sort());
  const count = (c) => m.files.filter((f) => f.category === c).length;
  assert.deepEqual(m.categories, Object.fromEntries(Object.keys(m.categories).map((c) => [c, count(c)])));
  for (const [c, share] of Object.entries(m.mix.shares)) assert.equal(count(c), Math.round(200 * share), c);
  assert.equal(count('duplicate'), 4);
  assert.equal(count('clean'), 200 - 4 - Object.values(m.mix.shares).reduce((s, x) => s + Math.round(200 * x), 0));
  const keys = JSON.parse(readFileSync(path.join(first, 'keys.json'), 'utf8'));
  assert.equal(keys.format, 'cxjf.keys/1');
  assert.equal(keys.keys.length, 198, 'one key per company: two companies filed twice');
  assert.equal(new Set(keys.keys.map((k) => k.uscc)).size, 198, 'distinct USCCs');
  for (const k of keys.keys) assert.match(k.keyId, /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
});

test('cxjf check gives every file the verdict its manifest category intends', () => {
  const m = manifestOf(first);
  const { status, report, byFile } = check(first);
  assert.equal(status, 1, 'the batch holds errors');
  assert.equal(report.files.length, 200);
  const wrong = [];
  for (const entry of m.files) {
    const got = byFile.get(entry.file);
    const rules = got.issues.map((i) => i.rule);
    const problems = [];
    if (got.status !== entry.expect.status) problems.push(`status ${got.status}`);
    if (got.signature.status !== entry.expect.signature) problems.push(`signature ${got.signature.status}`);
    for (const rule of entry.expect.rules) if (!rules.includes(rule)) problems.push(`no ${rule}`);
    switch (entry.category) {
      case 'clean': case 'duplicate': case 'unsigned':
        if (got.issues.length) problems.push(`issues ${rules}`);
        break;
      case 'explained':
        if (!got.issues.length || !got.issues.every((i) => i.explained === true)) problems.push(`not all explained: ${rules}`);
        break;
      case 'rule-error':
        if (!rules.some((r) => r.startsWith('R-'))) problems.push('no R-* finding');
        break;
      case 'schema-error':
        if (!rules.some((r) => r.startsWith('S-'))) problems.push('no S-* finding');
        break;
      case 'malformed':
        if (!rules.length || !rules.every((r) => r.startsWith('J-'))) problems.push(`not J-*: ${rules}`);
        break;
      case 'tampered':
        if (got.issues.find((i) => i.rule === 'E-SIGNATURE')?.case !== 'mismatch') problems.push('E-SIGNATURE is not a mismatch');
        break;
      case 'key-changed': {
        const registered = JSON.parse(readFileSync(path.join(first, 'keys.json'), 'utf8')).keys.find((k) => k.uscc === entry.uscc);
        if (got.signature.keyId === registered.keyId) problems.push('signed with the registered key');
        break;
      }
      default:
        problems.push(`unknown category ${entry.category}`);
    }
    // The re-check matches the signed claim (counts, explained warnings, scores).
    if (entry.expect.signature === 'valid' && got.signature.check?.matches !== true) {
      problems.push(`claimed check differs: ${JSON.stringify(got.signature.check?.differences)}`);
    }
    if (got.status !== 'unreadable' && got.enterprise.uscc !== entry.uscc) problems.push(`uscc ${got.enterprise.uscc}`);
    if (problems.length) wrong.push(`${entry.file} (${entry.category} ${entry.variant ?? ''}): ${problems.join('; ')}`);
  }
  assert.deepEqual(wrong, []);
});

test('the two duplicate pairs: one company each, filed twice, signed later, one figure changed', () => {
  const m = manifestOf(first);
  const { byFile } = check(first);
  const refilings = m.files.filter((f) => f.duplicateOf);
  assert.equal(refilings.length, 2);
  for (const again of refilings) {
    const original = m.files.find((f) => f.file === again.duplicateOf);
    assert.equal(original.category, 'duplicate');
    assert.equal(original.uscc, again.uscc);
    assert.ok(original.file < again.file);
    const [a, b] = [original, again].map((f) => JSON.parse(readFileSync(path.join(first, f.file), 'utf8')));
    assert.equal(a.signature.keyId, b.signature.keyId, 'the same company key');
    assert.ok(a.signature.signedAt < b.signature.signedAt, 'signed later');
    const changed = Object.keys(a.filing.annual[2]).filter((k) => a.filing.annual[2][k] !== b.filing.annual[2][k]);
    assert.equal(changed.length, 1, `one figure changed: ${changed}`);
    assert.deepEqual({ ...b.filing, annual: undefined }, { ...a.filing, annual: undefined });
    assert.deepEqual(b.filing.annual.slice(0, 2), a.filing.annual.slice(0, 2));
    for (const f of [original, again]) assert.equal(byFile.get(f.file).signature.status, 'valid');
  }
  const usccs = m.files.map((f) => f.uscc);
  const shared = usccs.filter((u, i) => usccs.indexOf(u) !== i);
  assert.deepEqual(shared.sort(), refilings.map((f) => f.uscc).sort(), 'no other file shares a USCC');
});

test('the files look like the examples: every field filled, sizes alike, varied companies', () => {
  const m = manifestOf(first);
  const sizes = [], scales = new Set(), sections = new Set(), provinces = new Set(), scores = new Set();
  for (const entry of m.files.filter((f) => f.category === 'clean')) {
    const bytes = readFileSync(path.join(first, entry.file));
    sizes.push(bytes.length);
    const { filing, check: claim } = JSON.parse(bytes);
    assert.deepEqual(filing.annual.map((a) => a.year), [2022, 2023, 2024]);
    assert.equal(Object.keys(filing.annual[2]).length, 19);
    for (const a of filing.annual) for (const [k, v] of Object.entries(a)) assert.ok(Number.isSafeInteger(v), `${k} integer`);
    scales.add(filing.enterprise.scale);
    sections.add(filing.enterprise.industryCode[0]);
    provinces.add(filing.enterprise.regionCode.slice(0, 2));
    scores.add(claim.prescores['innovation-points-estimate'].score);
  }
  sizes.sort((a, b) => a - b);
  const median = sizes[sizes.length >> 1];
  assert.ok(median >= 3000 && median <= 7000, `median size ${median}`);
  assert.deepEqual([...scales].sort(), ['large', 'medium', 'micro', 'small']);
  assert.ok(sections.size >= 5, `sections ${[...sections]}`);
  assert.ok(provinces.size >= 12, `provinces ${[...provinces]}`);
  assert.ok(scores.size >= 50, `${scores.size} distinct estimate scores`);
});

test('--mix clean: 100 files, all signed, valid and without a finding', () => {
  const dir = generate('clean', '--count', '100', '--seed', 'clean-mix', '--mix', 'clean');
  const m = manifestOf(dir);
  assert.deepEqual(m.categories, { clean: 100 });
  const { status, report } = check(dir);
  assert.equal(status, 0);
  assert.equal(report.files.length, 100);
  for (const f of report.files) {
    assert.equal(f.status, 'ok', f.file);
    assert.deepEqual(f.issues, [], f.file);
    assert.equal(f.signature.status, 'valid', f.file);
    assert.equal(f.signature.check.matches, true, f.file);
  }
  assert.deepEqual({ ok: report.summary.ok, errors: report.summary.errors, warnings: report.summary.warnings }, { ok: 100, errors: 0, warnings: 0 });
});

test('usage errors exit 2', () => {
  const run = (...args) => spawnSync(process.execPath, [generator, ...args], { encoding: 'utf8' });
  assert.equal(run('--count', '10', '--seed', 'x').status, 2, 'no --out');
  assert.equal(run('--count', 'ten', '--seed', 'x', '--out', path.join(work, 'u')).status, 2);
  assert.equal(run('--count', '10', '--seed', 'x', '--out', path.join(work, 'u'), '--mix', 'dirty').status, 2);
  assert.equal(run('--count', '10', '--seed', 'x', '--out', first).status, 2, 'an earlier run is not overwritten without --force');
});
