// Signing and verification: SHA-256, base64url, RFC 8785, Ed25519 (RFC 8032, Wycheproof) and SM2 through OpenSSL,
// and the envelope against tampering. (Browser and cross-tool round trips are in tests/js.)
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cxjf/native_crypto.hpp"
#include "cxjf/envelope.hpp"
#include "fixtures.hpp"
#include "signing/base64url.hpp"
#include "signing/jcs.hpp"
#include "signing/sha256.hpp"

using namespace cxjf;
using fixtures::clean_filing;
using fixtures::count;
using fixtures::json;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string unhex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

std::string hex(std::string_view bytes) {
    static const char* const digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

const crypto::NativeVerifier verifier;

CheckResult verify_text(const std::string& text, const KeyRegistry* keys = nullptr, bool require = false,
                        const Engine& engine = Engine::builtin()) {
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    o.verifier = &verifier;
    o.keys = keys;
    o.requireSignature = require;
    return engine.check(text, o);
}

std::string signed_envelope(const crypto::PrivateKey& key, const json& filing = clean_filing()) {
    SigningInput in;
    in.alg = key.alg;
    in.publicKey = key.publicKey;
    in.signedAt = in.checkedAt = "2025-06-20T10:00:00+08:00";
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    const PreparedEnvelope p = prepare_envelope(Engine::builtin(), filing.dump(), in, o);
    REQUIRE(p.signable);
    return complete_envelope(p, crypto::sign(key, p.signedBytes));
}

}  // namespace

TEST_CASE("signing: SHA-256 matches FIPS 180 examples") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex(std::string(55, 'x')).size() == 64);  // padding edges: 55, 56, 64 bytes
    CHECK(sha256_hex(std::string(56, 'x')) != sha256_hex(std::string(55, 'x')));
}

TEST_CASE("signing: the portable SHA-256 (the wasm build's) equals the native one at every padding edge") {
    std::string data;
    for (int n = 0; n <= 300; ++n) {
        CHECK_MESSAGE(sha256_portable(data) == sha256(data), "length ", n);
        data += static_cast<char>((n * 37 + 11) & 0xff);
    }
}

TEST_CASE("signing: base64url round-trips and refuses anything that is not its one canonical text") {
    for (std::string s : {std::string(""), std::string("A"), std::string("AB"), std::string("ABC"), std::string("\xff\xfe\x00", 3)})
        CHECK(base64url_decode(base64url_encode(s)) == s);
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    CHECK(base64url_decode("QQ") == std::string("A"));
    CHECK_FALSE(base64url_decode("QR").has_value());   // stray bits
    CHECK_FALSE(base64url_decode("QQ==").has_value()); // padding
    CHECK_FALSE(base64url_decode("+/8").has_value());  // the other alphabet
    CHECK_FALSE(base64url_decode("Q Q").has_value());
    CHECK_FALSE(base64url_decode("Q").has_value());
}

TEST_CASE("signing: RFC 8785 test files canonicalize byte for byte") {
    const std::string dir = std::string(CXJF_SOURCE_DIR) + "/tests/conformance/jcs/testdata/";
    for (const char* name : {"arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"}) {
        INFO(name);
        const std::string input = read_file(dir + "input/" + name);
        std::string expected = read_file(dir + "output/" + name);
        CHECK(canonicalize(input) == expected);
    }
}

