// SM2 with SM3 between OpenSSL (the CLI) and a JavaScript implementation (sm-crypto), both ways, with the
// distinguishing ID "1234567812345678" set explicitly on both sides (OpenSSL 3.0's default ID is empty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_DATE, cliPath, loadNodeEngine, repoRoot } from './support.mjs';

const { sm2 } = createRequire(import.meta.url)('sm-crypto');
const engine = await loadNodeEngine();
const ID = '1234567812345678';
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const example = path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json');

function workspace(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-sm2-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an SM2-SM3 envelope signed by OpenSSL verifies with sm-crypto (r ‖ s, SM3, fixed ID)', () => workspace((dir) => {
  const key = path.join(dir, 'sm2.pem');
  assert.equal(spawnSync(cliPath, ['keygen', '--alg', 'SM2-SM3', '--out', key]).status, 0);
  const out = path.join(dir, 'e.json');
  const signed = spawnSync(cliPath, ['sign', '--key', key, '--check-date', CHECK_DATE, '--out', out, example], { encoding: 'utf8' });
  assert.equal(signed.status, 0, signed.stderr);
  const data = engine.signatureData(readFileSync(out), { checkDate: CHECK_DATE });
  assert.equal(data.status, 'unverified');
  assert.equal(data.alg, 'SM2-SM3');
  const publicKey = hex(Buffer.from(data.publicKey, 'base64url'));
  const signature = hex(Buffer.from(data.value, 'base64url'));
  const message = Array.from(Buffer.from(data.signedBytes, 'base64url'));
  assert.equal(publicKey.length, 130);
  assert.equal(signature.length, 128);
  assert.equal(sm2.doVerifySignature(message, signature, publicKey, { der: false, hash: true, userId: ID }), true);
  // The ID is part of the signed digest: another ID (such as OpenSSL's default, empty) does not verify.
  assert.equal(sm2.doVerifySignature(message, signature, publicKey, { der: false, hash: true, userId: 'other-id' }), false);
  message[10] ^= 1;
  assert.equal(sm2.doVerifySignature(message, signature, publicKey, { der: false, hash: true, userId: ID }), false);
}));

test('an SM2-SM3 envelope signed by sm-crypto verifies with OpenSSL (cxjf verify)', () => workspace((dir) => {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  assert.ok(publicKey.startsWith('04'));
  const prepared = engine.prepareEnvelope(readFileSync(example),
    { alg: 'SM2-SM3', publicKey: Buffer.from(publicKey, 'hex').toString('base64url'), checkDate: CHECK_DATE });
  assert.equal(prepared.signable, true);
  const sign = (userId) => Buffer.from(
    sm2.doSignature(Array.from(prepared.signedBytes), privateKey, { der: false, hash: true, userId }), 'hex');
  const good = path.join(dir, 'good.json');
  writeFileSync(good, engine.completeEnvelope(prepared.envelope, sign(ID)));
  const verified = spawnSync(cliPath, ['verify', good], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /valid .*SM2-SM3/);
  const wrongId = path.join(dir, 'wrong-id.json');
  writeFileSync(wrongId, engine.completeEnvelope(prepared.envelope, sign('other-id')));
  assert.equal(spawnSync(cliPath, ['verify', wrongId]).status, 1);
}));
