#pragma once
// Native cryptography (native/), implementing the core's Signer and SignatureVerifier (cxjf/envelope.hpp): Ed25519 keys and signatures with OpenSSL libcrypto, Ed25519 verification with
// libsodium (~1.7x faster than OpenSSL 3.0's, the largest part of checking a signed file; README "Signed files"),
// and SM2 with SM3 and the distinguishing ID
// "1234567812345678" set explicitly on both sides (OpenSSL 3.0's default ID is empty; GM/T 0009 and the JS
// libraries use this one). SM2 signatures travel as r ‖ s (32 + 32 bytes, big-endian), not DER.
#include <memory>
#include <string>
#include <string_view>

#include "cxjf/envelope.hpp"

namespace cxjf::crypto {

struct PrivateKey {
    std::string alg;        // "Ed25519" | "SM2-SM3"
    std::shared_ptr<void> pkey;  // EVP_PKEY
    std::string publicKey;  // raw: 32 bytes (Ed25519) or 65 bytes 04‖x‖y (SM2)
};

// A new key; its private part as PKCS#8 PEM.
PrivateKey generate_key(const std::string& alg);
std::string private_key_pem(const PrivateKey& key);
// Reads a PKCS#8 PEM private key (Ed25519 or SM2); throws std::runtime_error when it is neither.
PrivateKey load_private_key(std::string_view pem);

// An Ed25519 key from its 32-byte seed (RFC 8032 "secret key").
PrivateKey ed25519_from_seed(std::string_view seed);

std::string sign(const PrivateKey& key, std::string_view message);

// The core's Signer (cxjf/envelope.hpp) with a native key.
class NativeSigner : public Signer {
public:
    explicit NativeSigner(PrivateKey key);
    std::string alg() const override;
    std::string publicKey() const override;
    std::string sign(std::string_view message) const override;

private:
    PrivateKey key_;
};

class NativeVerifier : public SignatureVerifier {
public:
    NativeVerifier();  // initialises libsodium; throws std::runtime_error when it cannot
    bool verify(const std::string& alg, std::string_view publicKey, std::string_view message,
                std::string_view signature) const override;
};

}  // namespace cxjf::crypto