TEST_CASE("signing: numbers serialize as ECMAScript does") {
    CHECK(ecmascript_number(1e21) == "1e+21");
    CHECK(ecmascript_number(1e20) == "100000000000000000000");
    CHECK(ecmascript_number(1e-7) == "1e-7");
    CHECK(ecmascript_number(0.000001) == "0.000001");
    CHECK(ecmascript_number(123e-20) == "1.23e-18");
    CHECK(ecmascript_number(-0.0) == "0");
    CHECK(ecmascript_number(5e-324) == "5e-324");
    CHECK(ecmascript_number(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(ecmascript_number(0.1 + 0.2) == "0.30000000000000004");
    CHECK(ecmascript_number(9007199254740993.0) == "9007199254740992");
    CHECK(ecmascript_number(333333333.33333329) == "333333333.3333333");
    CHECK(ecmascript_number(-1.5) == "-1.5");
    CHECK(ecmascript_number(4.35) == "4.35");
    CHECK(ecmascript_number(2e-323) == "2e-323");
    CHECK_THROWS(ecmascript_number(std::nan("")));
    CHECK_THROWS(ecmascript_number(1.0 / 0.0));
}

TEST_CASE("signing: members sort by UTF-16 code units, not by code points") {
    // U+20AC < U+1F600 (as D83D DE00) < U+FB33 in UTF-16; by code point U+FB33 would come before U+1F600.
    const std::string text = "{\"\xEF\xAC\xB3\":3,\"\xF0\x9F\x98\x80\":2,\"\xE2\x82\xAC\":1}";
    CHECK(canonicalize(text) == "{\"\xE2\x82\xAC\":1,\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":3}");
    CHECK(canonicalize("{\"b\":[1.0, 2.50, -0], \"a\": \"\\u0041\\u001f\\/\"}") == "{\"a\":\"A\\u001f/\",\"b\":[1,2.5,0]}");
    CHECK_THROWS_WITH(canonicalize("{\"a\":1,\"a\":2}"), doctest::Contains("J-DUPLICATE-KEY"));
}

TEST_CASE("signing: Ed25519 signs the RFC 8032 §7.1 vectors") {
    struct Vector { const char *secret, *publicKey, *message, *signature; };
    const Vector vectors[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };
    for (const auto& v : vectors) {
        const auto key = crypto::ed25519_from_seed(unhex(v.secret));
        CHECK(hex(key.publicKey) == v.publicKey);
        const std::string sig = crypto::sign(key, unhex(v.message));
        CHECK(hex(sig) == v.signature);
        CHECK(verifier.verify("Ed25519", key.publicKey, unhex(v.message), sig));
        CHECK_FALSE(verifier.verify("Ed25519", key.publicKey, unhex(v.message) + "x", sig));
    }
}

TEST_CASE("signing: every Wycheproof Ed25519 verdict is right (151/151)") {
    const auto suite = json::parse(read_file(std::string(CXJF_SOURCE_DIR) + "/tests/conformance/wycheproof/ed25519_test.json"));
    int total = 0, right = 0;
    for (const auto& group : suite["testGroups"]) {
        const std::string publicKey = unhex(group["publicKey"]["pk"].get<std::string>());
        for (const auto& t : group["tests"]) {
            ++total;
            const bool valid = verifier.verify("Ed25519", publicKey, unhex(t["msg"].get<std::string>()), unhex(t["sig"].get<std::string>()));
            const bool expected = t["result"] == "valid";
            INFO("tcId " << t["tcId"] << " " << t["comment"]);
            CHECK(valid == expected);
            right += valid == expected;
        }
    }
    CHECK(total == 151);
    CHECK(right == 151);
}

TEST_CASE("signing: SM2 with SM3 signs r||s that verifies, and fails on any change") {
    const auto key = crypto::generate_key("SM2-SM3");
    REQUIRE(key.publicKey.size() == 65);
    CHECK(key.publicKey[0] == '\x04');
    const std::string msg = "创新积分制";
    const std::string sig = crypto::sign(key, msg);
    CHECK(sig.size() == 64);
    CHECK(verifier.verify("SM2-SM3", key.publicKey, msg, sig));
    CHECK_FALSE(verifier.verify("SM2-SM3", key.publicKey, msg + " ", sig));
    std::string flipped = sig;
    flipped[10] ^= 1;
    CHECK_FALSE(verifier.verify("SM2-SM3", key.publicKey, msg, flipped));
    CHECK_FALSE(verifier.verify("SM2-SM3", key.publicKey, msg, std::string(64, '\0')));
    // A PEM written and read back keeps the key.
    const auto again = crypto::load_private_key(crypto::private_key_pem(key));
    CHECK(again.alg == "SM2-SM3");
    CHECK(again.publicKey == key.publicKey);
}

TEST_CASE("signing: key IDs are the first 16 hex of SHA-256 of the public key, grouped") {
    const std::string pk = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    std::string expected = sha256_hex(pk).substr(0, 16);
    for (auto& c : expected) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(key_id(pk) == expected.substr(0, 4) + "-" + expected.substr(4, 4) + "-" + expected.substr(8, 4) + "-" + expected.substr(12, 4));
}

TEST_CASE("signing: an envelope made by sign verifies; re-ordered keys and whitespace still verify") {
    const auto key = crypto::generate_key("Ed25519");
    const std::string envelope = signed_envelope(key);
    auto r = verify_text(envelope);
    CHECK(r.status == Status::ok);
    CHECK(r.signature == SignatureStatus::valid);
    CHECK(r.signatureInfo.keyId == key_id(key.publicKey));
    CHECK(r.signatureInfo.claimMatches);
    CHECK(r.signatureInfo.signedDigest == sha256_hex(r.signatureInfo.signedBytes));
    // Compact, and members in another order: the canonical bytes are the same.
    const auto doc = nlohmann::ordered_json::parse(envelope);
    nlohmann::ordered_json reordered;
    for (auto it = doc.rbegin(); it != doc.rend(); ++it) reordered[it.key()] = it.value();
    CHECK(verify_text(reordered.dump()).signature == SignatureStatus::valid);
    CHECK(verify_text(json::parse(envelope).dump(8)).signature == SignatureStatus::valid);
    // SM2 too.
    CHECK(verify_text(signed_envelope(crypto::generate_key("SM2-SM3"))).signature == SignatureStatus::valid);
}

TEST_CASE("signing: a changed figure is rejected (E-SIGNATURE mismatch)") {
    const auto key = crypto::generate_key("Ed25519");
    auto doc = json::parse(signed_envelope(key));
    doc["filing"]["annual"][2]["revenue"] = doc["filing"]["annual"][2]["revenue"].get<long long>() + 1;
    const auto r = verify_text(doc.dump());
    CHECK(r.signature == SignatureStatus::invalid);
    CHECK(REQUIRE_FINDING(r, "E-SIGNATURE", Severity::warning, "/signature/value").variant == "mismatch");
    const auto strict = verify_text(doc.dump(), nullptr, true);
    REQUIRE_FINDING(strict, "E-SIGNATURE", Severity::error, "/signature/value");
    CHECK(strict.status == Status::errors);
}

TEST_CASE("signing: a swapped public key is rejected (E-SIGNATURE key-id)") {
    auto doc = json::parse(signed_envelope(crypto::generate_key("Ed25519")));
    doc["signature"]["publicKey"] = base64url_encode(crypto::generate_key("Ed25519").publicKey);
    const auto r = verify_text(doc.dump());
    CHECK(r.signature == SignatureStatus::invalid);
    CHECK(REQUIRE_FINDING(r, "E-SIGNATURE", Severity::warning, "/signature/keyId").variant == "key-id");
}

TEST_CASE("signing: a file re-signed with another key verifies, but the key registry flags the change") {
    const auto original = crypto::generate_key("Ed25519");
    const auto other = crypto::generate_key("Ed25519");
    KeyRegistry keys;
    keys.keyIdByUscc["91350100M000100Y43"] = key_id(original.publicKey);
    CHECK(verify_text(signed_envelope(original), &keys).status == Status::ok);
    const auto r = verify_text(signed_envelope(other), &keys);
    CHECK(r.signature == SignatureStatus::valid);
    REQUIRE_FINDING(r, "E-KEY-CHANGED", Severity::error, "/signature/keyId");
    KeyRegistry empty;
    REQUIRE_FINDING(verify_text(signed_envelope(other), &empty), "E-KEY-UNKNOWN", Severity::warning, "/signature/keyId");
    const auto parsed = KeyRegistry::parse(keys.to_json());
    CHECK(parsed.keyIdByUscc == keys.keyIdByUscc);
    CHECK_THROWS(KeyRegistry::parse("{\"format\":\"other\",\"keys\":[]}"));
}

TEST_CASE("signing: the key registry reader takes extra members and refuses every malformed registry by name") {
    const auto r = KeyRegistry::parse(R"({"format":"cxjf.keys/1","bureau":"杭州市科技局","keys":[
        {"uscc":"91330108MA28L4TH7K","keyId":"3FD4-34C9-3ED5-1EDE","name":"杭州数澜云策科技有限公司","added":2025},
        {"uscc":"91340100071036529Y","keyId":"0000-1111-2222-3333"}]})");
    CHECK(r.keyIdByUscc.size() == 2);
    CHECK(r.keyIdByUscc.at("91330108MA28L4TH7K") == "3FD4-34C9-3ED5-1EDE");
    auto refused = [](const char* text) {
        try {
            KeyRegistry::parse(text);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refused(R"({"keys":[]})").find("format") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1"})").find("keys must be an array") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":{}})").find("keys must be an array") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":5})").find("keys must be an array") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":[{"uscc":"x"}]})").find("/keys/0 needs uscc and keyId") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":[{"uscc":"x","keyId":"a"},7]})").find("/keys/1 must be an object") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":[{"uscc":"x","keyId":"a","keyId":"b"}]})").find("repeats") != std::string::npos);
    CHECK(refused(R"({"format":"cxjf.keys/1","keys":[{"uscc":"x","keyId":"a"}])").find("not JSON") != std::string::npos);
    CHECK(refused(R"([1,2])").find("must be an object") != std::string::npos);
    CHECK(refused("").find("not JSON") != std::string::npos);
}

