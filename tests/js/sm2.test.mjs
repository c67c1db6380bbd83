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

// The pages' verifier (site/sm2-verify.js, @noble/curves + sm-crypto's SM3): the verdicts of OpenSSL and sm-crypto.
const { verifySm2, publicPoint, CURVE } = await import('../../site/sm2-verify.js');
const bytes = (v) => new Uint8Array(typeof v === 'string' ? Buffer.from(v, 'base64url') : v);
const num32 = (value) => Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
const withRS = (r, s) => { const out = new Uint8Array(64); out.set(num32(r), 0); out.set(num32(s), 32); return out; };
const big = (b) => BigInt(`0x${hex(b)}`);

// One CLI-made (OpenSSL) signature, read back through the engine as the pages read it.
const openssl = workspace((dir) => {
  const key = path.join(dir, 'sm2.pem');
  assert.equal(spawnSync(cliPath, ['keygen', '--alg', 'SM2-SM3', '--out', key]).status, 0);
  const out = path.join(dir, 'e.json');
  const signed = spawnSync(cliPath, ['sign', '--key', key, '--check-date', CHECK_DATE, '--out', out, example], { encoding: 'utf8' });
  assert.equal(signed.status, 0, signed.stderr);
  const verified = spawnSync(cliPath, ['verify', out], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  const data = engine.signatureData(readFileSync(out), { checkDate: CHECK_DATE });
  assert.equal(data.alg, 'SM2-SM3');
  return { publicKey: bytes(data.publicKey), message: bytes(data.signedBytes), signature: bytes(data.value) };
});

test('sm2-verify.js: an OpenSSL (cxjf sign) signature verifies; a changed message, r, s, key or ID does not', () => {
  const { publicKey, message, signature } = openssl;
  assert.equal(verifySm2(publicKey, message, signature), true);
  assert.equal(verifySm2(publicKey, message, signature, '1234567812345678'), true);
  assert.equal(verifySm2(publicKey, message, signature, 'other-id'), false, 'another ID');
  assert.equal(verifySm2(publicKey, message, signature, ''), false, "OpenSSL 3.0's default, empty ID");
  for (const at of [0, 10, message.length - 1]) {
    const m = message.slice();
    m[at] ^= 1;
    assert.equal(verifySm2(publicKey, m, signature), false, `message byte ${at}`);
  }
  assert.equal(verifySm2(publicKey, message.subarray(0, message.length - 1), signature), false, 'message cut short');
  for (const at of [0, 31, 32, 63]) {
    const sig = signature.slice();
    sig[at] ^= 0x80;
    assert.equal(verifySm2(publicKey, message, sig), false, `signature byte ${at} (${at < 32 ? 'r' : 's'})`);
  }
  const other = sm2.generateKeyPairHex();
  assert.equal(verifySm2(bytes(Buffer.from(other.publicKey, 'hex')), message, signature), false, 'another key');
});

test('sm2-verify.js: r or s = 0 or ≥ n, r + s = n, and malformed input give false (never an exception)', () => {
  const { publicKey, message, signature } = openssl;
  const { n } = CURVE;
  const r = big(signature.subarray(0, 32));
  const s = big(signature.subarray(32));
  assert.equal(verifySm2(publicKey, message, withRS(r, s)), true, 'the encoding round-trips');
  assert.equal(verifySm2(publicKey, message, withRS(0n, s)), false, 'r = 0');
  assert.equal(verifySm2(publicKey, message, withRS(r, 0n)), false, 's = 0');
  assert.equal(verifySm2(publicKey, message, withRS(n, s)), false, 'r = n');
  assert.equal(verifySm2(publicKey, message, withRS(r, n)), false, 's = n');
  assert.equal(verifySm2(publicKey, message, withRS(2n ** 256n - 1n, s)), false, 'r = 2^256 - 1');
  if (s + n < 2n ** 256n) assert.equal(verifySm2(publicKey, message, withRS(r, s + n)), false, 's + n');
  assert.equal(verifySm2(publicKey, message, withRS(r, n - r)), false, 'r + s = n (t = 0)');
  assert.equal(verifySm2(publicKey, message, signature.subarray(0, 63)), false, '63 bytes');
  assert.equal(verifySm2(publicKey, message, new Uint8Array(65)), false, '65 bytes');
  for (const bad of [undefined, null, 'text', [1, 2, 3], {}]) {
    assert.equal(verifySm2(bad, message, signature), false, `public key ${bad}`);
    assert.equal(verifySm2(publicKey, bad, signature), false, `message ${bad}`);
    assert.equal(verifySm2(publicKey, message, bad), false, `signature ${bad}`);
  }
});

test('sm2-verify.js: a public key that is not a point of the curve is refused', () => {
  const { publicKey, message, signature } = openssl;
  assert.ok(publicPoint(publicKey), 'the real key is a point');
  const offCurve = publicKey.slice();
  offCurve[64] ^= 1;
  assert.equal(publicPoint(offCurve), null, 'y changed');
  assert.equal(verifySm2(offCurve, message, signature), false);
  const xChanged = publicKey.slice();
  xChanged[1] ^= 1;
  assert.equal(publicPoint(xChanged), null, 'x changed');
  const compressed = publicKey.slice();
  compressed[0] = 0x02;
  assert.equal(publicPoint(compressed), null, 'prefix 02 on 65 bytes');
  assert.equal(publicPoint(publicKey.subarray(0, 33)), null, '33 bytes (compressed form is not the envelope format)');
  assert.equal(publicPoint(publicKey.subarray(1)), null, '64 bytes without 04');
  assert.equal(publicPoint(Uint8Array.of(4, ...new Uint8Array(64))), null, 'the point at infinity as (0, 0)');
  // Coordinates ≥ p: (x + p, y) is the same point modulo p, and OpenSSL refuses the encoding; so does the page.
  // A point with a small x (x + p < 2^256): y = sqrt(x³ + ax + b), p ≡ 3 (mod 4).
  const { p, a, b } = CURVE;
  const pow = (base, e) => { let out = 1n; for (base %= p; e > 0n; e >>= 1n, base = (base * base) % p) if (e & 1n) out = (out * base) % p; return out; };
  let small = null;
  for (let x = 1n; !small; x++) {
    const y2 = (x ** 3n + a * x + b) % p;
    const y = pow(y2, (p + 1n) / 4n);
    if ((y * y) % p === y2) small = { x, y };
  }
  assert.ok(publicPoint(Uint8Array.of(4, ...num32(small.x), ...num32(small.y))), `(${small.x}, y) is a point`);
  assert.equal(publicPoint(Uint8Array.of(4, ...num32(small.x + p), ...num32(small.y))), null, 'x + p');
  assert.ok(small.y + p >= 2n ** 256n || publicPoint(Uint8Array.of(4, ...num32(small.x), ...num32(small.y + p))) === null, 'y + p');
  const x = big(publicKey.subarray(1, 33));
  const y = big(publicKey.subarray(33));
  const pNeg = Uint8Array.of(4, ...num32(x), ...num32(p - y));
  assert.ok(publicPoint(pNeg), '(x, p - y) is a point (the negation)');
  assert.equal(verifySm2(pNeg, message, signature), false, 'the negated key does not verify');
});

test('sm2-verify.js agrees with sm-crypto: its signatures verify, and on 200 changed ones both say false', () => {
  let agreed = 0;
  for (let i = 0; i < 10; i++) {
    const { privateKey, publicKey } = sm2.generateKeyPairHex();
    const message = new Uint8Array(Buffer.from(`message ${i} ${'填报'.repeat(i * 50)}`));
    const sigHex = sm2.doSignature(Array.from(message), privateKey, { der: false, hash: true, userId: ID });
    const pub = bytes(Buffer.from(publicKey, 'hex'));
    const sig = bytes(Buffer.from(sigHex, 'hex'));
    assert.equal(verifySm2(pub, message, sig), true, `key ${i}`);
    for (let j = 0; j < 20; j++) {
      const changed = sig.slice();
      changed[(i * 20 + j * 7) % 64] ^= 1 << (j % 8);
      const theirs = sm2.doVerifySignature(Array.from(message), hex(changed), publicKey, { der: false, hash: true, userId: ID });
      assert.equal(verifySm2(pub, message, changed), theirs, `key ${i}, change ${j}`);
      assert.equal(theirs, false);
      agreed += 1;
    }
  }
  assert.equal(agreed, 200);
});
