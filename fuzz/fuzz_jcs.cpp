// libFuzzer target: RFC 8785 canonicalization of any text (cxjf::canonicalize, what is signed).
// Invariants: it either throws std::runtime_error (the text is not strict JSON; the message names the reading
// finding) or returns a text that is strict JSON and its own canonical form (canonicalize(out) == out).
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "cxjf/envelope.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string out;
    try {
        out = cxjf::canonicalize(text);
    } catch (const std::runtime_error& e) {
        FUZZ_ASSERT(e.what() && *e.what(), "an empty error message");
        return 0;
    }
    // Anything else (std::invalid_argument, std::out_of_range, ...) escapes: libFuzzer reports it as a crash.
    // The same limits as canonicalize's own reading: its output has the input's strings, items and depth.
    cxjf::Limits limits;
    limits.maxBytes = out.size() + 1;
    limits.maxMillis = 0;
    const cxjf::StrictRead read = cxjf::read_strict_json(out, limits);
    if (fuzz::big_integer_from_double(read)) return 0;
    FUZZ_ASSERT(!read.error, "canonical text does not read strictly: " + (read.error ? read.error->rule : "") + " " + out.substr(0, 200));
    std::string again;
    try {
        again = cxjf::canonicalize(out);
    } catch (const std::exception& e) {
        fuzz::fail("canonical text is refused", e.what());
    }
    FUZZ_ASSERT(again == out, "not idempotent: " + out.substr(0, 200) + " -> " + again.substr(0, 200));
    // No insignificant whitespace outside strings in a canonical text.
    bool inString = false, escaped = false;
    for (char c : out) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else {
            FUZZ_ASSERT(c != ' ' && c != '\n' && c != '\t' && c != '\r', "whitespace in canonical text: " + out.substr(0, 200));
        }
    }
    return 0;
}
