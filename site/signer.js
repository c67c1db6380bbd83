// The check page's signing: sign a checked filing with the company's key (made here, backed up first), restore a
// key from its backup, the receipt's link. The engine (in the worker) prepares envelopes; signing.js signs;
// keystore.js keeps one key per USCC in this browser. (A dropped file's signature is verified by verifier.js.)
import * as signing from './signing.js';
import { openKeyStore } from './keystore.js';
import { download as saveBlob } from './download.js';

let keyStore = null;
const keys = () => (keyStore ??= openKeyStore().catch((e) => { keyStore = null; throw e; }));

// 'webcrypto' or 'fallback' (the key is then kept as raw bytes: the page says so).
export const backend = () => signing.backend();

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
