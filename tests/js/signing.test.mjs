// wasm/signing.js in Node, on both of its paths: WebCrypto (Node's, as a browser's) and the pure-JS fallback the
// page uses where crypto.subtle is missing. Known answers (RFC 8032 §7.1), every Wycheproof verdict, the key backup
// (and that either path reads the other's), and the signing bindings of the engine end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cliPath, fixturesDir, loadNodeEngine, repoRoot, siteUrl } from './support.mjs';

const signing = await import(siteUrl('signing.js'));
const paths = { webcrypto: signing.createSigning(), fallback: signing.createSigning({ fallback: true }) };
const engine = await loadNodeEngine();

const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');
const PKCS8_HEAD = hex('302e020100300506032b657004220420');
const pkcs8Of = (seed) => new Uint8Array([...PKCS8_HEAD, ...seed]);
const rfc8032 = JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'conformance', 'rfc8032', 'ed25519.json'), 'utf8')).vectors;
const wycheproof = JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'conformance', 'wycheproof', 'ed25519_test.json'), 'utf8'));
const PASSWORD = 'correct horse 电池';

test('the WebCrypto path is WebCrypto here, the forced fallback is not', async () => {
  assert.equal(await paths.webcrypto.backend(), 'webcrypto');
  assert.equal(await paths.fallback.backend(), 'fallback');
  assert.equal(await signing.backend(), 'webcrypto', 'the default functions choose WebCrypto where it has Ed25519');
});

