#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <optional>
#include <set>
#include <stdexcept>

#include "../findings.hpp"
#include "../result.hpp"
#include "../strict_json.hpp"
#include "base64url.hpp"
#include "cxjf/envelope.hpp"
#include "cxjf/report.hpp"
#include "envelope_check.hpp"
#include "jcs.hpp"
#include "sha256.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "cxjf.envelope/1";

const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

bool is_string(const json* v) { return v && v->is_string(); }

struct AlgSpec {
    const char* name;
    std::size_t publicKeyBytes, signatureBytes;
};
constexpr AlgSpec kAlgs[] = {{"Ed25519", 32, 64}, {"SM2-SM3", 65, 64}};

const AlgSpec* alg_spec(const std::string& name) {
    for (const auto& a : kAlgs)
        if (name == a.name) return &a;
    return nullptr;
}

std::string signed_bytes(const json& envelope, const json& signature) {
    return jcs_signed_object(envelope.at("format"), envelope.at("filing"), envelope.at("check"), signature.at("signedAt"),
                             signature.at("keyId"), signature.at("alg"));
}

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : json_text(v); }

// 2025-06-20T10:15:30+08:00 or …Z: what now_with_offset() writes, and all a signing time may be.
bool timestamp_shaped(const std::string& t) {
    if (t.size() != 20 && t.size() != 25) return false;
    for (std::size_t i = 0; i < 19; ++i) {
        const char expected = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 || i == 16 ? ':' : '0';
        if (expected == '0' ? !(t[i] >= '0' && t[i] <= '9') : t[i] != expected) return false;
    }
    if (t.size() == 20) return t[19] == 'Z';
    return (t[19] == '+' || t[19] == '-') && std::isdigit(static_cast<unsigned char>(t[20])) &&
           std::isdigit(static_cast<unsigned char>(t[21])) && t[22] == ':' && std::isdigit(static_cast<unsigned char>(t[23])) &&
           std::isdigit(static_cast<unsigned char>(t[24]));
}

}  // namespace

std::string key_id(std::string_view publicKey) {
    static const char* const hex = "0123456789ABCDEF";
    const auto digest = sha256(publicKey);
    std::string id;
    for (int i = 0; i < 8; ++i) {
        if (i && i % 2 == 0) id += '-';
        id += hex[digest[i] >> 4];
        id += hex[digest[i] & 15];
    }
    return id;
}

std::string canonicalize(std::string_view jsonText) {
    Limits limits;
    StrictRead read = read_strict_json(jsonText, limits);
    if (read.error) throw std::runtime_error(read.error->rule + (read.error->variant.empty() ? "" : "." + read.error->variant) +
                                             " at " + (read.error->path.empty() ? "/" : read.error->path));
    return jcs_canonicalize(read.value);
}

std::string now_with_offset() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
    const long offset = local.tm_gmtoff / 60;
    char zone[48];
    std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset < 0 ? '-' : '+', std::labs(offset) / 60, std::labs(offset) % 60);
    return std::string(buf) + zone;
}

namespace {

// Reads a key registry as a stream of JSON events: a bureau's registry holds every enterprise it has receipts for
// (100,000 and more), and a whole JSON tree of it would cost ~50 MB where the map it fills costs ~17 MB.
class RegistryReader : public nlohmann::json_sax<json> {
public:
    KeyRegistry registry;
    std::string format, problem;
    bool sawKeys = false;

