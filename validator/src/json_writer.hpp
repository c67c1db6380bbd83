#pragma once
// A small streaming JSON writer for the per-file result, the hottest output of a batch: compact, keys in the
// order written, strings escaped per RFC 8259 with invalid UTF-8 replaced by U+FFFD (file names can hold any bytes).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "utf8.hpp"

namespace cxjf {

class JsonWriter {
public:
    std::string& text() { return out_; }

    JsonWriter& begin_object() { separate(); out_ += '{'; first_ = true; return *this; }
    JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
    JsonWriter& begin_array() { separate(); out_ += '['; first_ = true; return *this; }
    JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
    JsonWriter& key(std::string_view k) {
        separate();
        string_literal(k);
        out_ += ':';
        afterKey_ = true;
        return *this;
    }
    JsonWriter& value(std::string_view s) { separate(); string_literal(s); return *this; }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b) { separate(); out_ += b ? "true" : "false"; return *this; }
    JsonWriter& value(std::int64_t v) { separate(); out_ += std::to_string(v); return *this; }
    JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
    // A score: an integer when it is one, else rounded to two decimals without trailing zeros.
    JsonWriter& number(double v) {
        separate();
        const double rounded = std::round(v * 100) / 100;
        if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15) {
            out_ += std::to_string(static_cast<std::int64_t>(rounded));
        } else {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.2f", rounded);
            std::string s = buf;
            while (s.back() == '0') s.pop_back();
            out_ += s;
        }
        return *this;
    }
    // Text that is already JSON.
    JsonWriter& raw(std::string_view json) { separate(); out_ += json; return *this; }
    template <class T>
    JsonWriter& member(std::string_view k, const T& v) { key(k); return value(v); }

private:
    void separate() {
        if (afterKey_) { afterKey_ = false; first_ = false; return; }
        if (!first_ && !out_.empty()) out_ += ',';
        first_ = false;
    }

    void string_literal(std::string_view s) {
        out_ += '"';
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '"') out_ += "\\\"";
            else if (c == '\\') out_ += "\\\\";
            else if (c == '\n') out_ += "\\n";
            else if (c == '\r') out_ += "\\r";
            else if (c == '\t') out_ += "\\t";
            else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out_ += buf;
            } else if (c < 0x80) {
                out_ += static_cast<char>(c);
            } else if (const std::size_t len = utf8_sequence_length(s, i)) {
                out_.append(s.data() + i, len);
                i += len - 1;
            } else {
                out_ += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
            }
        }
        out_ += '"';
    }

    std::string out_;
    bool first_ = true;
    bool afterKey_ = false;
};

}  // namespace cxjf
