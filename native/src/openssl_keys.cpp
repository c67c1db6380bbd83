// Keys and signatures with OpenSSL libcrypto: Ed25519 and SM2-SM3 keys made, written and read as PKCS#8 PEM, and
// messages signed (SM2 as r ‖ s, not DER).
#include "openssl_support.hpp"

namespace cxjf::crypto {

using namespace openssl;


PrivateKey generate_key(const std::string& alg) {
    EVP_PKEY* pkey = nullptr;
    if (alg == "Ed25519") pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    else if (alg == "SM2-SM3") pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
    else fail("unsupported algorithm " + alg + " (Ed25519 or SM2-SM3)");
    if (!pkey) fail("key generation failed");
    PrivateKey k{alg, share(pkey), ""};
    k.publicKey = raw_public_key(pkey, alg);
    return k;
}

std::string private_key_pem(const PrivateKey& key) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), raw(key), nullptr, nullptr, 0, nullptr, nullptr) != 1) fail("cannot write the key");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

PrivateKey load_private_key(std::string_view pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!pkey) fail("not a PEM private key");
    PrivateKey k{"", share(pkey), ""};
    if (EVP_PKEY_is_a(pkey, "ED25519")) k.alg = "Ed25519";
    else if (EVP_PKEY_is_a(pkey, "SM2")) k.alg = "SM2-SM3";
    else fail("the key is neither Ed25519 nor SM2");
    k.publicKey = raw_public_key(pkey, k.alg);
    return k;
}

PrivateKey ed25519_from_seed(std::string_view seed) {
    if (seed.size() != 32) fail("an Ed25519 seed has 32 bytes");
    EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                  reinterpret_cast<const unsigned char*>(seed.data()), 32);
    if (!pkey) fail("cannot make an Ed25519 key from the seed");
    PrivateKey k{"Ed25519", share(pkey), ""};
    k.publicKey = raw_public_key(pkey, "Ed25519");
    return k;
}

std::string sign(const PrivateKey& key, std::string_view message) {
    const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
    if (key.alg == "Ed25519") {
        MdCtx md(EVP_MD_CTX_new());
        unsigned char sig[64];
        std::size_t len = sizeof sig;
        if (!md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, raw(key)) != 1 ||
            EVP_DigestSign(md.get(), sig, &len, msg, message.size()) != 1 || len != 64)
            fail("Ed25519 signing failed");
        return std::string(reinterpret_cast<char*>(sig), len);
    }
    Sm2Context c = sm2_context(raw(key), true);
    unsigned char der[80];
    std::size_t len = sizeof der;
    if (EVP_DigestSign(c.md.get(), der, &len, msg, message.size()) != 1) fail("SM2 signing failed");
    const unsigned char* p = der;
    Sig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
    if (!sig) fail("SM2 signature is not DER");
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    unsigned char rs[64];
    if (BN_bn2binpad(r, rs, 32) != 32 || BN_bn2binpad(s, rs + 32, 32) != 32) fail("SM2 signature out of range");
    return std::string(reinterpret_cast<char*>(rs), 64);
}

NativeSigner::NativeSigner(PrivateKey key) : key_(std::move(key)) {}
std::string NativeSigner::alg() const { return key_.alg; }
std::string NativeSigner::publicKey() const { return key_.publicKey; }
std::string NativeSigner::sign(std::string_view message) const { return crypto::sign(key_, message); }

}  // namespace cxjf::crypto
