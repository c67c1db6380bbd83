// SM2 signature verification with SM3 (GM/T 0003.2 §7, GM/T 0009 for the ID), for the pages: a file signed with
// alg "SM2-SM3" gets the verdict `cxjf verify` (OpenSSL) gives it. Loaded with import() only when such a file is
// met; cmake/site.mjs bundles this file with what it imports (@noble/curves' short-Weierstrass arithmetic, the
// SM3 of sm-crypto; versions pinned in package-lock.json) into the one module of the same name in the built site.
//
//   verifySm2(publicKey, message, signature[, id])  → true | false   (never throws for bad input: false)
//     publicKey  65 bytes 04 ‖ x ‖ y (checked to be a point of the curve, coordinates < p)
//     signature  64 bytes r ‖ s, big-endian (r, s in [1, n-1])
//     message    the signed bytes M; id the distinguishing ID, "1234567812345678" (the envelope's, DESIGN §5)
//
// e = SM3(Z_A ‖ M), Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA); t = (r + s) mod n ≠ 0;
// (x1, y1) = [s]G + [t]P_A; valid iff (e + x1) mod n = r.
import { weierstrassN } from '@noble/curves/abstract/weierstrass.js';
import { sm3 as sm3Array } from 'sm-crypto/src/sm2/sm3.js';

export const DEFAULT_ID = '1234567812345678';

// The recommended curve of GM/T 0003.5 (sm2p256v1).
export const CURVE = Object.freeze({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

let Point = null;
const curve = () => (Point ??= weierstrassN(CURVE));

export const sm3 = (bytes) => Uint8Array.from(sm3Array(bytes));

const toBig = (bytes) => {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
};
const to32 = (value) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
};
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
const asBytes = (value) => (value instanceof Uint8Array ? value : null);

// Z_A for a public key given as 04 ‖ x ‖ y; the ID as text (UTF-8) or bytes.
export function za(publicKey, id = DEFAULT_ID) {
  const idBytes = typeof id === 'string' ? new TextEncoder().encode(id) : id;
  const entl = idBytes.length * 8;
  if (entl > 0xffff) throw new Error('the SM2 ID is longer than 8191 bytes');
  return sm3(concat(Uint8Array.of(entl >> 8, entl & 0xff), idBytes, to32(CURVE.a), to32(CURVE.b),
                    to32(CURVE.Gx), to32(CURVE.Gy), publicKey.subarray(1, 33), publicKey.subarray(33, 65)));
}

// The public key as a point of the curve, or null: 65 bytes, 04 ‖ x ‖ y, x and y < p, y² = x³ + ax + b.
export function publicPoint(publicKey) {
  const key = asBytes(publicKey);
  if (!key || key.length !== 65 || key[0] !== 0x04) return null;
  if (toBig(key.subarray(1, 33)) >= CURVE.p || toBig(key.subarray(33, 65)) >= CURVE.p) return null;
  try {
    return curve().fromBytes(key);   // checks the curve equation (and that it is not the point at infinity)
  } catch {
    return null;
  }
}

export function verifySm2(publicKey, message, signature, id = DEFAULT_ID) {
  const sig = asBytes(signature);
  const msg = asBytes(message);
  if (!sig || sig.length !== 64 || !msg) return false;
  const P = publicPoint(publicKey);
  if (!P) return false;
  const { n } = CURVE;
  const r = toBig(sig.subarray(0, 32));
  const s = toBig(sig.subarray(32, 64));
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  let e;
  try {
    e = toBig(sm3(concat(za(publicKey, id), msg)));
  } catch {
    return false;
  }
  const G = curve().BASE;
  const sum = G.multiply(s).add(P.multiplyUnsafe(t));
  if (sum.is0()) return false;
  const { x } = sum.toAffine();
  return (e + x) % n === r;
}