    bool null() override { return scalar("null"); }
    bool boolean(bool) override { return scalar("a boolean"); }
    bool number_integer(number_integer_t) override { return scalar("a number"); }
    bool number_unsigned(number_unsigned_t) override { return scalar("a number"); }
    bool number_float(number_float_t, const string_t&) override { return scalar("a number"); }
    bool binary(binary_t&) override { return scalar("binary"); }
    bool string(string_t& v) override {
        if (depth_ == 1 && key_ == "format") format = v;
        else if (depth_ == 3 && inKeys_ && key_ == "uscc") uscc_ = v;
        else if (depth_ == 3 && inKeys_ && key_ == "keyId") keyId_ = v;
        else return scalar("a string");
        return true;
    }
    bool start_object(std::size_t) override {
        ++depth_;
        if (depth_ == 2 && key_ == "keys") return fail("keys must be an array");
        if (depth_ == 3 && inKeys_) {
            uscc_.reset();
            keyId_.reset();
            seen_.clear();
        }
        return depth_ <= 3 || fail("nesting too deep");
    }
    bool key(string_t& k) override {
        if (depth_ == 3 && !seen_.insert(k).second) return fail("/keys/" + std::to_string(index_) + " repeats \"" + k + "\"");
        if (depth_ == 1 && k == "keys") sawKeys = true;
        key_ = k;
        return true;
    }
    bool end_object() override {
        if (depth_ == 3 && inKeys_) {
            if (!uscc_ || !keyId_) return fail("/keys/" + std::to_string(index_) + " needs uscc and keyId");
            registry.keyIdByUscc[*uscc_] = *keyId_;
            ++index_;
        }
        --depth_;
        key_.clear();
        return true;
    }
    bool start_array(std::size_t) override {
        ++depth_;
        if (depth_ == 1) return fail("must be an object");
        if (depth_ == 2 && key_ == "keys") inKeys_ = true;
        else if (depth_ == 3 && inKeys_) return fail("/keys/" + std::to_string(index_) + " must be an object");
        return depth_ <= 3 || fail("nesting too deep");
    }
    bool end_array() override {
        if (depth_ == 2) inKeys_ = false;
        --depth_;
        key_.clear();
        return true;
    }
    bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception&) override {
        return fail("not JSON (at byte " + std::to_string(at) + ")");
    }

private:
    int depth_ = 0;
    bool inKeys_ = false;
    std::size_t index_ = 0;
    std::string key_;
    std::optional<std::string> uscc_, keyId_;
    std::set<std::string> seen_;

    bool scalar(const char* what) {
        if (depth_ == 0) return fail("must be an object");
        if (depth_ == 2 && inKeys_) return fail("/keys/" + std::to_string(index_) + " must be an object");
        if (depth_ == 1 && key_ == "keys") return fail("keys must be an array");
        if (depth_ == 1 && key_ == "format") return fail(std::string("format must be \"cxjf.keys/1\", not ") + what);
        return true;  // other members are kept for the bureau's own use and ignored here
    }
    bool fail(std::string what) {
        if (problem.empty()) problem = std::move(what);
        return false;
    }
};

}  // namespace

KeyRegistry KeyRegistry::parse(std::string_view text) {
    RegistryReader reader;
    json::sax_parse(text.begin(), text.end(), &reader, nlohmann::detail::input_format_t::json, true, false);
    if (!reader.problem.empty()) throw std::runtime_error("key registry: " + reader.problem);
    if (reader.format != "cxjf.keys/1") throw std::runtime_error("key registry: format must be \"cxjf.keys/1\"");
    if (!reader.sawKeys) throw std::runtime_error("key registry: keys must be an array");
    return std::move(reader.registry);
}

std::string KeyRegistry::to_json() const {
    json keys = json::array();
    for (const auto& [uscc, id] : keyIdByUscc) keys.push_back({{"uscc", uscc}, {"keyId", id}});
    return json_text(json{{"format", "cxjf.keys/1"}, {"keys", keys}}, 1);
}

