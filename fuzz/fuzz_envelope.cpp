// libFuzzer target: signed files (cxjf.envelope/1) and the signing helpers.
// For each input:
//   1. Engine::check() of the input as a file with the native verifier (native/: libsodium Ed25519,
//      OpenSSL SM2) and a small key registry: fuzz_check's invariants, plus: a valid signature's key ID is that
//      of its public key and the verifier accepts its signed bytes again.
//   2. Re-signing: when the input is an envelope whose signature names one of this target's two keys, its signed
//      bytes (as the engine computes them) are signed for real and the envelope checked again: the signature must
//      then be valid. This takes the fuzzer past the signature to the comparison of the claimed check.
//   3. Signing: a filing (or envelope) that the engine would let its filer sign is prepared, signed and verified:
//      the result must be a valid signature whose claim matches.
//   4. base64url: decode(x) succeeds only for the one canonical text (encode(decode(x)) == x); decode(encode(x)) == x.
//   5. set_envelope_signature(input, …) throws std::invalid_argument or returns the text with the value filled in.
// With CXJF_FUZZ_WRITE_SEEDS=<dir> set, the binary instead writes envelopes of examples/*.json signed with both
// keys into <dir> (the seed corpus, fuzz/seed.sh) and exits.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cxjf/native_crypto.hpp"
#include "cxjf/envelope.hpp"
#include "fuzz_common.hpp"

