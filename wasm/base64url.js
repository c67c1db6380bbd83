// base64url without padding (RFC 4648 §5), as the envelope and the key backup write bytes.
//   toBase64url(new Uint8Array([251, 255]))  // '-_8'
//   fromBase64url('-_8')                     // Uint8Array [251, 255]; throws on any other character
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64url(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  if (bytes.length - i === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (bytes.length - i === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

// Strict: no padding, no whitespace, no standard-base64 '+' or '/', no length of 4k+1, no stray low bits.
export function fromBase64url(text) {
  if (typeof text !== 'string' || text.length % 4 === 1) throw new Error('not base64url');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let j = 0;
  for (const c of text) {
    const v = VALUE.get(c);
    if (v === undefined) throw new Error('not base64url');
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits && (buffer & ((1 << bits) - 1))) throw new Error('not base64url (non-zero padding bits)');
  return out;
}