EnvelopeParts read_envelope(const json& doc, std::vector<Finding>& findings) {
    EnvelopeParts parts;
    const std::string format = doc.at("format").get<std::string>();
    if (format != kFormat) {
        findings.push_back(error_finding("E-ENVELOPE", "unsupported", "/format", {Param::Text("format", format)}));
        return parts;
    }
    for (auto it = doc.begin(); it != doc.end(); ++it)
        if (it.key() != "format" && it.key() != "filing" && it.key() != "check" && it.key() != "signature")
            findings.push_back(error_finding("E-ENVELOPE", "unknown-field", "/" + it.key(), {Param::Text("name", it.key())}));
    parts.filing = member(doc, "filing");
    if (!parts.filing || !parts.filing->is_object()) {
        findings.push_back(error_finding("E-ENVELOPE", "no-filing", "/filing"));
        parts.filing = nullptr;
        return parts;
    }
    parts.check = member(doc, "check");
    if (!parts.check || !parts.check->is_object()) {
        findings.push_back(error_finding("E-ENVELOPE", "check", "/check"));
        parts.check = nullptr;
    } else {
        for (const char* key : {"engine", "ruleset", "checkedAt"})
            if (!is_string(member(*parts.check, key)))
                findings.push_back(error_finding("E-ENVELOPE", "check", std::string("/check/") + key));
        for (const char* key : {"errors", "warnings"})
            if (!member(*parts.check, key) || !(*parts.check)[key].is_number_integer())
                findings.push_back(error_finding("E-ENVELOPE", "check", std::string("/check/") + key));
        const json* explained = member(*parts.check, "explained");
        if (!explained || !explained->is_array() ||
            !std::all_of(explained->begin(), explained->end(), [](const json& e) { return e.is_string(); }))
            findings.push_back(error_finding("E-ENVELOPE", "check", "/check/explained"));
        if (!member(*parts.check, "prescores") || !(*parts.check)["prescores"].is_object())
            findings.push_back(error_finding("E-ENVELOPE", "check", "/check/prescores"));
    }
    parts.signature = member(doc, "signature");
    if (!parts.signature) return parts;  // an unsigned envelope: reported by verify_envelope as absent
    bool complete = parts.signature->is_object();
    if (!complete) findings.push_back(error_finding("E-ENVELOPE", "signature", "/signature"));
    else {
        for (const char* key : {"alg", "publicKey", "keyId", "signedAt", "value"})
            if (!is_string(member(*parts.signature, key))) {
                findings.push_back(error_finding("E-ENVELOPE", "signature", std::string("/signature/") + key));
                complete = false;
            }
        static const std::set<std::string> known = {"alg", "publicKey", "keyId", "signedAt", "value"};
        for (auto it = parts.signature->begin(); it != parts.signature->end(); ++it)
            if (!known.count(it.key())) {
                findings.push_back(error_finding("E-ENVELOPE", "unknown-field", "/signature/" + it.key(), {Param::Text("name", it.key())}));
                complete = false;
            }
    }
    if (complete && parts.check) parts.signedBytes = signed_bytes(doc, *parts.signature);
    if (!complete) parts.signature = nullptr;
    return parts;
}

namespace {

// A score as the check block writes it: rounded to two decimals, an integer when it is one (JsonWriter::number).
json score_value(double v) {
    const double rounded = std::round(v * 100) / 100;
    if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15) return json(static_cast<std::int64_t>(rounded));
    return json(rounded);
}

std::vector<std::string> explained_rules(const CheckResult& result) {
    std::set<std::string> explained;
    for (const auto& f : result.findings)
        if (f.explained) explained.insert(f.rule);
    return {explained.begin(), explained.end()};
}

// The "prescores" of a check block, from the scores themselves (scores_summary_json's members and numbers).
json prescores_value(const CheckResult& result) {
    json out = json::object();
    for (const auto& p : result.scores) {
        json s = {{"score", score_value(p.score)}, {"max", score_value(p.max)}};
        if (p.bonusMax > 0) {
            s["bonus"] = score_value(p.bonus);
            s["bonusMax"] = score_value(p.bonusMax);
        }
        if (p.hasEligibility) {
            s["eligible"] = p.eligible;
            if (!p.eligibleBy.empty()) s["eligibleBy"] = p.eligibleBy;
        }
        if (!p.stage.empty()) s["stage"] = p.stage;
        if (p.label) s["label"] = {{"zh", p.label->zh}, {"en", p.label->en}};
        out[p.id] = std::move(s);
    }
    return out;
}

