// Ed25519 signing keys for the page (and Node): WebCrypto where it has Ed25519, a pure-JS fallback
// (@noble/ed25519, @noble/hashes, @noble/ciphers, copied into vendor/) where crypto.subtle is missing (a plain-http
// intranet host: no secure context) or has no Ed25519 (older browsers).
//
//   import * as signing from './signing.js';
//   const key = await signing.generateKey();                      // extractable once, for the backup
//   const backup = await signing.exportBackup(key, password);     // Uint8Array: the backup file (JSON)
//   const kept = await signing.toNonExtractable(key);             // what the key store keeps
//   const signature = await signing.sign(kept, bytes);            // Uint8Array(64)
//   await signing.verify(key.publicKey, bytes, signature);        // true
//   const again = await signing.restoreBackup(backup, password);  // on another computer: the same key
//
// A key is a plain object: { alg: 'Ed25519', publicKey: Uint8Array(32), keyId: 'XXXX-XXXX-XXXX-XXXX',
// protection, privateKey: CryptoKey } from WebCrypto, or { …, protection: 'raw-seed', seed: Uint8Array(32) }
// from the fallback. protection: 'non-extractable' (script can use the key but never read it), 'extractable'
// (only between generation and backup) or 'raw-seed' (any script of this origin could read it).
//
// createSigning({ fallback: true }) forces the pure-JS path everywhere (tests, benchmarks); the functions exported
// at the bottom choose by themselves. The backup file is the same on both paths:
//   {"format":"cxjf.keybackup/1","alg":"Ed25519","keyId","uscc" (optional),"publicKey":b64url,
//    "kdf":{"name":"PBKDF2","hash":"SHA-256","iterations":N,"salt":b64url},"cipher":{"name":"AES-GCM","iv":b64url},
//    "data":b64url(AES-GCM(PKCS#8) ‖ tag)}
// with the password as NFC-normalised UTF-8, a 16-byte salt, a 12-byte IV and a 128-bit tag.
//
// The vendor modules load only when needed: verifying with WebCrypto loads none of them; making or restoring a key
// loads noble's Ed25519 and SHA-2 (the public key of a seed and the key ID are computed in JS on both paths);
// PBKDF2 and AES-GCM in JS load only where crypto.subtle is missing.
import { fromBase64url, toBase64url } from './base64url.js';

let curveModules = null;
function noble() {
  curveModules ??= Promise.all([import('./vendor/noble-ed25519/index.js'), import('./vendor/noble-hashes/sha2.js')])
    .then(([ed, sha2]) => {
      ed.hashes.sha512 = sha2.sha512;  // noble's synchronous API; its async one would need crypto.subtle
      return { ed, sha256: sha2.sha256 };
    });
  return curveModules;
}

let kdfModules = null;
function nobleKdf() {
  kdfModules ??= Promise.all([noble(), import('./vendor/noble-hashes/pbkdf2.js'), import('./vendor/noble-ciphers/aes.js')])
    .then(([{ sha256 }, { pbkdf2Async }, { gcm }]) => ({ sha256, pbkdf2Async, gcm }));
  return kdfModules;
}

// Node before 19 has WebCrypto only as require('node:crypto').webcrypto; a browser always has globalThis.crypto
// (crypto.getRandomValues exists in every context, crypto.subtle only in secure ones).
const platform = globalThis.crypto ?? (globalThis.process?.versions?.node ? (await import('node:crypto')).webcrypto : undefined);

export const BACKUP_FORMAT = 'cxjf.keybackup/1';
export const DEFAULT_ITERATIONS = 600000;  // OWASP's figure for PBKDF2-HMAC-SHA256
export const MIN_ITERATIONS = 310000;
const MAX_ITERATIONS = 10000000;  // a hostile "backup" must not keep the page busy for minutes
const ED25519 = { name: 'Ed25519' };
// RFC 8410 PKCS#8 of an Ed25519 private key: this 16-byte header, then the 32-byte seed (what WebCrypto exports).
const PKCS8_HEAD = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

// A backup that cannot be read: code 'format' (not a backup file of this kind), 'password' (wrong password, or the
// file was changed), 'mismatch' (the key inside is not the key the file names).
export class BackupError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
  }
}