TEST_CASE("signing: a duplicate key inside the filing makes the file unreadable before any signature check") {
    const std::string envelope = signed_envelope(crypto::generate_key("Ed25519"));
    const auto at = envelope.find("\"uscc\":");
    REQUIRE(at != std::string::npos);
    std::string doubled = envelope;
    doubled.insert(at, "\"uscc\": \"91350100M000100Y43\",\n    ");
    const auto r = verify_text(doubled);
    CHECK(r.status == Status::unreadable);
    CHECK(REQUIRE_FINDING(r, "J-DUPLICATE-KEY", Severity::error, "/filing/enterprise/uscc").rule == "J-DUPLICATE-KEY");
}

TEST_CASE("signing: a changed check claim, a truncated file and a missing signature are each rejected") {
    auto doc = json::parse(signed_envelope(crypto::generate_key("Ed25519")));
    doc["check"]["errors"] = 0;
    doc["check"]["warnings"] = 3;
    CHECK(REQUIRE_FINDING(verify_text(doc.dump()), "E-SIGNATURE", Severity::warning, "/signature/value").variant == "mismatch");

    const std::string envelope = signed_envelope(crypto::generate_key("Ed25519"));
    const auto truncated = verify_text(envelope.substr(0, envelope.size() / 2));
    CHECK(truncated.status == Status::unreadable);
    CHECK(truncated.findings[0].rule == "J-SYNTAX");

    auto unsigned_ = json::parse(envelope);
    unsigned_.erase("signature");
    CHECK(verify_text(unsigned_.dump()).signature == SignatureStatus::absent);
    REQUIRE_FINDING(verify_text(unsigned_.dump(), nullptr, true), "E-SIGNATURE", Severity::error, "/signature");
    REQUIRE_FINDING(verify_text(clean_filing().dump(), nullptr, true), "E-SIGNATURE", Severity::error, "");

    auto badAlg = json::parse(envelope);
    badAlg["signature"]["alg"] = "RSA";
    CHECK(REQUIRE_FINDING(verify_text(badAlg.dump()), "E-SIGNATURE", Severity::warning, "/signature/alg").variant == "alg");
    auto badValue = json::parse(envelope);
    badValue["signature"]["value"] = "abc+";
    CHECK(REQUIRE_FINDING(verify_text(badValue.dump()), "E-SIGNATURE", Severity::warning, "/signature/value").variant == "encoding");
}