// The fields of a check block that a claim is compared on, with this engine's values: the filing's own errors and
// warnings (the E-* findings of the envelope and its signature left out), the explained rules (sorted) and each
// profile's score and eligibility.
std::vector<std::pair<std::string, json>> compared_fields(const CheckResult& result) {
    int errors = 0, warnings = 0;
    std::set<std::string> explained;
    for (const auto& f : result.findings) {
        if (f.rule.rfind("E-", 0) == 0) continue;
        (f.severity == Severity::error ? errors : warnings) += 1;
        if (f.explained) explained.insert(f.rule);
    }
    std::vector<std::pair<std::string, json>> fields = {
        {"errors", json(errors)}, {"warnings", json(warnings)},
        {"explained", json(std::vector<std::string>(explained.begin(), explained.end()))}};
    for (const auto& p : result.scores) {
        fields.emplace_back("prescores." + p.id + ".score", score_value(p.score));
        if (p.hasEligibility) fields.emplace_back("prescores." + p.id + ".eligible", json(p.eligible));
    }
    return fields;
}

// What the claim says of each compared field, as JSON text ("null" when it says nothing).
std::vector<std::pair<std::string, std::string>> claimed_fields(const json& claimed, const CheckResult& result) {
    const auto claim = [&claimed](const char* key) { const json* m = member(claimed, key); return m ? *m : json(); };
    json explained = claim("explained");
    if (explained.is_array()) std::sort(explained.begin(), explained.end());
    std::vector<std::pair<std::string, std::string>> out = {
        {"errors", json_text(claim("errors"))}, {"warnings", json_text(claim("warnings"))}, {"explained", json_text(explained)}};
    const json prescores = claim("prescores");
    for (const auto& p : result.scores)
        for (const char* key : {"score", "eligible"}) {
            const json* c = member(prescores, p.id.c_str());
            out.emplace_back("prescores." + p.id + "." + key, json_text(c && c->contains(key) ? c->at(key) : json()));
        }
    return out;
}

std::string shown(const std::string& jsonText) {
    // A string is shown without its quotes, anything else as its JSON text.
    if (jsonText.size() >= 2 && jsonText.front() == '"') {
        StrictRead read = read_strict_json(jsonText, Limits{});
        if (!read.error && read.value.is_string()) return read.value.get<std::string>();
    }
    return jsonText;
}

}  // namespace

json check_block(const Engine& engine, const CheckResult& result, const std::string& checkedAt) {
    return json{{"engine", engine.version()}, {"ruleset", engine.ruleset()}, {"checkedAt", checkedAt},
                {"errors", result.errors}, {"warnings", result.warnings},
                {"explained", json(explained_rules(result))}, {"prescores", prescores_value(result)}};
}

void read_signature(const EnvelopeParts& parts, const CheckOptions& options, CheckResult& result) {
    SignatureInfo& info = result.signatureInfo;
    const Severity severity = options.requireSignature ? Severity::error : Severity::warning;
    auto problem = [&](const char* variant, const std::string& path, std::vector<Param> params = {}) {
        Finding f = error_finding("E-SIGNATURE", variant, path, std::move(params));
        f.severity = severity;
        result.findings.push_back(std::move(f));
    };
    if (!parts.signature || parts.signedBytes.empty()) {
        // A signed file without its signature claims a check nobody can trust: always said, an error when required.
        info.status = SignatureStatus::absent;
        problem(options.requireSignature ? "absent" : "missing", "/signature");
        return;
    }
    const json& sig = *parts.signature;
    info.alg = sig["alg"].get<std::string>();
    info.keyId = sig["keyId"].get<std::string>();
    info.signedAt = sig["signedAt"].get<std::string>();
    info.signedDigest = sha256_hex(parts.signedBytes);
    info.signedBytes = parts.signedBytes;
    info.publicKey = sig["publicKey"].get<std::string>();
    info.value = sig["value"].get<std::string>();
    info.status = SignatureStatus::invalid;
    const AlgSpec* alg = alg_spec(info.alg);
    if (!alg) {
        problem("alg", "/signature/alg", {Param::Text("alg", info.alg)});
        return;
    }
    const auto publicKey = base64url_decode(info.publicKey);
    const auto value = base64url_decode(info.value);
    if (!publicKey || publicKey->size() != alg->publicKeyBytes) {
        problem("encoding", "/signature/publicKey", {Param::Int("bytes", static_cast<std::int64_t>(alg->publicKeyBytes))});
        return;
    }
    if (!value || value->size() != alg->signatureBytes) {
        problem("encoding", "/signature/value", {Param::Int("bytes", static_cast<std::int64_t>(alg->signatureBytes))});
        return;
    }
    if (key_id(*publicKey) != info.keyId) {
        problem("key-id", "/signature/keyId", {Param::Text("expected", key_id(*publicKey)), Param::Text("actual", info.keyId)});
        return;
    }
    info.status = SignatureStatus::unverified;  // well formed: the signature itself is the verifier's to judge
    if (parts.check) info.claimed = claimed_fields(*parts.check, result);
}

