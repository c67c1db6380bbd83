#include "rational.hpp"

#include <cstdint>

namespace cxjf::scoring {
namespace {

// Digits from 64-bit divisions: a 128-bit division is a library call in wasm, and this runs for every value shown.
std::string i128_text(i128 v) {
    char buffer[48];
    char* const end = buffer + sizeof buffer;
    char* p = end;
    using u128 = unsigned __int128;
    u128 x = v < 0 ? -static_cast<u128>(v) : static_cast<u128>(v);
    constexpr std::uint64_t kChunk = 1000000000000000000ULL;  // 10^18: 18 digits at a time above 2^64
    while (x > UINT64_MAX) {
        std::uint64_t low = static_cast<std::uint64_t>(x % kChunk);
        x /= kChunk;
        for (int i = 0; i < 18; ++i, low /= 10) *--p = static_cast<char>('0' + low % 10);
    }
    std::uint64_t y = static_cast<std::uint64_t>(x);
    do *--p = static_cast<char>('0' + y % 10);
    while (y /= 10);
    if (v < 0) *--p = '-';
    return std::string(p, end);
}

std::optional<i128> parse_digits(std::string_view s) {
    if (s.empty() || s.size() > 30) return std::nullopt;
    i128 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::string Rational::fixed(int decimals) const {
    i128 scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const bool negative = num < 0;
    const i128 absNum = negative ? -num : num;
    const i128 scaled = den == 1 ? absNum * scale : (absNum * scale * 2 + den) / (den * 2);  // round half up on the magnitude
    std::string digits = i128_text(scaled);
    if (decimals > 0) {
        if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
        digits.insert(digits.size() - decimals, ".");
    }
    return (negative && scaled != 0 ? "-" : "") + digits;
}

std::string Rational::floor_fixed(int decimals) const {
    i128 scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const i128 scaled = num * scale;
    i128 q = scaled / den;
    if (scaled % den != 0 && scaled < 0) --q;  // floor, not truncation, for negative values
    const bool negative = q < 0;
    std::string digits = i128_text(negative ? -q : q);
    if (decimals > 0) {
        if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
        digits.insert(digits.size() - decimals, ".");
    }
    return (negative ? "-" : "") + digits;
}

std::string Rational::exact_text() const {
    i128 a = num < 0 ? -num : num, b = den;
    while (b) { i128 t = a % b; a = b; b = t; }
    const i128 g = a ? a : 1;
    const bool negative = num < 0;
    std::string text = (negative ? "-" : "") + i128_text((negative ? -num : num) / g);
    return den / g == 1 ? text : text + "/" + i128_text(den / g);
}

std::string Rational::points_text() const {
    if (num % den == 0) return i128_text(num / den);
    std::string s = fixed(2);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::optional<Rational> parse_rational(std::string_view text) {
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && s[0] == '-') { negative = true; s.remove_prefix(1); }
    i128 scale = 1;
    if (!s.empty() && s.back() == '%') { scale = 100; s.remove_suffix(1); }
    std::optional<Rational> r;
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        auto n = parse_digits(s.substr(0, slash)), d = parse_digits(s.substr(slash + 1));
        if (!n || !d || *d == 0) return std::nullopt;
        r = Rational(*n, *d * scale);
    } else if (auto dot = s.find('.'); dot != std::string_view::npos) {
        auto whole = parse_digits(s.substr(0, dot));
        const std::string_view fracText = s.substr(dot + 1);
        auto frac = parse_digits(fracText);
        if (!whole || !frac || fracText.size() > 12) return std::nullopt;
        i128 fracScale = 1;
        for (std::size_t i = 0; i < fracText.size(); ++i) fracScale *= 10;
        r = Rational(*whole * fracScale + *frac, fracScale * scale);
    } else {
        auto n = parse_digits(s);
        if (!n) return std::nullopt;
        r = Rational(*n, scale);
    }
    if (negative) r->num = -r->num;
    return r;
}

}  // namespace cxjf::scoring
