#pragma once
// OpenSSL helpers shared by the key code (openssl_keys.cpp) and the verifier (native_verifier.cpp): owning
// pointers, and SM2 with SM3 and the fixed distinguishing ID.
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cxjf/native_crypto.hpp"

namespace cxjf::crypto::openssl {

inline constexpr char kSm2Id[] = "1234567812345678";

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

[[noreturn]] inline void fail(const std::string& what) { throw std::runtime_error(what); }

inline std::shared_ptr<void> share(EVP_PKEY* p) { return std::shared_ptr<void>(p, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); }); }
inline EVP_PKEY* raw(const PrivateKey& k) { return static_cast<EVP_PKEY*>(k.pkey.get()); }

inline std::string raw_public_key(EVP_PKEY* pkey, const std::string& alg) {
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

inline Sm2Context sm2_context(EVP_PKEY* pkey, bool forSigning) {
    Sm2Context c{PkeyCtx(EVP_PKEY_CTX_new(pkey, nullptr)), MdCtx(EVP_MD_CTX_new())};
    if (!c.md || !c.pctx) fail("out of memory");
    if (EVP_PKEY_CTX_set1_id(c.pctx.get(), kSm2Id, sizeof kSm2Id - 1) <= 0) fail("cannot set the SM2 distinguishing ID");
    EVP_MD_CTX_set_pkey_ctx(c.md.get(), c.pctx.get());
    const int ok = forSigning ? EVP_DigestSignInit(c.md.get(), nullptr, EVP_sm3(), nullptr, pkey)
                              : EVP_DigestVerifyInit(c.md.get(), nullptr, EVP_sm3(), nullptr, pkey);
    if (ok != 1) fail("cannot start SM2 with SM3");
    return c;
}

inline Pkey sm2_public_key(std::string_view point) {
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

}  // namespace cxjf::crypto::openssl
