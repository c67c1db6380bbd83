// The Embind surface of the engine: JSON text in, JSON text out (wrapped by wasm/cxjf.js).
//
//   version()                      '{"engine":"cxjf 0.1.0","ruleset":"2025.1"}'
//   check(text, optionsJson)       result_json of one file (DESIGN §6); text arrives UTF-8 encoded by Embind
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
//   checkStart(u8, optionsJson)    {"id", "verify": null | {"alg","publicKey","value","signedBytes"} (base64url)}: the
//                                  file checked; a well-formed signature is left for the page's verifier
//   checkFinish(id, verdict)       result_json once the verdict ("valid", "invalid", or "" for none) is applied
//                                  (cxjf::complete_signature: E-SIGNATURE, the claimed check, counts, status)
//   keyId(publicKeyB64url)         "XXXX-XXXX-XXXX-XXXX"
//   form(name)                     the text of a compiled-in form file, "" for an unknown name
//   sheetColumns()                 [{"key","zh","en","number"}]: the batch-upload sheet's columns (forms/2025/sheet.json)
//   limits()                       {"maxBytes","maxDepth","maxStringBytes","maxItems","maxMs"}: the defaults (cxjf::Limits)
//   unreadable(failureJson, optionsJson)  the result of a file the page could not hand over: failure
//                                  {"kind":"io"|"tooLarge"|"timeUp","detail","bytes"} (Engine::unreadable, as the CLI)
//
// optionsJson: "" or {"checkDate":"YYYY-MM-DD","maxBytes":N,"maxDepth":N,"maxStringBytes":N,"maxItems":N,
// "maxMs":N (0 = no cap),"scores":"none"|"summary"|"full","sheet":"zh"|"en"|"both"} (sheet: the result carries
// its batch-upload row, labels in that language; both: in Chinese, and in English for a transport to a batch).
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
#include "pending.hpp"
#include "signing/jcs.hpp"
#include "strict_json.hpp"

namespace {

using cxjf::Engine;
using emscripten::val;

// A JSON argument read strictly (nlohmann's own parser is not linked into the browser's engine); discarded when bad.
nlohmann::json parse(const std::string& text) {
    cxjf::StrictRead read = cxjf::read_strict_json(text, cxjf::Limits{});
    return read.error ? nlohmann::json(nlohmann::json::value_t::discarded) : std::move(read.value);
}

std::string quote(const std::string& text) { return cxjf::json_text(nlohmann::json(text)); }

// Thrown for a bad option; reported as X-INTERNAL with case "options".
struct OptionsError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Last resort when even the engine's report cannot be built: fixed text, detail reduced to printable ASCII.
std::string fallback_json(const std::string& detail) {
    std::string d;
    for (unsigned char c : detail.substr(0, 200)) d += c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? char(c) : '?';
    return R"({"status":"unreadable","counts":{"errors":1,"warnings":0,"explained":0},"issues":[{"rule":"X-INTERNAL",)"
           R"("severity":"error","path":"","message_zh":"检查程序内部错误，请联系技术支持：)" + d +
           R"(","message_en":"Internal error of the checker, please contact support: )" + d + R"("}]})";
}

std::string internal_json(const std::string& detail, cxjf::ReadFailure::Kind kind = cxjf::ReadFailure::Kind::internal) {
    try {
        return cxjf::result_json(Engine::builtin(), Engine::unreadable(cxjf::ReadFailure{kind, detail, 0}));
    } catch (...) {
        return fallback_json(detail);
    }
}

// Runs fn() and turns every C++ exception into an X-INTERNAL result: nothing is thrown across to JS.
template <class Fn>
std::string guarded(Fn&& fn) {
    try {
        return fn();
    } catch (const OptionsError& e) {
        return internal_json(std::string("invalid options: ") + e.what(), cxjf::ReadFailure::Kind::options);
    } catch (const std::invalid_argument& e) {  // a bad signing input (algorithm, key length, timestamp)
        return internal_json(std::string("invalid options: ") + e.what(), cxjf::ReadFailure::Kind::options);
    } catch (const std::exception& e) {
        return internal_json(e.what());
    } catch (...) {
        return internal_json("unknown exception");
    }
}