void complete_signature(CheckResult& result, bool verified, const CheckOptions& options) {
    SignatureInfo& info = result.signatureInfo;
    if (info.status != SignatureStatus::unverified) return;
    if (!verified) {
        info.status = SignatureStatus::invalid;
        Finding f = error_finding("E-SIGNATURE", "mismatch", "/signature/value");
        f.severity = options.requireSignature ? Severity::error : Severity::warning;
        result.findings.push_back(std::move(f));
    } else {
        info.status = SignatureStatus::valid;
        // The claimed check against this engine's own (a signed claim cannot have been altered; a difference comes
        // from another engine or ruleset).
        if (!info.claimed.empty()) {
            const auto actual = compared_fields(result);
            for (const auto& fieldValue : actual) {
                const std::string& field = fieldValue.first;
                const std::string actualText = json_text(fieldValue.second);
                const auto claim = std::find_if(info.claimed.begin(), info.claimed.end(), [&](const auto& c) { return c.first == field; });
                const std::string claimedText = claim == info.claimed.end() ? "null" : claim->second;
                if (claimedText != actualText) info.differences.push_back({field, shown(claimedText), shown(actualText)});
            }
            info.claimMatches = info.differences.empty();
        }
    }
    result.signature = info.status;
    apply_registry(result, options.keys);
}

KeyVerdict key_verdict(const CheckResult& result, const KeyRegistry* registry) {
    KeyVerdict v;
    if (!registry || result.signatureInfo.status != SignatureStatus::valid) return v;
    const auto known = registry->keyIdByUscc.find(result.summary.uscc);
    if (known == registry->keyIdByUscc.end()) v.state = KeyVerdict::State::unknown;
    else if (known->second != result.signatureInfo.keyId) {
        v.state = KeyVerdict::State::changed;
        v.registered = known->second;
    } else {
        v.state = KeyVerdict::State::registered;
    }
    return v;
}

const char* to_string(KeyVerdict::State s) {
    switch (s) {
        case KeyVerdict::State::none: return "none";
        case KeyVerdict::State::registered: return "registered";
        case KeyVerdict::State::unknown: return "unknown";
        case KeyVerdict::State::changed: return "changed";
    }
    return "none";
}

void apply_registry(CheckResult& result, const KeyRegistry* registry) {
    auto& findings = result.findings;
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [](const Finding& f) { return f.rule == "E-KEY-UNKNOWN" || f.rule == "E-KEY-CHANGED"; }),
                   findings.end());
    const SignatureInfo& info = result.signatureInfo;
    const KeyVerdict verdict = key_verdict(result, registry);
    if (verdict.state == KeyVerdict::State::unknown) {
        findings.push_back(error_finding("E-KEY-UNKNOWN", "", "/signature/keyId",
                                         {Param::Text("uscc", result.summary.uscc), Param::Text("keyId", info.keyId)}));
        findings.back().severity = Severity::warning;
    } else if (verdict.state == KeyVerdict::State::changed) {
        findings.push_back(error_finding("E-KEY-CHANGED", "", "/signature/keyId",
                                         {Param::Text("uscc", result.summary.uscc), Param::Text("registered", verdict.registered),
                                          Param::Text("keyId", info.keyId)}));
    }
    finish_result(result);
}

