#include "jcs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace cxjf {
namespace {

using nlohmann::json;

// UTF-16 code units of a UTF-8 string (the input is valid UTF-8: the strict reader made sure).
std::u16string utf16(const std::string& s) {
    std::u16string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        std::size_t len;
        if (c < 0x80) { cp = c; len = 1; }
        else if (c < 0xE0) { cp = c & 0x1F; len = 2; }
        else if (c < 0xF0) { cp = c & 0x0F; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (cp >> 10));
            out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
        } else {
            out += static_cast<char16_t>(cp);
        }
    }
    return out;
}

void write_string(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void write(std::string& out, const json& v) {
    switch (v.type()) {
        case json::value_t::null: out += "null"; break;
        case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
        case json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); break;
        case json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); break;
        case json::value_t::number_float: out += ecmascript_number(v.get<double>()); break;
        case json::value_t::string: write_string(out, v.get_ref<const std::string&>()); break;
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& item : v) {
                if (!first) out += ',';
                first = false;
                write(out, item);
            }
            out += ']';
            break;
        }
        case json::value_t::object: {
            // std::map orders by UTF-8 bytes (= code points), which is UTF-16 order for every name below U+E000:
            // only names with such characters need the explicit UTF-16 sort.
            const auto& object = v.get_ref<const json::object_t&>();
            const bool plain = std::all_of(object.begin(), object.end(), [](const auto& m) {
                return std::all_of(m.first.begin(), m.first.end(), [](char c) { return static_cast<unsigned char>(c) < 0xEE; });
            });
            if (plain) {
                out += '{';
                bool first = true;
                for (const auto& m : object) {
                    if (!first) out += ',';
                    first = false;
                    write_string(out, m.first);
                    out += ':';
                    write(out, m.second);
                }
                out += '}';
                break;
            }
            std::vector<std::pair<std::u16string, const std::pair<const std::string, json>*>> members;
            members.reserve(v.size());
            for (const auto& m : v.get_ref<const json::object_t&>()) members.emplace_back(utf16(m.first), &m);
            std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            out += '{';
            bool first = true;
            for (const auto& [key16, member] : members) {
                if (!first) out += ',';
                first = false;
                write_string(out, member->first);
                out += ':';
                write(out, member->second);
            }
            out += '}';
            break;
        }
        case json::value_t::binary:
        case json::value_t::discarded: throw std::invalid_argument("no JSON form for this value");
    }
}

// Adds 1 (or -1) to the last digit of a digit string, with carry; returns false when the result changes length.
bool step_digits(std::string& digits, int delta) {
    for (std::size_t i = digits.size(); i-- > 0;) {
        int d = digits[i] - '0' + delta;
        if (d >= 0 && d <= 9) {
            digits[i] = static_cast<char>('0' + d);
            return digits[0] != '0';
        }
        digits[i] = delta > 0 ? '0' : '9';
    }
    return false;
}

bool round_trips(const std::string& digits, int exponent, double value) {
    std::string text = digits.substr(0, 1) + "." + digits.substr(1) + "e" + std::to_string(exponent);
    return std::strtod(text.c_str(), nullptr) == value;
}

}  // namespace

std::string ecmascript_number(double value) {
    if (!std::isfinite(value)) throw std::invalid_argument("NaN and infinity have no JSON form");
    if (value == 0) return "0";
    const bool negative = value < 0;
    const double v = negative ? -value : value;

    // The fewest digits that read back as the same double; at that length, the closest such digits (ECMA-262
    // Number::toString). printf gives the correctly rounded digits; near a power of two the rounding interval is
    // lopsided, so a neighbour one unit away can read back where the nearest does not. Whether some p-digit text
    // reads back only improves with p, so the shortest p is found by bisection (17 digits always suffice).
    auto attempt = [&](int precision, std::string& outDigits, int& outExponent) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
        const std::string s = buf;
        const auto e = s.find('e');
        std::string d = s.substr(0, 1) + (precision > 1 ? s.substr(2, e - 2) : "");
        const int exp = std::atoi(s.c_str() + e + 1);
        std::string up = d, down = d;
        for (std::string* candidate : {&d, &up, &down}) {
            if (candidate == &up && !step_digits(up, +1)) continue;
            if (candidate == &down && !step_digits(down, -1)) continue;
            if (round_trips(*candidate, exp, v)) {
                outDigits = *candidate;
                outExponent = exp;
                return true;
            }
        }
        return false;
    };
    int lo = 1, hi = 17;
    std::string digits;
    int exponent = 0;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (attempt(mid, digits, exponent)) hi = mid;
        else lo = mid + 1;
    }
    attempt(lo, digits, exponent);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;  // value = 0.digits × 10^n
    std::string out = negative ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1) out += "." + digits.substr(1);
        out += "e";
        out += n - 1 >= 0 ? "+" : "-";
        out += std::to_string(std::abs(n - 1));
    }
    return out;
}

namespace {

void write_pretty(std::string& out, const nlohmann::json& v, int indent, int depth) {
    using nlohmann::json;
    const bool container = (v.is_object() || v.is_array()) && !v.empty();
    if (!container || indent < 0) {
        if (v.is_object() && !v.empty()) {  // compact, in map order (not sorted by UTF-16 as canonical text is)
            out += '{';
            bool first = true;
            for (const auto& m : v.get_ref<const json::object_t&>()) {
                if (!first) out += ',';
                first = false;
                write_string(out, m.first);
                out += ':';
                write_pretty(out, m.second, indent, depth + 1);
            }
            out += '}';
        } else if (v.is_array() && !v.empty()) {
            out += '[';
            bool first = true;
            for (const auto& item : v) {
                if (!first) out += ',';
                first = false;
                write_pretty(out, item, indent, depth + 1);
            }
            out += ']';
        } else if (v.is_object()) {
            out += "{}";
        } else if (v.is_array()) {
            out += "[]";
        } else {
            write(out, v);
        }
        return;
    }
    const std::string pad(static_cast<std::size_t>(indent * (depth + 1)), ' ');
    const std::string closePad(static_cast<std::size_t>(indent * depth), ' ');
    out += v.is_object() ? "{\n" : "[\n";
    bool first = true;
    if (v.is_object()) {
        for (const auto& m : v.get_ref<const json::object_t&>()) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            write_string(out, m.first);
            out += ": ";
            write_pretty(out, m.second, indent, depth + 1);
        }
    } else {
        for (const auto& item : v) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            write_pretty(out, item, indent, depth + 1);
        }
    }
    out += "\n" + closePad + (v.is_object() ? "}" : "]");
}

}  // namespace

std::string json_text(const nlohmann::json& value, int indent) {
    std::string out;
    write_pretty(out, value, indent, 0);
    return out;
}

std::string jcs_canonicalize(const nlohmann::json& value) {
    std::string out;
    write(out, value);
    return out;
}

std::string jcs_signed_object(const nlohmann::json& format, const nlohmann::json& filing, const nlohmann::json& check,
                              const nlohmann::json& signedAt, const nlohmann::json& keyId, const nlohmann::json& alg) {
    // The six names are ASCII, so their canonical order is simply: alg, check, filing, format, keyId, signedAt.
    std::string out;
    out.reserve(8192);
    out += "{\"alg\":";
    write(out, alg);
    out += ",\"check\":";
    write(out, check);
    out += ",\"filing\":";
    write(out, filing);
    out += ",\"format\":";
    write(out, format);
    out += ",\"keyId\":";
    write(out, keyId);
    out += ",\"signedAt\":";
    write(out, signedAt);
    out += '}';
    return out;
}

}  // namespace cxjf