// The limits mirror the CLI's --max-bytes (1..2^31) and --max-depth (1..1000).
std::uint64_t count_option(const nlohmann::json& v, const char* key, std::uint64_t max) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::uint64_t>() > max)
        throw OptionsError(std::string(key) + " must be an integer from 1 to " + std::to_string(max));
    return v.get<std::uint64_t>();
}

cxjf::CheckOptions parse_options(const std::string& text) {
    cxjf::CheckOptions o;
    if (text.empty()) return o;
    const auto j = parse(text);
    if (j.is_discarded() || !(j.is_object() || j.is_null())) throw OptionsError("not a JSON object");
    if (j.is_null()) return o;
    for (const auto& [key, v] : j.items()) {
        if (key == "checkDate") {
            const auto d = v.is_string() ? cxjf::Date::parse(v.get<std::string>()) : std::nullopt;
            if (!d) throw OptionsError("checkDate must be a date YYYY-MM-DD");
            o.checkDate = d;
        } else if (key == "maxBytes") {
            o.limits.maxBytes = static_cast<std::size_t>(count_option(v, "maxBytes", 1ULL << 31));
        } else if (key == "maxDepth") {
            o.limits.maxDepth = static_cast<int>(count_option(v, "maxDepth", 1000));
        } else if (key == "maxStringBytes") {
            o.limits.maxStringBytes = static_cast<std::size_t>(count_option(v, "maxStringBytes", 1ULL << 31));
        } else if (key == "maxItems") {
            o.limits.maxItems = static_cast<std::size_t>(count_option(v, "maxItems", 1ULL << 31));
        } else if (key == "maxMs") {
            o.limits.maxMillis = v == 0 ? 0 : static_cast<std::int64_t>(count_option(v, "maxMs", 86400000));
        } else if (key == "scores") {
            const std::string d = v.is_string() ? v.get<std::string>() : "";
            if (d != "none" && d != "summary" && d != "full") throw OptionsError("scores must be none, summary or full");
            o.scores = d == "none" ? cxjf::ScoreDetail::none : d == "summary" ? cxjf::ScoreDetail::summary : cxjf::ScoreDetail::full;
        } else if (key == "sheet") {
            const std::string lang = v.is_string() ? v.get<std::string>() : "";
            if (lang != "zh" && lang != "en" && lang != "both")
                throw OptionsError("sheet must be zh, en or both (the language of its labels)");
            o.sheet = true;
            o.sheetLang = lang == "en" ? cxjf::Lang::en : cxjf::Lang::zh;
            o.sheetBothLangs = lang == "both";
        } else {
            throw OptionsError("unknown option '" + key + "'");
        }
    }
    return o;
}

std::string version() {
    return guarded([] {
        const Engine& e = Engine::builtin();
        return "{\"engine\":" + quote(e.version()) + ",\"ruleset\":" + quote(e.ruleset()) + "}";
    });
}

std::string check(const std::string& text, const std::string& options) {
    return guarded([&] { return cxjf::result_json(Engine::builtin(), Engine::builtin().check(text, parse_options(options))); });
}

// Checks a Uint8Array exactly as given; like the CLI, a file above maxBytes is refused before it is copied in.
cxjf::CheckResult check_bytes(const char* binding, const val& bytes, const cxjf::CheckOptions& o) {
    if (!bytes.instanceof(val::global("Uint8Array"))) throw std::runtime_error(std::string(binding) + " expects a Uint8Array");
    const auto size = bytes["length"].as<std::size_t>();
    if (size > o.limits.maxBytes) return Engine::unreadable(cxjf::ReadFailure{cxjf::ReadFailure::Kind::tooLarge, "", size}, o.limits);
    std::string buffer(size, '\0');
    // A view on wasm memory, valid until the next allocation: filled at once, byte for byte.
    val(emscripten::typed_memory_view(size, reinterpret_cast<unsigned char*>(buffer.data()))).call<void>("set", bytes);
    return Engine::builtin().check(buffer, o);
}

