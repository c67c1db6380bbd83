#include "strict_json.hpp"

#include "findings.hpp"
#include "pointer.hpp"
#include "utf8.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace cxjf {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1
constexpr int kHardDepthCap = 1000;                         // recursion bound whatever the configured limit
constexpr std::size_t kClockStride = 1 << 20;               // bytes read between two looks at the clock

struct Failure {
    std::string rule, variant;
    std::size_t offset;
    std::string pointer;
};

class Reader {
public:
    Reader(std::string_view in, const Limits& limits, const Deadline* deadline)
        : in_(in), maxDepth_(std::min(limits.maxDepth, kHardDepthCap)), maxString_(limits.maxStringBytes),
          maxItems_(limits.maxItems), deadline_(deadline) {}

    json document() {
        skip_ws();
        if (pos_ == in_.size()) fail("J-EMPTY", "");
        json v = value(0);
        skip_ws();
        if (pos_ != in_.size()) fail("J-TRAILING", "");
        return v;
    }

private:
    [[noreturn]] void fail(const char* rule, const char* variant) { fail_at(rule, variant, pos_); }
    [[noreturn]] void fail_at(const char* rule, const char* variant, std::size_t offset) {
        std::string ptr;
        for (const auto& seg : path_) ptr += "/" + (seg.key ? pointer_token(*seg.key) : std::to_string(seg.index));
        throw Failure{rule, variant, offset, ptr};
    }

    bool at_end() const { return pos_ >= in_.size(); }

    // Once per kClockStride bytes: is the time cap past? (A huge file allowed by --max-bytes must not outlive it.)
    void tick() {
        if (pos_ < nextClockCheck_) return;
        nextClockCheck_ = pos_ + kClockStride;
        if (deadline_) deadline_->check();
    }
    unsigned char peek() const { return static_cast<unsigned char>(in_[pos_]); }

    void skip_ws() {
        while (!at_end()) {
            const char c = in_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++pos_;
            else break;
        }
    }

    void expect_literal(std::string_view word) {
        if (in_.substr(pos_, word.size()) != word) fail("J-SYNTAX", "unexpected-char");
        pos_ += word.size();
    }