namespace {

using cxjf::crypto::PrivateKey;

// Test keys, used only here: an Ed25519 key from a fixed seed and an SM2 key (PKCS#8).
const char kSm2Pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgEJZfh0O2bM5xfulD\n"
    "ss33SfOKwSWx3tW97UQf9mdQOmWhRANCAAQ1424VAg+UVgUG3dNR4w8JUjc4SMSR\n"
    "ucpNvRjxwPPOFgXdl73cIujQqTkD4oD+9w4Ej6gslw9cmZYGTHdGav6z\n"
    "-----END PRIVATE KEY-----\n";

struct Fixture {
    cxjf::crypto::NativeVerifier verifier;
    PrivateKey ed25519 = cxjf::crypto::ed25519_from_seed(std::string(32, '\x2a'));
    PrivateKey sm2 = cxjf::crypto::load_private_key(kSm2Pem);
    cxjf::KeyRegistry keys;
    Fixture() {
        // Three enterprises: the clean fixture's USCC registered with the bad-inputs key, one example with the
        // Ed25519 test key, one with a key it does not sign with (E-KEY-CHANGED); every other USCC is unknown.
        keys = cxjf::KeyRegistry::parse(
            std::string("{\"format\":\"cxjf.keys/1\",\"keys\":[") +
            "{\"uscc\":\"91350100M000100Y43\",\"keyId\":\"140C-689C-51FD-758A\"}," +
            "{\"uscc\":\"91340100071036529Y\",\"keyId\":\"" + cxjf::key_id(ed25519.publicKey) + "\"}," +
            "{\"uscc\":\"91330108MA28L4TH7K\",\"keyId\":\"0000-0000-0000-0000\"}]}");
    }
    const PrivateKey* key_for(const std::string& publicKey) const {
        if (publicKey == ed25519.publicKey) return &ed25519;
        if (publicKey == sm2.publicKey) return &sm2;
        return nullptr;
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

cxjf::CheckOptions verify_options(bool withKeys, bool require) {
    cxjf::CheckOptions o = fuzz::options();
    o.scores = cxjf::ScoreDetail::summary;
    o.verifier = &fixture().verifier;
    o.keys = withKeys ? &fixture().keys : nullptr;
    o.requireSignature = require;
    return o;
}

cxjf::SigningInput signing_input(const PrivateKey& key) {
    cxjf::SigningInput in;
    in.alg = key.alg;
    in.publicKey = key.publicKey;
    in.checkedAt = in.signedAt = "2025-06-20T10:00:00+08:00";  // fixed: no clock
    return in;
}

void check_valid_signature(const cxjf::CheckResult& r) {
    if (r.signature != cxjf::SignatureStatus::valid) return;
    const auto& info = r.signatureInfo;
    FUZZ_ASSERT(r.envelope, "valid signature outside an envelope");
    const auto publicKey = cxjf::base64url_decode(info.publicKey);
    const auto value = cxjf::base64url_decode(info.value);
    FUZZ_ASSERT(publicKey && value, "valid signature with undecodable fields");
    FUZZ_ASSERT(cxjf::key_id(*publicKey) == info.keyId, info.keyId);
    FUZZ_ASSERT(fixture().verifier.verify(info.alg, *publicKey, info.signedBytes, *value), "verifier disagrees");
    FUZZ_ASSERT(info.claimMatches == info.differences.empty(), "claimMatches");
}

// 2. Sign what the engine says the signature covers, with the key the envelope names, and check again.
void resign(std::string_view bytes, const cxjf::CheckResult& first) {
    if (!first.envelope || first.signatureInfo.signedBytes.empty()) return;
    // Only a signature that is valid, or refused by the verifier alone (E-SIGNATURE.mismatch), is repaired by
    // signing: a wrong key ID or encoding stays wrong.
    const bool mismatch = std::any_of(first.findings.begin(), first.findings.end(), [](const cxjf::Finding& f) {
        return f.rule == "E-SIGNATURE" && f.variant == "mismatch";
    });
    if (first.signature != cxjf::SignatureStatus::valid && !mismatch) return;
    const auto publicKey = cxjf::base64url_decode(first.signatureInfo.publicKey);
    if (!publicKey) return;
    const PrivateKey* key = fixture().key_for(*publicKey);
    if (!key || key->alg != first.signatureInfo.alg) return;
    nlohmann::json doc = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!doc.is_object() || !doc.contains("signature") || !doc["signature"].is_object()) return;
    doc["signature"]["value"] = cxjf::base64url_encode(cxjf::crypto::sign(*key, first.signatureInfo.signedBytes));
    std::string text;
    try {
        text = doc.dump();
    } catch (const nlohmann::json::exception&) {
        return;  // nlohmann's writer refuses what its reader let through (e.g. invalid UTF-8): not the engine's
    }
    const cxjf::CheckOptions o = verify_options(true, false);
    const cxjf::CheckResult again = cxjf::Engine::builtin().check(text, o);
    fuzz::check_result(cxjf::Engine::builtin(), again, o);
    if (again.signatureInfo.signedBytes != first.signatureInfo.signedBytes) return;  // re-serialised differently
    FUZZ_ASSERT(again.signature == cxjf::SignatureStatus::valid,
                std::string("re-signed envelope not valid: ") + cxjf::to_string(again.signature));
    check_valid_signature(again);
}

// 3. What the engine lets a filer sign verifies, and its claim matches.
void sign_round_trip(std::string_view bytes, const PrivateKey& key) {
    cxjf::CheckOptions o = fuzz::options();
    const cxjf::PreparedEnvelope p = cxjf::prepare_envelope(cxjf::Engine::builtin(), bytes, signing_input(key), o);
    if (!p.signable) return;
    FUZZ_ASSERT(p.result.status == cxjf::Status::ok, cxjf::to_string(p.result.status));
    const std::string envelope = cxjf::complete_envelope(p, cxjf::crypto::sign(key, p.signedBytes));
    const cxjf::CheckOptions v = verify_options(false, true);
    const cxjf::CheckResult r = cxjf::Engine::builtin().check(envelope, v);
    fuzz::check_result(cxjf::Engine::builtin(), r, v);
    FUZZ_ASSERT(r.signature == cxjf::SignatureStatus::valid, cxjf::to_string(r.signature));
    FUZZ_ASSERT(r.signatureInfo.claimMatches, r.signatureInfo.differences.empty() ? "" : r.signatureInfo.differences[0].field);
    FUZZ_ASSERT(r.signatureInfo.signedBytes == p.signedBytes, "signed bytes differ");
    FUZZ_ASSERT(r.errors == 0, std::to_string(r.errors) + " errors in a freshly signed file");
    check_valid_signature(r);
}

void write_seeds(const std::string& dir) {
    int n = 0;
    for (const auto& path : fuzz::json_files(fuzz::source_dir() + "/examples")) {
        const std::string text = fuzz::read_file(path);
        for (const PrivateKey* key : {&fixture().ed25519, &fixture().sm2}) {
            cxjf::CheckOptions o = fuzz::options();
            const cxjf::PreparedEnvelope p = cxjf::prepare_envelope(cxjf::Engine::builtin(), text, signing_input(*key), o);
            if (!p.signable) continue;
            const std::string name = path.substr(path.rfind('/') + 1);
            const std::string out = dir + "/signed-" + key->alg + "-" + name;
            std::FILE* f = std::fopen(out.c_str(), "wb");
            if (!f) fuzz::fail("cannot write", out);
            const std::string envelope = cxjf::complete_envelope(p, cxjf::crypto::sign(*key, p.signedBytes));
            std::fwrite(envelope.data(), 1, envelope.size(), f);
            std::fclose(f);
            ++n;
        }
    }
    std::printf("fuzz_envelope: wrote %d signed envelopes to %s\n", n, dir.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)cxjf::Engine::builtin();
    (void)fixture();
    if (const char* dir = std::getenv("CXJF_FUZZ_WRITE_SEEDS"); dir && *dir) {
        write_seeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const cxjf::Engine& engine = cxjf::Engine::builtin();

    // 1. Verify the input as a file.
    const cxjf::CheckOptions o = verify_options(size % 2 == 0, size % 3 == 0);
    const cxjf::CheckResult r = engine.check(bytes, o);
    fuzz::check_result(engine, r, o);
    check_valid_signature(r);

    // 2. and 3.
    resign(bytes, r);
    if (r.status != cxjf::Status::unreadable && r.errors <= (o.requireSignature && !r.envelope ? 1 : 0))
        sign_round_trip(bytes, size % 5 == 0 ? fixture().sm2 : fixture().ed25519);

    // 4. base64url.
    if (const auto decoded = cxjf::base64url_decode(bytes)) {
        FUZZ_ASSERT(cxjf::base64url_encode(*decoded) == bytes, "two texts for one byte string");
        FUZZ_ASSERT(decoded->size() == bytes.size() * 3 / 4, std::to_string(decoded->size()));
    }
    const std::string encoded = cxjf::base64url_encode(bytes);
    FUZZ_ASSERT(encoded.size() == (bytes.size() * 4 + 2) / 3, std::to_string(encoded.size()));
    for (char c : encoded)
        FUZZ_ASSERT((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_',
                    encoded.substr(0, 100));
    const auto back = cxjf::base64url_decode(encoded);
    FUZZ_ASSERT(back && *back == bytes, "base64url round trip");

    // 5. set_envelope_signature on the input text, with the first 64 bytes (or fewer) as the signature.
    try {
        const std::string signature(bytes.substr(0, 64));
        const std::string out = cxjf::set_envelope_signature(std::string(bytes), signature);
        FUZZ_ASSERT(!out.empty() && out.back() == '\n', "no final newline");
        FUZZ_ASSERT(out.find("\"value\": \"" + cxjf::base64url_encode(signature) + "\"") != std::string::npos, "value not filled in");
    } catch (const std::invalid_argument& e) {
        FUZZ_ASSERT(e.what() && *e.what(), "an empty error message");
    }
    return 0;
}
