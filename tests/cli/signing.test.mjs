// cxjf keygen / sign / verify and signature checks in cxjf check (DESIGN §5, §6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const DATE = ['--check-date', '2025-06-30'];
const run = (args, input) => spawnSync(cli, args, { input, encoding: 'utf8' });
const example = (name) => path.join(root, 'examples', name);

function workspace(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-sign-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('keygen writes a private key only its owner can read, never overwrites, prints the key ID', () => workspace((dir) => {
  const key = path.join(dir, 'k.pem');
  const r = run(['keygen', '--out', key]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^alg: Ed25519\nkeyId: [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\npublicKey: [A-Za-z0-9_-]{43}\n$/);
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  assert.equal(run(['keygen', '--out', key]).status, 2, 'an existing key is never overwritten');
  assert.equal(run(['keygen', '--out', path.join(dir, 'x.pem'), '--alg', 'RSA']).status, 2);
  const sm2 = run(['keygen', '--out', path.join(dir, 'sm2.pem'), '--alg', 'SM2-SM3']);
  assert.match(sm2.stdout, /^alg: SM2-SM3\n/);
  assert.match(sm2.stdout, /publicKey: B[A-Za-z0-9_-]{86}\n$/, '65-byte uncompressed point starting 04');
}));

test('sign → verify → check: valid for Ed25519 and SM2-SM3; the envelope keeps the filing and the check claim', () => workspace((dir) => {
  for (const alg of ['Ed25519', 'SM2-SM3']) {
    const key = path.join(dir, `${alg}.pem`);
    const keyId = /keyId: (\S+)/.exec(run(['keygen', '--out', key, '--alg', alg]).stdout)[1];
    const out = path.join(dir, `${alg}.cxjf.json`);
    const signed = run(['sign', '--key', key, ...DATE, '--out', out, example('02-hangzhou-saas-clean.json')]);
    assert.equal(signed.status, 0, signed.stderr);
    const envelope = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(envelope), ['format', 'filing', 'check', 'signature']);
    assert.equal(envelope.format, 'cxjf.envelope/1');
    assert.deepEqual(envelope.filing, JSON.parse(readFileSync(example('02-hangzhou-saas-clean.json'), 'utf8')));
    assert.deepEqual(Object.keys(envelope.check), ['engine', 'ruleset', 'checkedAt', 'errors', 'warnings', 'explained', 'prescores']);
    assert.equal(envelope.check.prescores['innovation-points-estimate'].label.zh, '非官方估算');
    assert.deepEqual(Object.keys(envelope.signature), ['alg', 'publicKey', 'keyId', 'signedAt', 'value']);
    assert.equal(envelope.signature.alg, alg);
    assert.equal(envelope.signature.keyId, keyId);
    const verified = run(['verify', out]);
    assert.equal(verified.status, 0, verified.stdout);
    assert.match(verified.stdout, new RegExp(`✓ .* valid  keyId ${keyId}  ${alg}`));
    const checked = JSON.parse(run(['check', '--format', 'json', ...DATE, out]).stdout).files[0];
    assert.equal(checked.status, 'ok');
    assert.equal(checked.signature.status, 'valid');
    assert.equal(checked.signature.keyId, keyId);
    assert.deepEqual(checked.signature.check, { matches: true, differences: [] });
  }
}));

test('a filing with an error is not signed: exit 1 and the findings on stderr', () => workspace((dir) => {
  const key = path.join(dir, 'k.pem');
  run(['keygen', '--out', key]);
  const r = run(['sign', '--key', key, ...DATE, example('11-xiamen-wrong-uscc-check-char.json')]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /R-ID-USCC/);
  assert.equal(run(['sign', '--key', path.join(dir, 'missing.pem'), example('02-hangzhou-saas-clean.json')]).status, 2);
}));

test('tampering: changed figure, swapped key, changed claim, truncated file — each rejected; whitespace is not', () => workspace((dir) => {
  const key = path.join(dir, 'k.pem');
  run(['keygen', '--out', key]);
  const out = path.join(dir, 'e.json');
  run(['sign', '--key', key, ...DATE, '--out', out, example('02-hangzhou-saas-clean.json')]);
  const original = readFileSync(out, 'utf8');
  const cases = {
    figure: (e) => { e.filing.annual[2].revenue += 1; },
    claim: (e) => { e.check.warnings += 1; },
    key: (e) => { const k = e.signature.publicKey; e.signature.publicKey = (k[0] === 'A' ? 'B' : 'A') + k.slice(1); },
  };
  for (const [name, change] of Object.entries(cases)) {
    const e = JSON.parse(original);
    change(e);
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(e));
  }
  writeFileSync(path.join(dir, 'truncated.json'), original.slice(0, 500));
  writeFileSync(path.join(dir, 'compact.json'), JSON.stringify(JSON.parse(original)));
  const results = JSON.parse(run(['check', '--format', 'json', ...DATE, dir]).stdout).files;
  const by = Object.fromEntries(results.map((f) => [path.basename(f.file), f]));
  assert.equal(by['e.json'].signature.status, 'valid');
  assert.equal(by['compact.json'].signature.status, 'valid');
  assert.equal(by['figure.json'].signature.status, 'invalid');
  assert.equal(by['figure.json'].issues.find((i) => i.rule === 'E-SIGNATURE').case, 'mismatch');
  assert.equal(by['claim.json'].issues.find((i) => i.rule === 'E-SIGNATURE').case, 'mismatch');
  assert.ok(['key-id', 'encoding', 'mismatch'].includes(by['key.json'].issues.find((i) => i.rule === 'E-SIGNATURE').case));
  assert.equal(by['truncated.json'].status, 'unreadable');
  const verify = run(['verify', path.join(dir, 'figure.json'), out]);
  assert.equal(verify.status, 1);
}));

