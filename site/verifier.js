// The page's verifier for a signature the engine found well formed (the bureau engine's checkStart `verify`, the
// enterprise engine's signatureData): Ed25519 with signing.js
// (WebCrypto, the @noble fallback), SM2-SM3 with sm2-verify.js, loaded on the first SM2 file (neither page loads it
// otherwise) and with the distinguishing ID "1234567812345678" as the CLI's OpenSSL. It answers with a verdict for
// the engine (checkFinishTransport, or check with { verdict }): the finding, the comparison of the signed check
// claim, counts and status are the engine's.
//
//   const { id, verify } = engine.checkStart(bytes, options);
//   const transport = engine.checkFinishTransport(id, await verdictOf(verify));
import * as signing from './signing.js';

let sm2Loading = null;
const sm2 = () => (sm2Loading ??= import('./sm2-verify.js').catch((e) => { sm2Loading = null; throw e; }));

// → 'valid' | 'invalid', or '' when this browser has no verifier for it (the engine then leaves it unverified).
export async function verdictOf(verify) {
  if (!verify) return '';
  try {
    let verified;
    if (verify.alg === 'Ed25519') verified = await signing.verify(verify.publicKey, verify.signedBytes, verify.value);
    else if (verify.alg === 'SM2-SM3') verified = (await sm2()).verifySm2(verify.publicKey, verify.signedBytes, verify.value);
    else return '';
    return verified ? 'valid' : 'invalid';
  } catch {
    return '';  // no WebCrypto and the fallback could not load: not verified here, and said so
  }
}