TEST_CASE("signing: a check claim that differs from this engine's is reported, the signature stays valid") {
    const std::string envelope = signed_envelope(crypto::generate_key("Ed25519"));
    auto profile = json::parse(Engine::builtin().formText("profiles/tech-sme.json"));
    profile["indicators"][0]["bands"][0]["points"] = 19;  // another ruleset scores differently
    const Engine other = Engine::builtin().withProfile(profile.dump(), "province.json");
    const auto r = verify_text(envelope, nullptr, false, other);
    CHECK(r.signature == SignatureStatus::valid);
    CHECK_FALSE(r.signatureInfo.claimMatches);
    REQUIRE_FALSE(r.signatureInfo.differences.empty());
    CHECK(r.signatureInfo.differences[0].field == "prescores.tech-sme.score");
    CHECK(r.signatureInfo.differences[0].claimed == "100");
    CHECK(r.signatureInfo.differences[0].actual == "99");
}

TEST_CASE("signing: a validly signed claim lacking a member or of the wrong shape is E-ENVELOPE, never a crash") {
    // Found by fuzz_envelope: the claim comparison read absent members through nlohmann's const operator[] (UB).
    const auto key = crypto::generate_key("Ed25519");
    const json base = json::parse(signed_envelope(key));
    for (const char* name : {"errors", "warnings", "explained", "prescores"})
        for (const json& replacement : {json(), json("x"), json::object({{"a", 1}}), json::array({3, 1})}) {
            const std::string field = name;
            INFO(field << " = " << (replacement.is_null() ? "(absent)" : replacement.dump()));
            json env = base;
            if (replacement.is_null()) env["check"].erase(name);
            else env["check"][name] = replacement;
            const json& sig = env["signature"];
            const json signedObject = {{"format", env["format"]}, {"filing", env["filing"]}, {"check", env["check"]},
                                       {"signedAt", sig["signedAt"]}, {"keyId", sig["keyId"]}, {"alg", sig["alg"]}};
            env["signature"]["value"] = base64url_encode(crypto::sign(key, canonicalize(signedObject.dump())));
            const auto r = verify_text(env.dump());
            CHECK(r.signature == SignatureStatus::valid);
            CHECK(count(r, "X-INTERNAL") == 0);
            const bool wellFormed = field == "prescores" && replacement.is_object();  // then only its scores differ
            CHECK(wellFormed != std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
                return f.rule == "E-ENVELOPE" && f.path == "/check/" + field;
            }));
            CHECK_FALSE(r.signatureInfo.claimMatches);
        }
}