std::string checkBytes(const val& bytes, const std::string& options) {
    return guarded([&] { return cxjf::result_json(Engine::builtin(), check_bytes("checkBytes", bytes, parse_options(options))); });
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

std::string bytes_of(const val& bytes) {
    if (!bytes.instanceof(val::global("Uint8Array"))) throw std::runtime_error("expects a Uint8Array");
    const auto size = bytes["length"].as<std::size_t>();
    std::string buffer(size, '\0');
    val(emscripten::typed_memory_view(size, reinterpret_cast<unsigned char*>(buffer.data()))).call<void>("set", bytes);
    return buffer;
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

// ---- verification in two steps (cxjf::complete_signature): the page's verifier answers later ----------------------

std::string checkStart(const val& bytes, const std::string& options) {
    return guarded([&] {
        const cxjf::CheckOptions o = parse_options(options);
        const int id = pending_results().put(check_bytes("checkStart", bytes, o), o);
        const cxjf::SignatureInfo& s = pending_results().get(id).result.signatureInfo;
        std::string out = "{\"id\":" + std::to_string(id) + ",\"verify\":";
        if (s.status != cxjf::SignatureStatus::unverified) return out + "null}";
        return out + "{\"alg\":" + quote(s.alg) + ",\"publicKey\":" + quote(s.publicKey) + ",\"value\":" + quote(s.value) +
               ",\"signedBytes\":" + quote(cxjf::base64url_encode(s.signedBytes)) + "}}";
    });
}

std::string checkFinish(int id, const std::string& verdict) {
    return guarded([&] {
        const cxjf::CheckResult r = pending_results().finish(id, verdict);
        return cxjf::result_json(Engine::builtin(), r);
    });
}

std::string keyId(const std::string& publicKey) {
    return guarded([&] {
        const std::string raw = unb64(publicKey);
        if (raw.size() != 32 && raw.size() != 65) throw OptionsError("a public key has 32 (Ed25519) or 65 (SM2) bytes");
        return cxjf::key_id(raw);
    });
}

// A file the page could not hand to the engine: {"kind":"io"|"tooLarge"|"timeUp","detail","bytes"} and the options
// (its limits) → the file's result, the same as the CLI's for that failure.
std::string unreadable(const std::string& failureJson, const std::string& options) {
    return guarded([&] {
        const auto j = parse(failureJson);
        if (!j.is_object()) throw OptionsError("unreadable expects {kind, detail, bytes}");
        const std::string kind = j.value("kind", "");
        cxjf::ReadFailure f;
        if (kind == "io") f.kind = cxjf::ReadFailure::Kind::io;
        else if (kind == "tooLarge") f.kind = cxjf::ReadFailure::Kind::tooLarge;
        else if (kind == "timeUp") f.kind = cxjf::ReadFailure::Kind::timeUp;
        else throw OptionsError("kind must be io, tooLarge or timeUp");
        const auto detail = j.value("detail", nlohmann::json(""));
        f.detail = detail.is_string() ? detail.get<std::string>() : cxjf::json_text(detail);
        const auto bytes = j.value("bytes", nlohmann::json(0));
        if (!bytes.is_number_unsigned()) throw OptionsError("bytes must be a count");
        f.bytes = bytes.get<std::uint64_t>();
        return cxjf::result_json(Engine::builtin(), Engine::unreadable(f, parse_options(options).limits));
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
    emscripten::function("checkStart", &checkStart);
    emscripten::function("checkFinish", &checkFinish);
    emscripten::function("keyId", &keyId);
    emscripten::function("form", &form);
    emscripten::function("sheetColumns", &sheetColumns);
    emscripten::function("limits", &limits);
    emscripten::function("unreadable", &unreadable);
}
