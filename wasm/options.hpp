#pragma once
// What every binding shares: its options read in one place, its answers guarded (no C++ exception reaches JS; a
// failure is an X-INTERNAL result), and a file's bytes checked with the page's verdict on its signature applied.
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cxjf/check.hpp"

namespace cxjf::wasm {

// A JSON argument read strictly (nlohmann's own parser is not linked into the browser's engine); discarded when bad.
nlohmann::json parse(const std::string& text);
std::string quote(const std::string& text);  // a JSON string literal

// Thrown for a bad option; reported as X-INTERNAL with case "options".
struct OptionsError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The check options, and the page's verdict on a signature it verified itself (signatureData gave it what to verify).
struct PageOptions : CheckOptions {
    std::string verdict;  // "valid" | "invalid" | "" (none)
    bool profiles = false;  // "scores":"full" asked for: the check's answer carries every profile in full detail
};

// optionsJson: "" or {"checkDate","maxBytes","maxDepth","maxStringBytes","maxItems","maxMs","scores","sheet","verdict"}.
PageOptions parse_options(const std::string& optionsJson);

// A file the page could not hand to the engine: {"kind":"io"|"tooLarge"|"timeUp"|"internal","detail","bytes"}.
ReadFailure parse_failure(const std::string& failureJson);

// The X-INTERNAL result of a failure (case "options" for a refused option).
std::string internal_json(const std::string& detail, ReadFailure::Kind kind = ReadFailure::Kind::internal);

// Runs fn() and turns every C++ exception into an X-INTERNAL result: nothing is thrown across to JS.
template <class Fn>
std::string guarded(Fn&& fn) {
    try {
        return fn();
    } catch (const OptionsError& e) {
        return internal_json(std::string("invalid options: ") + e.what(), ReadFailure::Kind::options);
    } catch (const std::invalid_argument& e) {  // a bad signing input (algorithm, key length, timestamp)
        return internal_json(std::string("invalid options: ") + e.what(), ReadFailure::Kind::options);
    } catch (const std::exception& e) {
        return internal_json(e.what());
    } catch (...) {
        return internal_json("unknown exception");
    }
}

// The bytes of a Uint8Array.
std::string bytes_of(const emscripten::val& bytes);

// A check with the page's verdict applied (cxjf::complete_signature), as a verifier's would be inside check().
CheckResult checked(std::string_view bytes, const PageOptions& o);

// Checks a Uint8Array exactly as given; like the CLI, a file above maxBytes is refused before it is copied in.
CheckResult check_bytes(const char* binding, const emscripten::val& bytes, const PageOptions& o);

}  // namespace cxjf::wasm
