// The check page's signing: verify the signature of a dropped file, sign a checked filing with the company's key
// (made here, backed up first), restore a key from its backup. The engine (in the worker) prepares and reads
// envelopes; signing.js signs and verifies; keystore.js keeps one key per USCC in this browser.
import * as signing from './signing.js';
import { openKeyStore } from './keystore.js';
import { download as saveBlob } from './download.js';

let keyStore = null;
let sm2Loading = null;
const sm2 = () => (sm2Loading ??= import('./sm2-verify.js').catch((e) => { sm2Loading = null; throw e; }));
const keys = () => (keyStore ??= openKeyStore().catch((e) => { keyStore = null; throw e; }));

// 'webcrypto' or 'fallback' (the key is then kept as raw bytes: the page says so).
export const backend = () => signing.backend();

// The engine's reading of a file plus the signature verdict: { result, signature: { status: 'valid' | 'invalid' |
// 'absent', keyId, signedAt, digest } }. A signature the engine found well-formed is verified here, in the page;
// one that does not verify gets the E-SIGNATURE finding the CLI reports for it (text from the engine's messages).
export async function readFile(cxjf, bytes, terms) {
  const data = await cxjf.signatureData(bytes);
  const { result } = data;
  let status = data.status;
  // Ed25519: signing.js (WebCrypto, the @noble fallback). SM2-SM3: sm2-verify.js, loaded on the first SM2 file
  // (neither page loads it otherwise), with the distinguishing ID "1234567812345678" as the CLI (OpenSSL).
  if (status === 'unverified' && (data.alg === 'Ed25519' || data.alg === 'SM2-SM3')) {
    const valid = data.alg === 'Ed25519'
      ? await signing.verify(data.publicKey, data.signedBytes, data.value)
      : (await sm2()).verifySm2(data.publicKey, data.signedBytes, data.value);
    status = valid ? 'valid' : 'invalid';
    result.signature = { ...result.signature, status };
    if (status === 'invalid') {
      delete result.signature.check;
      const text = (lang) => terms[lang]['E-SIGNATURE.mismatch'] ?? 'E-SIGNATURE';
      result.issues.push({ rule: 'E-SIGNATURE', severity: 'warning', path: '/signature/value', case: 'mismatch',
                           message_zh: text('zh'), message_en: text('en'), explained: false });
      result.counts = { ...result.counts, warnings: result.counts.warnings + 1 };
      if (result.status === 'ok') result.status = 'warnings';
    }
  }
  return { result, signature: { status, keyId: data.keyId, signedAt: data.signedAt, digest: data.digest } };
}

export function download(data, name) {
  saveBlob(new Blob([data], { type: 'application/json' }), name);
}

// The receipt page's address: everything it shows travels in the fragment, which never reaches a server.
export function receiptUrl(fields) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') params.set(key, String(value));
  return `receipt.html#${params}`;
}

// Signs one checked filing and downloads the signed file. askBackup(key) is called when the company has no key
// in this browser yet: it resolves with the backup password (after the user confirmed it) or null to cancel.
// → { fileName, keyId, signedAt, digest, year, signatory, protection } or null when cancelled.
export async function signFiling(cxjf, { bytes, uscc }, askBackup) {
  const store = await keys();
  let key = await store.get(uscc);
  if (!key) {
    const fresh = await signing.generateKey();
    const password = await askBackup(fresh);
    if (password == null) return null;
    download(await signing.exportBackup(fresh, password, { uscc }), `${uscc}-signing-key-backup.json`);
    // The extractable copy is dropped here: from now on only the non-extractable one exists (WebCrypto).
    key = await store.put(uscc, await signing.toNonExtractable(fresh));
  }
  const prepared = await cxjf.prepareEnvelope(bytes, { publicKey: key.publicKey });
  if (!prepared.signable) throw new Error(prepared.result.issues.map((i) => i.message_zh).join('；') || 'not signable');
  const signature = await signing.sign(key, prepared.signedBytes);
  if (!(await signing.verify(key.publicKey, prepared.signedBytes, signature))) {
    throw new Error('the signature just made does not verify');
  }
  const text = await cxjf.completeEnvelope(prepared.envelope, signature);
  const envelope = JSON.parse(text);
  const year = envelope.filing?.filingYear;
  const fileName = `${uscc}-${year}.cxjf.json`;
  download(text, fileName);
  return { fileName, keyId: key.keyId, signedAt: envelope.signature.signedAt, digest: prepared.digest, year,
           signatory: envelope.filing?.declaration?.signatory, protection: key.protection };
}

// What a chosen backup file says about itself (keyId, uscc) before the password: throws signing.BackupError.
export const backupInfo = (bytes) => signing.backupInfo(bytes);

// Restores a backup into this browser's key store for uscc: → the key (keyId, protection).
export async function restoreKey(bytes, password, uscc) {
  const key = await signing.restoreBackup(bytes, password);
  const store = await keys();
  return store.put(uscc, key);
}

export const keyFor = async (uscc) => (await keys()).get(uscc);
export const BackupError = signing.BackupError;
