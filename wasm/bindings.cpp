// The Embind surface of the engine: JSON text in, JSON text out (wrapped by wasm/cxjf.js).
//
//   version()                      '{"engine":"cxjf 0.1.0","ruleset":"2025.1"}'
//   check(text, optionsJson)       result_json of one file (DESIGN §6); text arrives UTF-8 encoded by Embind; with
//                                  "scores":"full" also "profiles": every profile in full, as score() gives them
//   checkBytes(u8, optionsJson)    the same for raw bytes (a Uint8Array), passed to the reader unchanged
//   score(text, optionsJson)       {"status", "profiles": [every profile in full: indicators, bands, hints, …]}
//   scoreBytes(u8, optionsJson)    the same for raw bytes
//   percentiles(inputsJson)        [{"section","stage","score"}, …] → [{"group","groupSize","percentile",…}, …]
//   canonicalize(text)             {"canonical": RFC 8785 text} or {"error": …} when the text is not strict JSON
//   prepareEnvelope(u8, inputJson) {"signable", "result", "signedBytes" (base64url), "digest", "envelope"}; input:
//                                  {"alg","publicKey" (base64url raw),"checkedAt","signedAt","checkDate"}
//   completeEnvelope(envelope, signatureB64url)   the envelope text with the signature value set
//   signatureData(u8, optionsJson) what a JS verifier needs: {"status","alg","publicKey","value","signedBytes",
//                                  "keyId","digest","result"} (status "unverified" when well-formed)
//   unreadable(failureJson, optionsJson)  the result of a file the page could not hand over (Engine::unreadable, as
//                                  the CLI's): failure {"kind":"io"|"tooLarge"|"timeUp"|"internal","detail","bytes"}
//   keyId(publicKeyB64url)         "XXXX-XXXX-XXXX-XXXX"
//   form(name)                     the text of a compiled-in form file, "" for an unknown name
//   sheetColumns()                 [{"key","zh","en","number"}]: the batch-upload sheet's columns (forms/2025/sheet.json)
//   limits()                       {"maxBytes","maxDepth","maxStringBytes","maxItems","maxMs"}: the defaults (cxjf::Limits)
//
// optionsJson: "" or {"checkDate":"YYYY-MM-DD","maxBytes":N,"maxDepth":N,"maxStringBytes":N,"maxItems":N,
// "maxMs":N (0 = no cap),"scores":"none"|"summary"|"full","sheet":"zh"|"en"|"both","verdict":"valid"|"invalid"} (sheet:
// the result carries its batch-upload row, labels in that language; both: in Chinese, and in English for a transport
// to a batch; verdict: the page verified the signature that signatureData handed it, and the check applies that
// verdict as it applies its own verifier's — E-SIGNATURE, the claimed check compared, counts, status).
// No C++ exception leaves this file: bad options and internal failures come back as a result whose one finding
// is X-INTERNAL.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"
#include "json_writer.hpp"
#include "options.hpp"
#include "signing/jcs.hpp"
#include "strict_json.hpp"

