// Signatures verified natively: Ed25519 with libsodium (~1.7x faster than OpenSSL 3.0's, the largest part of
// checking a signed file), SM2-SM3 with OpenSSL (the fixed distinguishing ID; r ‖ s made DER for OpenSSL).
#include <sodium.h>

#include "openssl_support.hpp"

namespace cxjf::crypto {

using namespace openssl;

NativeVerifier::NativeVerifier() {
    if (sodium_init() < 0) fail("cannot initialise libsodium");
}

bool NativeVerifier::verify(const std::string& alg, std::string_view publicKey, std::string_view message,
                            std::string_view signature) const {
    const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
    const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
    if (alg == "Ed25519") {
        if (publicKey.size() != 32 || signature.size() != 64) return false;
        return crypto_sign_verify_detached(sig, msg, message.size(),
                                           reinterpret_cast<const unsigned char*>(publicKey.data())) == 0;
    }
    if (alg == "SM2-SM3") {
        if (publicKey.size() != 65 || signature.size() != 64) return false;
        Pkey pkey = sm2_public_key(publicKey);
        if (!pkey) return false;
        Sig ecdsa(ECDSA_SIG_new());
        BIGNUM* r = BN_bin2bn(sig, 32, nullptr);
        BIGNUM* s = BN_bin2bn(sig + 32, 32, nullptr);
        if (!ecdsa || !r || !s || ECDSA_SIG_set0(ecdsa.get(), r, s) != 1) {
            BN_free(r);
            BN_free(s);
            return false;
        }
        unsigned char* der = nullptr;
        const int derLen = i2d_ECDSA_SIG(ecdsa.get(), &der);
        if (derLen <= 0) return false;
        bool ok = false;
        try {
            Sm2Context c = sm2_context(pkey.get(), false);
            ok = EVP_DigestVerify(c.md.get(), der, static_cast<std::size_t>(derLen), msg, message.size()) == 1;
        } catch (const std::exception&) {
            ok = false;
        }
        OPENSSL_free(der);
        return ok;
    }
    return false;
}

}  // namespace cxjf::crypto