const encoder = new TextEncoder();
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function bytesOf(input, what) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${what} must be bytes (a Uint8Array or an ArrayBuffer)`);
}

// 'XXXX-XXXX-XXXX-XXXX': the first 16 hex digits, upper case, of SHA-256 of the raw public key (as the engine).
export async function keyIdOf(publicKey) {
  const { sha256 } = await noble();
  const h = hex(sha256(bytesOf(publicKey, 'publicKey')).subarray(0, 8)).toUpperCase();
  return h.match(/.{4}/g).join('-');
}

function randomBytes(n) {
  if (!platform?.getRandomValues) throw new Error('no cryptographic random number generator in this browser');
  return platform.getRandomValues(new Uint8Array(n));
}

function seedOfPkcs8(pkcs8) {
  if (pkcs8.length !== 48 || !sameBytes(pkcs8.subarray(0, 16), PKCS8_HEAD)) {
    throw new BackupError('format', 'not an Ed25519 private key (RFC 8410 PKCS#8, 48 bytes)');
  }
  return pkcs8.slice(16);
}

async function fallbackKey(seed) {
  const { ed } = await noble();
  const publicKey = ed.getPublicKey(seed);
  return { alg: 'Ed25519', publicKey, keyId: await keyIdOf(publicKey), protection: 'raw-seed', seed };
}

function readBackupFile(fileBytes) {
  let file;
  try {
    file = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(fileBytes, 'the backup file')));
  } catch {
    throw new BackupError('format', 'not a key backup file (not JSON)');
  }
  const { kdf, cipher } = file ?? {};
  if (file?.format !== BACKUP_FORMAT || file.alg !== 'Ed25519' || kdf?.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' ||
      cipher?.name !== 'AES-GCM' || typeof file.keyId !== 'string' || (file.uscc !== undefined && typeof file.uscc !== 'string')) {
    throw new BackupError('format', `not a ${BACKUP_FORMAT} Ed25519 backup`);
  }
  return file;
}

// What a backup file says about itself, before any password: { keyId, uscc } (uscc: undefined when not written).
export function backupInfo(fileBytes) {
  const { keyId, uscc } = readBackupFile(fileBytes);
  return { keyId, uscc };
}

export function createSigning({ fallback = false } = {}) {
  const subtle = fallback ? undefined : platform?.subtle;
  let ed25519Probe = null;

  // Whether this browser's WebCrypto does Ed25519 (asked once: generating a throwaway key is the sure test).
  function webEd25519() {
    ed25519Probe ??= subtle
      ? subtle.generateKey(ED25519, false, ['sign', 'verify']).then(() => true, () => false)
      : Promise.resolve(false);
    return ed25519Probe;
  }

  async function webKey(privateKey, publicKey, extractable) {
    return { alg: 'Ed25519', publicKey, keyId: await keyIdOf(publicKey),
             protection: extractable ? 'extractable' : 'non-extractable', privateKey };
  }

  // PKCS#8 bytes → a key; the seed-derived public key is computed in JS on both paths (WebCrypto has no call for it).
  async function importPkcs8(pkcs8, { extractable = false } = {}) {
    const bytes = bytesOf(pkcs8, 'pkcs8');
    const seed = seedOfPkcs8(bytes);
    const publicKey = (await noble()).ed.getPublicKey(seed);
    if (!(await webEd25519())) return fallbackKey(seed);
    const privateKey = await subtle.importKey('pkcs8', bytes, ED25519, extractable, ['sign']);
    seed.fill(0);
    return webKey(privateKey, publicKey, extractable);
  }

  async function exportPkcs8(key) {
    if (key.seed) {
      const out = new Uint8Array(48);
      out.set(PKCS8_HEAD);
      out.set(key.seed, 16);
      return out;
    }
    if (!key.privateKey?.extractable) throw new Error('this key is kept non-extractable: its backup was written when it was made');
    return new Uint8Array(await platform.subtle.exportKey('pkcs8', key.privateKey));
  }

  async function deriveCipherKey(password, salt, iterations) {
    const secret = encoder.encode(String(password).normalize('NFC'));
    if (subtle) {
      const base = await subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
      return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base,
                              { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    }
    const { pbkdf2Async, sha256 } = await nobleKdf();
    return pbkdf2Async(sha256, secret, salt, { c: iterations, dkLen: 32 });
  }

  async function encrypt(cipherKey, iv, plain) {
    if (subtle) return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, cipherKey, plain));
    return (await nobleKdf()).gcm(cipherKey, iv).encrypt(plain);
  }

  async function decrypt(cipherKey, iv, data) {
    if (subtle) return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, cipherKey, data));
    return (await nobleKdf()).gcm(cipherKey, iv).decrypt(data);
  }

  return {
    // 'webcrypto' or 'fallback': how this browser signs (and so how the key store can keep a key).
    async backend() {
      return (await webEd25519()) ? 'webcrypto' : 'fallback';
    },

    // A new key, extractable (WebCrypto) or a raw seed (fallback), so that its backup can be written once.
    async generateKey() {
      if (!(await webEd25519())) return fallbackKey(randomBytes(32));
      const pair = await subtle.generateKey(ED25519, true, ['sign', 'verify']);
      const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
      return webKey(pair.privateKey, publicKey, true);
    },

    importPkcs8,

    // The same key, now non-extractable (the extractable copy is for the caller to drop). A fallback key stays a
    // raw seed: JavaScript cannot make bytes unreadable to other scripts of the same origin.
    async toNonExtractable(key) {
      if (!key.privateKey || !key.privateKey.extractable) return key;
      const pkcs8 = await exportPkcs8(key);
      try {
        return await importPkcs8(pkcs8, { extractable: false });
      } finally {
        pkcs8.fill(0);
      }
    },

    // The backup file's bytes (UTF-8 JSON). options.uscc: the company the key signs for, written as "uscc" (a label
    // for the restoring page, not protected by the password). options.iterations: at least MIN_ITERATIONS.
    async exportBackup(key, password, { iterations = DEFAULT_ITERATIONS, uscc } = {}) {
      if (typeof password !== 'string' || password.length === 0) throw new TypeError('a backup needs a password');
      if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw new RangeError(`iterations must be from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
      }
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const pkcs8 = await exportPkcs8(key);
      let data;
      try {
        data = await encrypt(await deriveCipherKey(password, salt, iterations), iv, pkcs8);
      } finally {
        pkcs8.fill(0);
      }
      const file = {
        format: BACKUP_FORMAT, alg: 'Ed25519', keyId: key.keyId, ...(uscc ? { uscc: String(uscc) } : {}),
        publicKey: toBase64url(key.publicKey),
        kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64url(salt) },
        cipher: { name: 'AES-GCM', iv: toBase64url(iv) },
        data: toBase64url(data),
      };
      return encoder.encode(`${JSON.stringify(file, null, 2)}\n`);
    },

    // The key of a backup file, non-extractable where WebCrypto can keep it so. Throws a BackupError.
    async restoreBackup(fileBytes, password, { extractable = false } = {}) {
      const file = readBackupFile(fileBytes);
      const { kdf, cipher } = file;
      if (!Number.isSafeInteger(kdf.iterations) || kdf.iterations < MIN_ITERATIONS || kdf.iterations > MAX_ITERATIONS) {
        throw new BackupError('format', `PBKDF2 iterations must be from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
      }
      let salt, iv, data, publicKey;
      try {
        [salt, iv, data, publicKey] = [kdf.salt, cipher.iv, file.data, file.publicKey].map(fromBase64url);
      } catch {
        throw new BackupError('format', 'a field of the backup is not base64url');
      }
      if (iv.length !== 12 || salt.length < 16 || publicKey.length !== 32 || data.length !== 48 + 16) {
        throw new BackupError('format', 'a field of the backup has the wrong length');
      }
      let pkcs8;
      try {
        pkcs8 = await decrypt(await deriveCipherKey(password, salt, kdf.iterations), iv, data);
      } catch {
        throw new BackupError('password', 'wrong password, or the backup file was changed');
      }
      let key;
      try {
        key = await importPkcs8(pkcs8, { extractable });
      } finally {
        pkcs8.fill(0);
      }
      if (!sameBytes(key.publicKey, publicKey) || key.keyId !== file.keyId) {
        throw new BackupError('mismatch', 'the key in the backup is not the key its publicKey and keyId name');
      }
      return key;
    },

    // The 64-byte Ed25519 signature of message (the key decides the path: a CryptoKey or a seed).
    async sign(key, message) {
      const bytes = bytesOf(message, 'message');
      if (key?.seed) return (await noble()).ed.sign(bytes, key.seed);
      if (!key?.privateKey) throw new TypeError('sign() needs a key from generateKey(), importPkcs8() or the key store');
      return new Uint8Array(await (subtle ?? platform.subtle).sign(ED25519, key.privateKey, bytes));
    },

    // RFC 8032 verification with the strict reading: S < L, canonical point encodings, no small-order public key
    // (the fallback's { zip215: false }); WebCrypto gives the same verdicts (Wycheproof 151/151 on both paths).
    async verify(publicKey, message, signature) {
      const pub = bytesOf(publicKey, 'publicKey');
      const msg = bytesOf(message, 'message');
      const sig = bytesOf(signature, 'signature');
      if (pub.length !== 32 || sig.length !== 64) return false;
      if (await webEd25519()) {
        try {
          const key = await subtle.importKey('raw', pub, ED25519, false, ['verify']);
          return await subtle.verify(ED25519, key, sig, msg);
        } catch {
          return false;  // a public key that is not a point
        }
      }
      const { ed } = await noble();
      try {
        return ed.verify(sig, msg, pub, { zip215: false });
      } catch {
        return false;
      }
    },
  };
}

const auto = createSigning();
export const { backend, generateKey, importPkcs8, toNonExtractable, exportBackup, restoreBackup, sign, verify } = auto;