for (const [name, s] of Object.entries(paths)) {
  test(`${name}: RFC 8032 §7.1 TEST 1, 2, 3, 1024 and SHA(abc): public key, signature, verification`, async () => {
    assert.equal(rfc8032.length, 5);
    for (const v of rfc8032) {
      const key = await s.importPkcs8(pkcs8Of(hex(v.secretKey)));
      assert.equal(toHex(key.publicKey), v.publicKey, v.name);
      const signature = await s.sign(key, hex(v.message));
      assert.equal(toHex(signature), v.signature, v.name);
      assert.equal(await s.verify(hex(v.publicKey), hex(v.message), hex(v.signature)), true, v.name);
      const other = hex(v.message + 'ff');
      assert.equal(await s.verify(hex(v.publicKey), other, hex(v.signature)), false, `${v.name}, message changed`);
    }
  });

  test(`${name}: Wycheproof ed25519_test.json, 151/151 verdicts right`, async () => {
    let total = 0;
    const wrong = [];
    for (const group of wycheproof.testGroups) {
      const publicKey = hex(group.publicKey.pk);
      for (const t of group.tests) {
        total += 1;
        const verdict = await s.verify(publicKey, hex(t.msg), hex(t.sig));
        if (verdict !== (t.result === 'valid')) wrong.push(`tcId ${t.tcId} ${t.comment}: ${verdict}`);
      }
    }
    assert.equal(total, wycheproof.numberOfTests);
    assert.equal(total, 151);
    assert.deepEqual(wrong, []);
  });

  test(`${name}: a new key signs, its key ID is the engine's, and bytes of the wrong size never verify`, async () => {
    const key = await s.generateKey();
    assert.equal(key.publicKey.length, 32);
    assert.equal(key.keyId, engine.keyId(key.publicKey));
    assert.match(key.keyId, /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    assert.equal(key.protection, name === 'webcrypto' ? 'extractable' : 'raw-seed');
    const message = new TextEncoder().encode('创新积分制');
    const signature = await s.sign(key, message);
    assert.equal(signature.length, 64);
    assert.equal(await s.verify(key.publicKey, message, signature), true);
    assert.equal(await s.verify(key.publicKey, message, signature.subarray(0, 63)), false);
    assert.equal(await s.verify(key.publicKey.subarray(0, 31), message, signature), false);
    assert.equal(await s.verify(new Uint8Array(32).fill(0xff), message, signature), false, 'not a point');
  });

  test(`${name}: backup round trip; a wrong password, a changed file and a non-backup fail cleanly`, async () => {
    const key = await s.generateKey();
    const bytes = await s.exportBackup(key, PASSWORD, { uscc: '91330108MA28L4TH7K' });
    const file = JSON.parse(new TextDecoder().decode(bytes));
    assert.deepEqual(Object.keys(file), ['format', 'alg', 'keyId', 'uscc', 'publicKey', 'kdf', 'cipher', 'data']);
    assert.equal(file.format, 'cxjf.keybackup/1');
    assert.equal(file.alg, 'Ed25519');
    assert.equal(file.keyId, key.keyId);
    assert.deepEqual(signing.backupInfo(bytes), { keyId: key.keyId, uscc: '91330108MA28L4TH7K' });
    assert.equal(Buffer.from(file.publicKey, 'base64url').length, 32);
    assert.deepEqual(Object.keys(file.kdf), ['name', 'hash', 'iterations', 'salt']);
    assert.equal(file.kdf.name, 'PBKDF2');
    assert.equal(file.kdf.hash, 'SHA-256');
    assert.ok(file.kdf.iterations >= 310000, `iterations ${file.kdf.iterations}`);
    assert.equal(Buffer.from(file.kdf.salt, 'base64url').length, 16);
    assert.deepEqual(file.cipher, { name: 'AES-GCM', iv: file.cipher.iv });
    assert.equal(Buffer.from(file.cipher.iv, 'base64url').length, 12);
    assert.equal(Buffer.from(file.data, 'base64url').length, 48 + 16, 'PKCS#8 (48 bytes) and the GCM tag');

    const restored = await s.restoreBackup(bytes, PASSWORD);
    assert.equal(restored.keyId, key.keyId);
    assert.deepEqual(restored.publicKey, key.publicKey);
    assert.equal(restored.protection, name === 'webcrypto' ? 'non-extractable' : 'raw-seed');
    const message = new Uint8Array([1, 2, 3]);
    assert.deepEqual(await s.sign(restored, message), await s.sign(key, message), 'Ed25519 is deterministic: the same key');

    await assert.rejects(s.restoreBackup(bytes, `${PASSWORD}x`), { name: 'BackupError', code: 'password' });
    const flipped = { ...file, data: Buffer.from(Buffer.from(file.data, 'base64url').map((b, i) => (i === 5 ? b ^ 1 : b))).toString('base64url') };
    await assert.rejects(s.restoreBackup(Buffer.from(JSON.stringify(flipped)), PASSWORD), { code: 'password' });
    const other = await s.generateKey();
    const relabelled = { ...file, publicKey: Buffer.from(other.publicKey).toString('base64url'), keyId: other.keyId };
    await assert.rejects(s.restoreBackup(Buffer.from(JSON.stringify(relabelled)), PASSWORD), { code: 'mismatch' });
    const weak = { ...file, kdf: { ...file.kdf, iterations: 1000 } };
    await assert.rejects(s.restoreBackup(Buffer.from(JSON.stringify(weak)), PASSWORD), { code: 'format' });
    await assert.rejects(s.restoreBackup(Buffer.from('{"format":"x"}'), PASSWORD), { code: 'format' });
    await assert.rejects(s.restoreBackup(new Uint8Array([0xff, 0xfe]), PASSWORD), { code: 'format' });
    await assert.rejects(s.exportBackup(key, PASSWORD, { iterations: 1000 }), RangeError);
  });
}

test('cross-path: a backup written by the fallback is restored by WebCrypto, and the reverse', async () => {
  const message = new TextEncoder().encode('{"format":"cxjf.envelope/1"}');
  for (const [writer, reader] of [['fallback', 'webcrypto'], ['webcrypto', 'fallback']]) {
    const key = await paths[writer].generateKey();
    const backup = await paths[writer].exportBackup(key, PASSWORD);
    const restored = await paths[reader].restoreBackup(backup, PASSWORD);
    assert.equal(restored.keyId, key.keyId, `${writer} → ${reader}`);
    assert.equal(restored.protection, reader === 'webcrypto' ? 'non-extractable' : 'raw-seed');
    const signature = await paths[reader].sign(restored, message);
    assert.deepEqual(signature, await paths[writer].sign(key, message), `${writer} → ${reader}: same signature`);
    assert.equal(await paths[writer].verify(key.publicKey, message, signature), true);
  }
});

test('a key kept non-extractable signs, and refuses a second backup', async () => {
  const key = await signing.generateKey();
  const kept = await signing.toNonExtractable(key);
  assert.equal(kept.protection, 'non-extractable');
  assert.equal(kept.privateKey.extractable, false);
  assert.equal(kept.keyId, key.keyId);
  const message = new Uint8Array([42]);
  assert.deepEqual(await signing.sign(kept, message), await signing.sign(key, message));
  await assert.rejects(signing.exportBackup(kept, PASSWORD), /non-extractable/);
  const fallbackKey = await paths.fallback.generateKey();
  assert.equal(await paths.fallback.toNonExtractable(fallbackKey), fallbackKey, 'a raw seed stays what it is');
});

// The engine prepares the signed bytes, JS signs them, the engine writes the envelope; the CLI agrees.
const example = readFileSync(path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json'));

test('engine + signing.js: prepareEnvelope → sign → completeEnvelope → signatureData → verify', async (t) => {
  for (const [name, s] of Object.entries(paths)) {
    const key = await s.generateKey();
    const prepared = engine.prepareEnvelope(example, { publicKey: key.publicKey, signedAt: '2025-06-20T10:15:30+08:00' });
    assert.equal(prepared.signable, true, JSON.stringify(prepared.result.issues));
    assert.ok(prepared.signedBytes instanceof Uint8Array);
    assert.match(prepared.digest, /^[0-9a-f]{64}$/);
    const text = engine.completeEnvelope(prepared.envelope, await s.sign(key, prepared.signedBytes));
    const envelope = JSON.parse(text);
    assert.equal(envelope.format, 'cxjf.envelope/1');
    assert.equal(envelope.signature.keyId, key.keyId);
    assert.equal(envelope.signature.signedAt, '2025-06-20T10:15:30+08:00');

    const data = engine.signatureData(new TextEncoder().encode(text));
    assert.equal(data.status, 'unverified');
    assert.equal(data.keyId, key.keyId);
    assert.equal(data.digest, prepared.digest);
    assert.deepEqual(data.signedBytes, prepared.signedBytes);
    assert.deepEqual(data.publicKey, key.publicKey);
    assert.equal(await s.verify(data.publicKey, data.signedBytes, data.value), true, name);
    const tampered = engine.signatureData(new TextEncoder().encode(text.replace('"revenue": 26413548', '"revenue": 26413549')));
    assert.equal(tampered.status, 'unverified');
    assert.notEqual(tampered.digest, prepared.digest);
    assert.equal(await s.verify(tampered.publicKey, tampered.signedBytes, tampered.value), false, `${name}, tampered`);

    if (!existsSync(cliPath)) {
      t.diagnostic('build/cxjf not built: CLI cross-check left out');
      continue;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'cxjf-sign-'));
    try {
      writeFileSync(path.join(dir, 'env.json'), text);
      const run = spawnSync(cliPath, ['verify', '--format', 'json', path.join(dir, 'env.json')], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(JSON.parse(run.stdout.trim().split('\n')[0]).signature.status, 'valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('engine wrappers: canonicalize, keyId, signatureData of a bare filing, errors as errors', async () => {
  assert.deepEqual(engine.canonicalize('{"b": [1.0, 2.50], "a": "\\u0041"}'), { canonical: '{"a":"A","b":[1,2.5]}' });
  assert.match(engine.canonicalize('{"a":1,"a":2}').error, /J-DUPLICATE-KEY/);
  assert.match(engine.canonicalize('{').error, /J-SYNTAX|J-/);
  assert.deepEqual(engine.canonicalize('{"error": "x"}'), { canonical: '{"error":"x"}' }, 'a filing may say "error"');
  assert.deepEqual(engine.canonicalize('{"status": 1, "z": 2}'), { canonical: '{"status":1,"z":2}' }, 'or "status"');
  assert.match(engine.canonicalize('{"error":"x","error":"x"}').error, /J-DUPLICATE-KEY/);
  const envelope = readFileSync(path.join(fixturesDir, 'envelope.json'));
  const data = engine.signatureData(envelope);
  assert.equal(data.status, 'unverified');
  assert.equal(engine.keyId(data.publicKey), data.keyId);
  for (const s of Object.values(paths)) assert.equal(await s.verify(data.publicKey, data.signedBytes, data.value), true);
  assert.equal(engine.keyId(Buffer.from(data.publicKey).toString('base64url')), data.keyId);
  assert.equal(engine.signatureData(example).status, 'absent');
  assert.equal(engine.signatureData(example).result.status, 'ok');
  assert.throws(() => engine.keyId('not base64url!'), /base64url/);
  assert.throws(() => engine.prepareEnvelope(example, {}), TypeError);
  assert.throws(() => engine.completeEnvelope('{}', new Uint8Array(64)), /prepared envelope/);
  const unsignable = engine.prepareEnvelope(readFileSync(path.join(repoRoot, 'examples', '11-xiamen-wrong-uscc-check-char.json')),
                                            { publicKey: data.publicKey });
  assert.equal(unsignable.signable, false);
  assert.equal(unsignable.signedBytes, undefined);
  assert.equal(unsignable.result.status, 'errors');
});