    json value(int depth) {
        tick();
        if (at_end()) fail("J-SYNTAX", "unexpected-end");
        switch (peek()) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return json(string());
            case 't': expect_literal("true"); return json(true);
            case 'f': expect_literal("false"); return json(false);
            case 'n': expect_literal("null"); return json(nullptr);
            case 'N': case 'I':
                if (in_.substr(pos_, 3) == "NaN" || in_.substr(pos_, 8) == "Infinity") fail("J-SYNTAX", "nan");
                fail("J-SYNTAX", "unexpected-char");
            default:
                if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
                if (peek() >= 0x80) check_utf8_sequence();  // report bad bytes as an encoding problem first
                fail("J-SYNTAX", "unexpected-char");
        }
    }

    json object(int depth) {
        if (depth > maxDepth_) fail("J-DEPTH", "");
        ++pos_;  // '{'
        json obj = json::object();
        auto& members = obj.get_ref<json::object_t&>();
        skip_ws();
        if (!at_end() && peek() == '}') { ++pos_; return obj; }
        for (;;) {
            skip_ws();
            if (at_end()) fail("J-SYNTAX", "unexpected-end");
            if (peek() != '"') fail("J-SYNTAX", "expected-key");
            const std::size_t keyOffset = pos_;
            if (members.size() == maxItems_) fail("J-ITEMS", "object");
            std::string key = string();
            skip_ws();
            if (at_end()) fail("J-SYNTAX", "unexpected-end");
            if (peek() != ':') fail("J-SYNTAX", "expected-colon");
            ++pos_;
            skip_ws();
            auto inserted = members.emplace(std::move(key), json());
            path_.push_back(Segment{&inserted.first->first, 0});  // the map node's key: stable, no copy
            if (!inserted.second) fail_at("J-DUPLICATE-KEY", "", keyOffset);
            inserted.first->second = value(depth);
            path_.pop_back();
            skip_ws();
            if (at_end()) fail("J-SYNTAX", "unexpected-end");
            if (peek() == ',') { ++pos_; continue; }
            if (peek() == '}') { ++pos_; return obj; }
            fail("J-SYNTAX", "expected-comma");
        }
    }

    json array(int depth) {
        if (depth > maxDepth_) fail("J-DEPTH", "");
        ++pos_;  // '['
        json arr = json::array();
        auto& items = arr.get_ref<json::array_t&>();
        skip_ws();
        if (!at_end() && peek() == ']') { ++pos_; return arr; }
        for (;;) {
            skip_ws();
            if (items.size() == maxItems_) fail("J-ITEMS", "array");
            path_.push_back(Segment{nullptr, items.size()});
            items.push_back(value(depth));
            path_.pop_back();
            skip_ws();
            if (at_end()) fail("J-SYNTAX", "unexpected-end");
            if (peek() == ',') { ++pos_; continue; }
            if (peek() == ']') { ++pos_; return arr; }
            fail("J-SYNTAX", "expected-comma");
        }
    }

    static int hex_digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    unsigned hex4() {
        if (in_.size() - pos_ < 4) fail("J-SYNTAX", "bad-escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const int d = hex_digit(in_[pos_ + i]);
            if (d < 0) fail("J-SYNTAX", "bad-escape");
            v = v * 16 + static_cast<unsigned>(d);
        }
        pos_ += 4;
        return v;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Validates one UTF-8 sequence at pos_ and returns its length.
    std::size_t check_utf8_sequence() {
        const std::size_t len = utf8_sequence_length(in_, pos_);
        if (len == 0) fail("J-UTF8", "");
        return len;
    }

    std::string string() {
        const std::size_t start = pos_;
        ++pos_;  // opening quote
        std::string out;
        for (;;) {
            if (out.size() > maxString_) fail_at("J-STRING-LENGTH", "", start);
            // A run of plain characters (checked UTF-8) is appended at once: one append per run, not per byte.
            tick();
            const std::size_t run = pos_, runEnd = std::min(in_.size(), nextClockCheck_);
            while (pos_ < runEnd) {
                const unsigned char c = peek();
                if (c == '"' || c == '\\' || c < 0x20) break;
                pos_ += c < 0x80 ? 1 : check_utf8_sequence();
            }
            out.append(in_.data() + run, pos_ - run);
            if (out.size() > maxString_) fail_at("J-STRING-LENGTH", "", start);
            if (at_end()) fail("J-SYNTAX", "unterminated-string");
            if (pos_ >= runEnd) continue;  // the run stopped for a look at the clock, not at a special character
            const unsigned char c = peek();
            if (c == '"') { ++pos_; return out; }
            if (c < 0x20) fail("J-SYNTAX", "control-char");
            // c is the backslash of an escape.
            const std::size_t escapeOffset = pos_;
            ++pos_;
            if (at_end()) fail("J-SYNTAX", "unterminated-string");
            const char e = in_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at("J-SURROGATE", "", escapeOffset);
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (in_.substr(pos_, 2) != "\\u") fail_at("J-SURROGATE", "", escapeOffset);
                        pos_ += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) fail_at("J-SURROGATE", "", escapeOffset);
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: pos_ = escapeOffset; fail("J-SYNTAX", "bad-escape");
            }
        }
    }

    json number() {
        const std::size_t start = pos_;
        bool negative = false;
        if (peek() == '-') { negative = true; ++pos_; }
        if (at_end() || !(peek() >= '0' && peek() <= '9')) fail("J-SYNTAX", "bad-number");
        if (peek() == '0') {
            ++pos_;
            if (!at_end() && peek() >= '0' && peek() <= '9') fail("J-SYNTAX", "bad-number");
        } else {
            while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        }
        bool integral = true;
        if (!at_end() && peek() == '.') {
            integral = false;
            ++pos_;
            if (at_end() || !(peek() >= '0' && peek() <= '9')) fail("J-SYNTAX", "bad-number");
            while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            integral = false;
            ++pos_;
            if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
            if (at_end() || !(peek() >= '0' && peek() <= '9')) fail("J-SYNTAX", "bad-number");
            while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        }
        const std::string_view token = in_.substr(start, pos_ - start);
        if (integral) {
            std::int64_t magnitude = 0;
            for (char c : token.substr(negative ? 1 : 0)) {
                magnitude = magnitude * 10 + (c - '0');
                if (magnitude > kMaxSafeInteger) fail_at("J-NUMBER-RANGE", "integer", start);
            }
            return json(negative ? -magnitude : magnitude);
        }
        const std::string text(token);
        errno = 0;
        const double d = std::strtod(text.c_str(), nullptr);
        if (!std::isfinite(d)) fail_at("J-NUMBER-RANGE", "float", start);
        return json(d);
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    int maxDepth_;
    std::size_t maxString_, maxItems_;
    const Deadline* deadline_;
    std::size_t nextClockCheck_ = kClockStride;
    // Where the reader is, for the pointer of a failure: a member key (owned by the value being built) or an index.
    struct Segment {
        const std::string* key;
        std::size_t index;
    };
    std::vector<Segment> path_;
};