test('--require-signature makes unsigned and badly signed files errors; --keys flags unknown and changed keys', () => workspace((dir) => {
  const key = path.join(dir, 'k.pem');
  const keyId = /keyId: (\S+)/.exec(run(['keygen', '--out', key]).stdout)[1];
  const out = path.join(dir, 'e.json');
  run(['sign', '--key', key, ...DATE, '--out', out, example('02-hangzhou-saas-clean.json')]);
  const uscc = JSON.parse(readFileSync(out, 'utf8')).filing.enterprise.uscc;

  assert.equal(run(['check', ...DATE, example('02-hangzhou-saas-clean.json')]).status, 0);
  const strict = run(['check', '--format', 'json', '--require-signature', ...DATE, example('02-hangzhou-saas-clean.json'), out]);
  assert.equal(strict.status, 1);
  const files = JSON.parse(strict.stdout).files;
  assert.equal(files[0].issues[0].rule, 'E-SIGNATURE');
  assert.equal(files[0].issues[0].severity, 'error');
  assert.equal(files[1].status, 'ok');

  const registry = (id) => { writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ format: 'cxjf.keys/1', keys: [{ uscc, keyId: id }] })); return path.join(dir, 'keys.json'); };
  assert.equal(run(['check', '--keys', registry(keyId), ...DATE, out]).status, 0);
  const changed = JSON.parse(run(['check', '--format', 'json', '--keys', registry('AAAA-BBBB-CCCC-DDDD'), ...DATE, out]).stdout).files[0];
  assert.equal(changed.issues[0].rule, 'E-KEY-CHANGED');
  assert.equal(changed.status, 'errors');
  writeFileSync(path.join(dir, 'empty.json'), JSON.stringify({ format: 'cxjf.keys/1', keys: [] }));
  const unknown = JSON.parse(run(['check', '--format', 'json', '--keys', path.join(dir, 'empty.json'), ...DATE, out]).stdout).files[0];
  assert.equal(unknown.issues[0].rule, 'E-KEY-UNKNOWN');
  assert.equal(run(['check', '--keys', path.join(dir, 'missing.json'), out]).status, 2);
}));