namespace {

using cxjf::Engine;
using emscripten::val;
using namespace cxjf::wasm;

std::string version() {
    return guarded([] {
        const Engine& e = Engine::builtin();
        return "{\"engine\":" + quote(e.version()) + ",\"ruleset\":" + quote(e.ruleset()) + "}";
    });
}

// The file object; with "scores":"full" also "profiles" (every profile in full: what score() gives), so that a page
// that shows both makes one engine call, not two.
std::string check_json(const cxjf::CheckResult& r, const PageOptions& o) {
    if (!o.profiles) return cxjf::result_json(Engine::builtin(), r);
    std::string out = cxjf::result_json_open(Engine::builtin(), r) + ",\"profiles\":[";
    for (std::size_t i = 0; i < r.scores.size(); ++i) out += (i ? "," : "") + cxjf::score_json(Engine::builtin(), r.scores[i]);
    return out + "]}";
}

std::string check(const std::string& text, const std::string& options) {
    return guarded([&] {
        const PageOptions o = parse_options(options);
        return check_json(checked(text, o), o);
    });
}

std::string checkBytes(const val& bytes, const std::string& options) {
    return guarded([&] {
        const PageOptions o = parse_options(options);
        return check_json(check_bytes("checkBytes", bytes, o), o);
    });
}

std::string scores_json(const cxjf::CheckResult& r) {
    std::string out = std::string(R"({"status":")") + cxjf::to_string(r.status) + R"(","profiles":[)";
    for (std::size_t i = 0; i < r.scores.size(); ++i) out += (i ? "," : "") + cxjf::score_json(Engine::builtin(), r.scores[i]);
    return out + "]}";
}

std::string score(const std::string& text, const std::string& options) {
    return guarded([&] { return scores_json(Engine::builtin().check(text, parse_options(options))); });
}

std::string scoreBytes(const val& bytes, const std::string& options) {
    return guarded([&] { return scores_json(check_bytes("scoreBytes", bytes, parse_options(options))); });
}

std::string percentiles(const std::string& inputsJson) {
    return guarded([&] {
        const auto j = parse(inputsJson);
        if (!j.is_array()) throw OptionsError("percentiles expects an array of {section, stage, score}");
        std::vector<cxjf::PeerInput> in;
        for (const auto& e : j) {
            if (!e.is_object() || !e.value("score", nlohmann::json()).is_number())
                throw OptionsError("each input needs a numeric score");
            in.push_back({e.value("section", ""), e.value("stage", ""), e["score"].get<double>()});
        }
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : cxjf::peer_percentiles(in))
            out.push_back({{"group", r.group}, {"groupSize", r.groupSize}, {"percentile", r.percentile},
                           {"overallSize", r.overallSize}, {"overallPercentile", r.overallPercentile}});
        return cxjf::json_text(out);
    });
}


std::string unb64(const std::string& text) {
    auto raw = cxjf::base64url_decode(text);
    if (!raw) throw OptionsError("not base64url");
    return *raw;
}

std::string canonicalize(const std::string& text) {
    return guarded([&] {
        try {
            return "{\"canonical\":" + quote(cxjf::canonicalize(text)) + "}";
        } catch (const std::runtime_error& e) {
            return "{\"error\":" + quote(e.what()) + "}";
        }
    });
}

std::string prepareEnvelope(const val& bytes, const std::string& inputJson) {
    return guarded([&] {
        const auto in = parse(inputJson);
        if (!in.is_object() || !in.value("publicKey", nlohmann::json()).is_string()) throw OptionsError("input needs publicKey");
        for (const auto& [key, value] : in.items())
            if (key != "alg" && key != "publicKey" && key != "checkedAt" && key != "signedAt" && key != "checkDate")
                throw OptionsError("unknown input '" + key + "'");
        cxjf::SigningInput input;
        input.alg = in.value("alg", "Ed25519");
        input.publicKey = unb64(in["publicKey"].get<std::string>());
        input.checkedAt = in.value("checkedAt", "");
        input.signedAt = in.value("signedAt", "");
        cxjf::CheckOptions o;
        if (in.contains("checkDate")) o = parse_options("{\"checkDate\":" + cxjf::json_text(in["checkDate"]) + "}");
        const auto p = cxjf::prepare_envelope(Engine::builtin(), bytes_of(bytes), input, o);
        std::string out = std::string("{\"signable\":") + (p.signable ? "true" : "false") +
                          ",\"result\":" + cxjf::result_json(Engine::builtin(), p.result);
        if (p.signable)
            out += ",\"signedBytes\":" + quote(cxjf::base64url_encode(p.signedBytes)) + ",\"digest\":" + quote(p.signedDigest) +
                   ",\"envelope\":" + quote(p.envelope);
        return out + "}";
    });
}

std::string completeEnvelope(const std::string& envelope, const std::string& signature) {
    return guarded([&] {
        const std::string raw = unb64(signature);
        if (raw.size() != 64) throw OptionsError("a signature has 64 bytes");
        try {
            return cxjf::set_envelope_signature(envelope, raw);
        } catch (const std::invalid_argument& e) {
            throw OptionsError(e.what());
        }
    });
}

std::string signatureData(const val& bytes, const std::string& options) {
    return guarded([&] {
        const cxjf::CheckResult r = check_bytes("signatureData", bytes, parse_options(options));
        const cxjf::SignatureInfo& s = r.signatureInfo;
        std::string out = "{\"status\":" + quote(cxjf::to_string(s.status)) + ",\"alg\":" + quote(s.alg) +
                          ",\"keyId\":" + quote(s.keyId) + ",\"signedAt\":" + quote(s.signedAt) +
                          ",\"digest\":" + quote(s.signedDigest) + ",\"result\":" + cxjf::result_json(Engine::builtin(), r);
        if (s.status == cxjf::SignatureStatus::unverified)  // structure, encodings and key ID checked: JS verifies the rest
            out += ",\"publicKey\":" + quote(s.publicKey) + ",\"value\":" + quote(s.value) +
                   ",\"signedBytes\":" + quote(cxjf::base64url_encode(s.signedBytes));
        return out + "}";
    });
}

std::string unreadable(const std::string& failureJson, const std::string& options) {
    return guarded([&] {
        return cxjf::result_json(Engine::builtin(), Engine::unreadable(parse_failure(failureJson), parse_options(options).limits));
    });
}

std::string keyId(const std::string& publicKey) {
    return guarded([&] {
        const std::string raw = unb64(publicKey);
        if (raw.size() != 32 && raw.size() != 65) throw OptionsError("a public key has 32 (Ed25519) or 65 (SM2) bytes");
        return cxjf::key_id(raw);
    });
}

std::string limits() {
    const cxjf::Limits l;
    cxjf::JsonWriter w;
    w.begin_object().member("maxBytes", static_cast<std::int64_t>(l.maxBytes)).member("maxDepth", l.maxDepth)
        .member("maxStringBytes", static_cast<std::int64_t>(l.maxStringBytes))
        .member("maxItems", static_cast<std::int64_t>(l.maxItems)).member("maxMs", l.maxMillis).end_object();
    return std::move(w.text());
}

std::string sheetColumns() {
    return guarded([] {
        cxjf::JsonWriter w;
        w.begin_array();
        for (const auto& c : Engine::builtin().sheetColumns())
            w.begin_object().member("key", c.key).member("zh", c.header.zh).member("en", c.header.en).member("number", c.number).end_object();
        w.end_array();
        return std::move(w.text());
    });
}

std::string form(const std::string& name) {
    return guarded([&] { return Engine::builtin().formText(name); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(cxjf) {
    emscripten::function("version", &version);
    emscripten::function("check", &check);
    emscripten::function("checkBytes", &checkBytes);
    emscripten::function("score", &score);
    emscripten::function("scoreBytes", &scoreBytes);
    emscripten::function("percentiles", &percentiles);
    emscripten::function("canonicalize", &canonicalize);
    emscripten::function("prepareEnvelope", &prepareEnvelope);
    emscripten::function("completeEnvelope", &completeEnvelope);
    emscripten::function("signatureData", &signatureData);
    emscripten::function("unreadable", &unreadable);

    emscripten::function("keyId", &keyId);
    emscripten::function("form", &form);
    emscripten::function("sheetColumns", &sheetColumns);
    emscripten::function("limits", &limits);

}