// 1-based line and column (in characters) of a byte offset, for messages.
void locate(std::string_view bytes, std::size_t offset, std::int64_t& line, std::int64_t& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') { ++line; column = 1; }
        else if ((c & 0xC0) != 0x80) ++column;
    }
}

// UTF-16 without a byte-order mark: JSON text starts with ASCII characters (the first a structural one or
// whitespace), which UTF-16 writes as a zero byte beside each (RFC 4627 §3). Two such code units in a row are
// asked for, so a single zero byte after a bracket ("[\0]") stays a syntax error at its place.
bool looks_like_utf16(std::string_view b) {
    if (b.size() < 4) return false;
    auto ascii_le = [&](std::size_t i) { return b[i] != '\0' && static_cast<unsigned char>(b[i]) < 0x80 && b[i + 1] == '\0'; };
    auto ascii_be = [&](std::size_t i) { return b[i] == '\0' && b[i + 1] != '\0' && static_cast<unsigned char>(b[i + 1]) < 0x80; };
    return (ascii_le(0) && ascii_le(2)) || (ascii_be(0) && ascii_be(2));
}

}  // namespace

StrictRead read_strict_json(std::string_view bytes, const Limits& limits, const Deadline* deadline) {
    StrictRead result;
    if (bytes.size() > limits.maxBytes) {
        Finding f = error_finding("J-SIZE", "", "");
        f.params.push_back(Param::Int("bytes", static_cast<std::int64_t>(bytes.size())));
        f.params.push_back(Param::Int("limit", static_cast<std::int64_t>(limits.maxBytes)));
        result.error = std::move(f);
        return result;
    }
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        result.error = error_finding("J-BOM", "utf8", "");
        return result;
    }
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFE\xFF" || bytes.substr(0, 2) == "\xFF\xFE" || looks_like_utf16(bytes))) {
        result.error = error_finding("J-BOM", "utf16", "");
        return result;
    }
    try {
        Reader reader(bytes, limits, deadline);
        result.value = reader.document();
    } catch (const Failure& failure) {
        Finding f = error_finding(failure.rule, failure.variant, failure.pointer);
        std::int64_t line, column;
        locate(bytes, failure.offset, line, column);
        f.params.push_back(Param::Int("line", line));
        f.params.push_back(Param::Int("column", column));
        f.params.push_back(Param::Int("offset", static_cast<std::int64_t>(failure.offset)));
        if (failure.rule == "J-DEPTH") f.params.push_back(Param::Int("limit", limits.maxDepth));
        if (failure.rule == "J-STRING-LENGTH") f.params.push_back(Param::Int("limit", static_cast<std::int64_t>(limits.maxStringBytes)));
        if (failure.rule == "J-ITEMS") f.params.push_back(Param::Int("limit", static_cast<std::int64_t>(limits.maxItems)));
        result.error = std::move(f);
        result.value = nullptr;
    } catch (const std::bad_alloc&) {
        result.error = error_finding("J-SIZE", "memory", "");
        result.value = nullptr;
    }
    return result;
}

}  // namespace cxjf
