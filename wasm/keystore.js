// The browser's signing keys, one per company (USCC), in IndexedDB.
//
//   import { openKeyStore } from './keystore.js';
//   const store = await openKeyStore();
//   await store.put('91330108MA28L4TH7K', await signing.toNonExtractable(key));
//   const key = await store.get('91330108MA28L4TH7K');   // the key object of signing.js, or null
//
// A WebCrypto key is kept as a non-extractable CryptoKey: scripts of this origin can sign with it but never read
// it. Where the browser has no WebCrypto Ed25519 (crypto.subtle is missing on plain-http hosts that are not
// 127.0.0.1/localhost), the key is a raw 32-byte seed and is stored as such: record.protection says 'raw-seed',
// and the page says that the key is less protected there. An extractable key is refused.
const DB_NAME = 'cxjf-keys';
const STORE = 'keys';

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function toKey(record) {
  if (!record) return null;
  const { alg, publicKey, keyId, protection, privateKey, seed, createdAt } = record;
  return protection === 'raw-seed'
    ? { alg, publicKey, keyId, protection, seed, createdAt }
    : { alg, publicKey, keyId, protection, privateKey, createdAt };
}

export async function openKeyStore({ name = DB_NAME, indexedDB = globalThis.indexedDB } = {}) {
  if (!indexedDB) throw new Error('this browser has no IndexedDB: signing keys cannot be kept');
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'uscc' });
  const db = await promised(open);

  async function run(mode, action) {
    const tx = db.transaction(STORE, mode);
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('key store transaction aborted'));
    });
    const result = await promised(action(tx.objectStore(STORE)));
    await done;
    return result;
  }

  return {
    async get(uscc) {
      return toKey(await run('readonly', (s) => s.get(String(uscc))));
    },

    // Replaces the company's key, if it had one. key: non-extractable (WebCrypto) or a raw seed (fallback).
    async put(uscc, key) {
      if (key?.protection === 'extractable' || key?.privateKey?.extractable) {
        throw new Error('an extractable key is never stored: make it non-extractable first (signing.toNonExtractable)');
      }
      const record = { uscc: String(uscc), alg: key.alg, publicKey: key.publicKey, keyId: key.keyId,
                       protection: key.seed ? 'raw-seed' : 'non-extractable', createdAt: new Date().toISOString() };
      if (key.seed) record.seed = key.seed;
      else record.privateKey = key.privateKey;
      await run('readwrite', (s) => s.put(record));
      return toKey(record);
    },

    async delete(uscc) {
      await run('readwrite', (s) => s.delete(String(uscc)));
    },

    // [{ uscc, keyId, protection, createdAt }] without the keys themselves.
    async list() {
      const records = await run('readonly', (s) => s.getAll());
      return records.map(({ uscc, keyId, protection, createdAt }) => ({ uscc, keyId, protection, createdAt }));
    },

    close() {
      db.close();
    },
  };
}
