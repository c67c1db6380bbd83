#include "options.hpp"

#include "cxjf/envelope.hpp"
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"
#include "forms.hpp"
#include "signing/jcs.hpp"
#include "strict_json.hpp"

namespace cxjf::wasm {

using emscripten::val;

nlohmann::json parse(const std::string& text) {
    StrictRead read = read_strict_json(text, Limits{});
    return read.error ? nlohmann::json(nlohmann::json::value_t::discarded) : std::move(read.value);
}

std::string quote(const std::string& text) { return json_text(nlohmann::json(text)); }

namespace {

// Last resort when even the engine's report cannot be built: fixed text, detail reduced to printable ASCII.
std::string fallback_json(const std::string& detail) {
    std::string d;
    for (unsigned char c : detail.substr(0, 200)) d += c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? char(c) : '?';
    return R"({"status":"unreadable","counts":{"errors":1,"warnings":0,"explained":0},"issues":[{"rule":"X-INTERNAL",)"
           R"("severity":"error","path":"","message_zh":"检查程序内部错误，请联系技术支持：)" + d +
           R"(","message_en":"Internal error of the checker, please contact support: )" + d + R"("}]})";
}

}  // namespace

ReadFailure parse_failure(const std::string& failureJson) {
    const auto j = parse(failureJson);
    if (!j.is_object()) throw OptionsError("a failure is {kind, detail, bytes}");
    const std::string kind = j.value("kind", "");
    ReadFailure f;
    if (kind == "io") f.kind = ReadFailure::Kind::io;
    else if (kind == "tooLarge") f.kind = ReadFailure::Kind::tooLarge;
    else if (kind == "timeUp") f.kind = ReadFailure::Kind::timeUp;
    else if (kind == "internal") f.kind = ReadFailure::Kind::internal;
    else throw OptionsError("kind must be io, tooLarge, timeUp or internal");
    const auto detail = j.value("detail", nlohmann::json(""));
    f.detail = detail.is_string() ? detail.get<std::string>() : json_text(detail);
    const auto bytes = j.find("bytes");
    if (bytes != j.end()) {
        if (!bytes->is_number_integer() || bytes->get<std::int64_t>() < 0) throw OptionsError("bytes must be a count");
        f.bytes = static_cast<std::uint64_t>(bytes->get<std::int64_t>());
    }
    return f;
}

std::string internal_json(const std::string& detail, ReadFailure::Kind kind) {
    try {
        return result_json(Engine::builtin(), Engine::unreadable(ReadFailure{kind, detail, 0}));
    } catch (...) {
        return fallback_json(detail);
    }
}

namespace {

// The limits mirror the CLI's --max-bytes (1..2^31) and --max-depth (1..1000).
std::uint64_t count_option(const nlohmann::json& v, const char* key, std::uint64_t max) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::uint64_t>() > max)
        throw OptionsError(std::string(key) + " must be an integer from 1 to " + std::to_string(max));
    return v.get<std::uint64_t>();
}

}  // namespace

PageOptions parse_options(const std::string& text) {
    PageOptions o;
    if (text.empty()) return o;
    const auto j = parse(text);
    if (j.is_discarded() || !(j.is_object() || j.is_null())) throw OptionsError("not a JSON object");
    if (j.is_null()) return o;
    for (const auto& [key, v] : j.items()) {
        if (key == "checkDate") {
            const auto d = v.is_string() ? Date::parse(v.get<std::string>()) : std::nullopt;
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
            o.scores = d == "none" ? ScoreDetail::none : d == "summary" ? ScoreDetail::summary : ScoreDetail::full;
            o.profiles = o.scores == ScoreDetail::full;
        } else if (key == "verdict") {
            // The page's verdict on the signature (signatureData gave it what to verify): applied as the engine
            // applies its own verifier's (complete_signature), after the check.
            const std::string verdict = v.is_string() ? v.get<std::string>() : "";
            if (verdict != "valid" && verdict != "invalid") throw OptionsError("verdict must be valid or invalid");
            o.verdict = verdict;
        } else if (key == "sheet") {
            const std::string lang = v.is_string() ? v.get<std::string>() : "";
            if (lang != "zh" && lang != "en" && lang != "both")
                throw OptionsError("sheet must be zh, en or both (the language of its labels)");
            o.sheet = true;
            o.sheetLang = lang == "en" ? Lang::en : Lang::zh;
            o.sheetBothLangs = lang == "both";
        } else {
            throw OptionsError("unknown option '" + key + "'");
        }
    }
    return o;
}

CheckResult checked(std::string_view bytes, const PageOptions& o) {
    CheckResult r = Engine::builtin().check(bytes, o);
    if (!o.verdict.empty()) {
        complete_signature(r, o.verdict == "valid", o);
#if !CXJF_WITHOUT_SHEET  // the enterprise engine has no sheet (validator/src/forms.hpp)
        if (o.sheet) r.sheet = sheet_cells(Engine::builtin(), r, o.sheetLang);
#endif
    }
    return r;
}

CheckResult check_bytes(const char* binding, const val& bytes, const PageOptions& o) {
    if (!bytes.instanceof(val::global("Uint8Array"))) throw std::runtime_error(std::string(binding) + " expects a Uint8Array");
    const auto size = bytes["length"].as<std::size_t>();
    if (size > o.limits.maxBytes) return Engine::unreadable(ReadFailure{ReadFailure::Kind::tooLarge, "", size}, o.limits);
    return checked(bytes_of(bytes), o);
}

std::string bytes_of(const val& bytes) {
    if (!bytes.instanceof(val::global("Uint8Array"))) throw std::runtime_error("expects a Uint8Array");
    const auto size = bytes["length"].as<std::size_t>();
    std::string buffer(size, '\0');
    // A view on wasm memory, valid until the next allocation: filled at once, byte for byte.
    val(emscripten::typed_memory_view(size, reinterpret_cast<unsigned char*>(buffer.data()))).call<void>("set", bytes);
    return buffer;
}

}  // namespace cxjf::wasm
