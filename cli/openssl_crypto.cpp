#include "openssl_crypto.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <stdexcept>

namespace cxjf::crypto {
namespace {

constexpr char kSm2Id[] = "1234567812345678";

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Sig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

std::shared_ptr<void> share(EVP_PKEY* p) { return std::shared_ptr<void>(p, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); }); }
EVP_PKEY* raw(const PrivateKey& k) { return static_cast<EVP_PKEY*>(k.pkey.get()); }

std::string raw_public_key(EVP_PKEY* pkey, const std::string& alg) {
    if (alg == "Ed25519") {
        unsigned char buf[32];
        std::size_t len = sizeof buf;
        if (EVP_PKEY_get_raw_public_key(pkey, buf, &len) != 1 || len != 32) fail("cannot read the Ed25519 public key");
        return std::string(reinterpret_cast<char*>(buf), len);
    }
    unsigned char buf[65];
    std::size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) != 1 || len != 65 || buf[0] != 4)
        fail("cannot read the SM2 public key as an uncompressed point");
    return std::string(reinterpret_cast<char*>(buf), len);
}

// An MD context set up for SM2 with SM3 and the fixed distinguishing ID. The key context is not owned by the MD
// context (EVP_MD_CTX_set_pkey_ctx): both live here, the MD context is freed first.
struct Sm2Context {
    PkeyCtx pctx;
    MdCtx md;
};

Sm2Context sm2_context(EVP_PKEY* pkey, bool forSigning) {
    Sm2Context c{PkeyCtx(EVP_PKEY_CTX_new(pkey, nullptr)), MdCtx(EVP_MD_CTX_new())};
    if (!c.md || !c.pctx) fail("out of memory");
    if (EVP_PKEY_CTX_set1_id(c.pctx.get(), kSm2Id, sizeof kSm2Id - 1) <= 0) fail("cannot set the SM2 distinguishing ID");
    EVP_MD_CTX_set_pkey_ctx(c.md.get(), c.pctx.get());
    const int ok = forSigning ? EVP_DigestSignInit(c.md.get(), nullptr, EVP_sm3(), nullptr, pkey)
                              : EVP_DigestVerifyInit(c.md.get(), nullptr, EVP_sm3(), nullptr, pkey);
    if (ok != 1) fail("cannot start SM2 with SM3");
    return c;
}

Pkey sm2_public_key(std::string_view point) {
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        return nullptr;
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return Pkey(pkey);
}

}  // namespace

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