PreparedEnvelope prepare_envelope(const Engine& engine, std::string_view fileBytes, const SigningInput& input,
                                  const CheckOptions& options) {
    const AlgSpec* alg = alg_spec(input.alg);
    if (!alg) throw std::invalid_argument("unsupported signature algorithm " + input.alg + " (Ed25519 or SM2-SM3)");
    if (input.publicKey.size() != alg->publicKeyBytes)
        throw std::invalid_argument(input.alg + " public keys have " + std::to_string(alg->publicKeyBytes) + " bytes");
    PreparedEnvelope p;
    CheckOptions o = options;
    o.verifier = nullptr;
    o.keys = nullptr;
    o.requireSignature = false;
    o.scores = ScoreDetail::summary;
    p.result = engine.check(fileBytes, o);
    if (p.result.status != Status::ok) return p;
    StrictRead read = read_strict_json(fileBytes, o.limits);
    const json* filing = &read.value;
    if (const json* inner = member(read.value, "filing"); inner && member(read.value, "format")) filing = inner;
    const std::string checkedAt = input.checkedAt.empty() ? now_with_offset() : input.checkedAt;
    const std::string signedAt = input.signedAt.empty() ? now_with_offset() : input.signedAt;
    if (!timestamp_shaped(checkedAt) || !timestamp_shaped(signedAt))
        throw std::invalid_argument("timestamps are YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM");
    const json check = check_block(engine, p.result, checkedAt);
    const json signature = {{"alg", input.alg}, {"publicKey", base64url_encode(input.publicKey)},
                            {"keyId", key_id(input.publicKey)}, {"signedAt", signedAt}};
    p.signedBytes = jcs_signed_object(json(kFormat), *filing, check, signature["signedAt"], signature["keyId"], signature["alg"]);
    p.signedDigest = sha256_hex(p.signedBytes);

    // Written by hand so the members keep the order of DESIGN §5, for people reading the file.
    auto member = [](const std::string& key, const json& value, int depth, bool last) {
        const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
        std::string text = json_text(value, 2), indented;
        for (char c : text) {
            indented += c;
            if (c == '\n') indented += pad;  // nested lines follow the member's own indentation
        }
        return pad + json_text(json(key)) + ": " + indented + (last ? "\n" : ",\n");
    };
    std::string checkText = "{\n";
    const char* const checkKeys[] = {"engine", "ruleset", "checkedAt", "errors", "warnings", "explained", "prescores"};
    for (std::size_t i = 0; i < 7; ++i) checkText += member(checkKeys[i], check[checkKeys[i]], 2, i == 6);
    checkText += "  }";
    std::string sigText = "{\n";
    for (const char* key : {"alg", "publicKey", "keyId", "signedAt"}) sigText += member(key, signature[key], 2, false);
    sigText += "    \"value\": \"\"\n  }";
    p.envelope = "{\n" + member("format", json(kFormat), 1, false) + member("filing", *filing, 1, false) + "  \"check\": " +
                 checkText + ",\n  \"signature\": " + sigText + "\n}";
    p.signable = true;
    return p;
}

std::string set_envelope_signature(std::string envelope, std::string_view signature) {
    // The empty value is the last member of the last object; no string of the filing can hold an unescaped quote.
    static const std::string placeholder = "\"value\": \"\"";
    const auto at = envelope.rfind(placeholder);
    if (at == std::string::npos) throw std::invalid_argument("not a prepared envelope");
    envelope.replace(at, placeholder.size(), "\"value\": \"" + base64url_encode(signature) + "\"");
    if (envelope.empty() || envelope.back() != '\n') envelope += '\n';
    return envelope;
}

SignedEnvelope sign_envelope(const Engine& engine, std::string_view fileBytes, const Signer& signer, SigningInput input,
                             const CheckOptions& options) {
    input.alg = signer.alg();
    input.publicKey = signer.publicKey();
    SignedEnvelope out{prepare_envelope(engine, fileBytes, input, options), ""};
    if (out.prepared.signable) out.envelope = complete_envelope(out.prepared, signer.sign(out.prepared.signedBytes));
    return out;
}

std::string complete_envelope(const PreparedEnvelope& prepared, std::string_view signature) {
    if (!prepared.signable) throw std::logic_error("the filing is not signable");
    return set_envelope_signature(prepared.envelope, signature);
}

}  // namespace cxjf
