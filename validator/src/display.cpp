// Text for terminals and reports: escapes for what must not reach a terminal raw, file names that are not UTF-8.
#include "display.hpp"

#include <cstdio>

#include "cxjf/report.hpp"
#include "utf8.hpp"

namespace cxjf {

bool is_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_sequence_length(s, i);
        if (!len) return false;
        i += len;
    }
    return true;
}

std::string hex_text(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

namespace {

void append_escape(std::string& out, const char* format, unsigned value) {
    char buf[12];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
}

// Bidirectional formatting characters (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069): they reorder what
// a terminal shows.
bool is_bidi_control(unsigned cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

unsigned code_point(std::string_view s, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[i + k])); };
    if (len == 2) return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
    if (len == 3) return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
}

}  // namespace

std::string display_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            append_escape(out, "\\x%02x", c);
            ++i;
            continue;
        }
        if (len == 1) {
            if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else if (c < 0x20 || c == 0x7f) append_escape(out, "\\x%02x", c);
            else out += static_cast<char>(c);
        } else {
            const unsigned cp = code_point(s, i, len);
            if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp)) append_escape(out, "\\u%04x", cp);
            else out.append(s.data() + i, len);
        }
        i += len;
    }
    return out;
}

std::string file_name_text(std::string_view name) {
    if (is_utf8(name)) return std::string(name);
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t len = utf8_sequence_length(name, i);
        if (len) out.append(name.data() + i, len);
        else append_escape(out, "\\x%02x", static_cast<unsigned char>(name[i]));
        i += len ? len : 1;
    }
    return out;
}

}  // namespace cxjf