TEST_CASE("signing: a filing with an error or an unexplained warning is not signable") {
    auto doc = clean_filing();
    doc["enterprise"]["uscc"] = "91350100M000100Y44";
    SigningInput in;
    in.publicKey = std::string(32, 'k');
    CHECK_FALSE(prepare_envelope(Engine::builtin(), doc.dump(), in).signable);
    doc = clean_filing();
    doc["annual"][2]["totalLiabilities"] = doc["annual"][2]["totalAssets"].get<long long>() + 1;
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    CHECK_FALSE(prepare_envelope(Engine::builtin(), doc.dump(), in, o).signable);
    doc["explanations"] = {{"R-FIN-INSOLVENT", "新建厂房的银行贷款"}};
    const auto p = prepare_envelope(Engine::builtin(), doc.dump(), in, o);
    CHECK(p.signable);
    CHECK(json::parse(p.envelope)["check"]["explained"] == json::array({"R-FIN-INSOLVENT"}));
    doc["declaration"]["truthful"] = false;
    CHECK_FALSE(prepare_envelope(Engine::builtin(), doc.dump(), in, o).signable);
}

TEST_CASE("signing: a signed filing with an explained warning verifies and its claim matches the re-check") {
    const auto key = crypto::generate_key("Ed25519");
    auto doc = clean_filing();
    doc["annual"][2]["totalLiabilities"] = doc["annual"][2]["totalAssets"].get<long long>() + 1;
    doc["explanations"] = {{"R-FIN-INSOLVENT", "新建厂房的银行贷款"}};
    const CheckResult r = verify_text(signed_envelope(key, doc));
    CHECK(r.signature == SignatureStatus::valid);
    CHECK(r.warnings == 1);
    CHECK(r.explained == 1);
    for (const auto& d : r.signatureInfo.differences) INFO(d.field << ": " << d.claimed << " → " << d.actual);
    CHECK(r.signatureInfo.differences.empty());
    CHECK(r.signatureInfo.claimMatches);
}
