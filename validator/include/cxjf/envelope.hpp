#pragma once
// The signed file cxjf.envelope/1 (DESIGN §5):
//   {"format":"cxjf.envelope/1","filing":{…},"check":{engine,ruleset,checkedAt,errors,warnings,explained,prescores},
//    "signature":{"alg","publicKey","keyId","signedAt","value"}}
// Signed bytes = RFC 8785 canonical UTF-8 of {"format","filing","check","signedAt","keyId","alg"}.
// The engine verifies structure, key ID and (with a SignatureVerifier) the signature, and compares the claimed
// check with its own; the cryptography itself lives outside the core (OpenSSL natively, WebCrypto in a browser).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cxjf/check.hpp"

namespace cxjf {

// "Ed25519": publicKey 32 raw bytes, signature 64 bytes.
// "SM2-SM3": publicKey 65 bytes (04 ‖ x ‖ y), signature 64 bytes (r ‖ s, big-endian), distinguishing ID
//            "1234567812345678" (GM/T 0009), digest SM3.
class SignatureVerifier {
public:
    virtual ~SignatureVerifier() = default;
    virtual bool verify(const std::string& alg, std::string_view publicKey, std::string_view message,
                        std::string_view signature) const = 0;
};

// Makes signatures with a private key the core never sees (OpenSSL natively: native/; WebCrypto in a page signs in
// JS, prepare_envelope → the page signs → set_envelope_signature).
class Signer {
public:
    virtual ~Signer() = default;
    virtual std::string alg() const = 0;        // "Ed25519" | "SM2-SM3"
    virtual std::string publicKey() const = 0;  // raw bytes
    virtual std::string sign(std::string_view message) const = 0;
};

// A bureau's registry of the keys it has receipts for: USCC → key ID.
struct KeyRegistry {
    std::map<std::string, std::string> keyIdByUscc;
    // {"format":"cxjf.keys/1","keys":[{"uscc","keyId",…}]}; throws std::runtime_error naming the problem.
    static KeyRegistry parse(std::string_view text);
    std::string to_json() const;
};

// Verifying in two steps, for a verifier that answers later (WebCrypto in a page): Engine::check without a
// SignatureVerifier checks the structure, encodings and key ID and leaves a well-formed signature "unverified",
// with signatureInfo.alg, publicKey, value (base64url) and signedBytes for the caller's verifier. complete_signature
// applies the caller's verdict exactly as check() applies a SignatureVerifier's: E-SIGNATURE (mismatch), or the
// claimed check compared with this engine's own; then the key registry (options.keys), the findings' order, the
// counts and the status. A result that is not "unverified" is left as it is.
void complete_signature(CheckResult& result, bool verified, const CheckOptions& options);

// What the bureau's registry says of a result's key: nothing (no registry, or no valid signature), registered
// (its key is the USCC's), unknown (the USCC has none: E-KEY-UNKNOWN) or changed (another: E-KEY-CHANGED).
struct KeyVerdict {
    enum class State { none, registered, unknown, changed };
    State state = State::none;
    std::string registered;  // changed: the registry's key ID
};
KeyVerdict key_verdict(const CheckResult& result, const KeyRegistry* registry);
const char* to_string(KeyVerdict::State s);  // "none" | "registered" | "unknown" | "changed"

// The bureau's key registry applied to a result: E-KEY-UNKNOWN (a warning) when a validly signed file's key is not
// registered for its USCC, E-KEY-CHANGED (an error) when another key is; those of an earlier registry are replaced;
// without a registry (nullptr) none remain. Then the findings' order, the counts and the status.
void apply_registry(CheckResult& result, const KeyRegistry* registry);

// "XXXX-XXXX-XXXX-XXXX": the first 16 hex digits (upper case) of SHA-256 of the raw public key.
std::string key_id(std::string_view publicKey);

// base64url without padding (RFC 4648 §5), as used in the envelope; decoding is strict (one text per byte string).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// RFC 8785 canonical text of any JSON text (read strictly first); throws std::runtime_error with the reading finding.
std::string canonicalize(std::string_view jsonText);

// The local time as 2025-06-20T10:15:30+08:00.
std::string now_with_offset();

struct SigningInput {
    std::string alg = "Ed25519";
    std::string publicKey;  // raw bytes
    std::string checkedAt;  // empty: now
    std::string signedAt;   // empty: now
};

struct PreparedEnvelope {
    CheckResult result;     // the check of the filing that is about to be signed
    bool signable = false;  // no error and every warning explained (R-DECLARATION included)
    std::string signedBytes;  // what the private key must sign
    std::string signedDigest; // SHA-256 hex of signedBytes (the receipt shows it)
    std::string envelope;     // the envelope as JSON with an empty signature value
};

// Checks the filing (a bare filing, or the filing inside an envelope being re-signed) and prepares the envelope.
PreparedEnvelope prepare_envelope(const Engine& engine, std::string_view fileBytes, const SigningInput& input,
                                  const CheckOptions& options = {});

// prepare_envelope, signed by `signer` (its alg and public key override input's) and completed: the envelope text in
// `envelope` when the filing is signable; otherwise the prepared envelope carries the findings that block it.
struct SignedEnvelope {
    PreparedEnvelope prepared;
    std::string envelope;  // empty when not signable
};
SignedEnvelope sign_envelope(const Engine& engine, std::string_view fileBytes, const Signer& signer, SigningInput input,
                             const CheckOptions& options = {});

// The envelope text with the signature value filled in (2-space indented JSON, UTF-8).
std::string complete_envelope(const PreparedEnvelope& prepared, std::string_view signature);
// The same on the text of a prepared envelope (as it travels through a web page); throws std::invalid_argument.
std::string set_envelope_signature(std::string envelopeText, std::string_view signature);

}  // namespace cxjf
