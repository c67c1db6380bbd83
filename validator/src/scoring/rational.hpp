#pragma once
// Exact fractions for band boundaries and ratios. Filing amounts are at most 10^15 yuan and thresholds have small
// denominators, so products of two values stay far inside the 128-bit range.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cxjf::scoring {

using i128 = __int128;

struct Rational {
    i128 num = 0, den = 1;  // den > 0, reduced

    Rational() = default;
    Rational(i128 n, i128 d = 1) : num(n), den(d) { normalize(); }
    static Rational integer(std::int64_t v) { return Rational(v, 1); }

    // Reduces only when the terms grow large: comparisons cross-multiply and stay exact either way, and
    // reducing every intermediate result (a 128-bit gcd) would cost more than the scoring itself.
    void normalize() {
        if (den < 0) { num = -num; den = -den; }
        constexpr i128 kLarge = static_cast<i128>(1) << 60;
        if (den == 1 || (den < kLarge && num < kLarge && num > -kLarge)) return;
        i128 a = num < 0 ? -num : num, b = den;
        while (b) { i128 t = a % b; a = b; b = t; }
        if (a > 1) { num /= a; den /= a; }
    }
    friend Rational operator+(const Rational& a, const Rational& b) { return Rational(a.num * b.den + b.num * a.den, a.den * b.den); }
    friend Rational operator-(const Rational& a, const Rational& b) { return Rational(a.num * b.den - b.num * a.den, a.den * b.den); }
    friend Rational operator*(const Rational& a, const Rational& b) { return Rational(a.num * b.num, a.den * b.den); }
    friend bool operator<(const Rational& a, const Rational& b) { return a.num * b.den < b.num * a.den; }
    friend bool operator==(const Rational& a, const Rational& b) { return a.num * b.den == b.num * a.den; }
    friend bool operator<=(const Rational& a, const Rational& b) { return !(b < a); }
    friend bool operator>(const Rational& a, const Rational& b) { return b < a; }
    friend bool operator>=(const Rational& a, const Rational& b) { return !(a < b); }

    i128 ceil() const { return num >= 0 ? (num + den - 1) / den : -((-num) / den); }
    i128 floor() const { return num >= 0 ? num / den : -((-num + den - 1) / den); }
    double to_double() const { return static_cast<double>(num) / static_cast<double>(den); }
    // Decimal text rounded half away from zero to `decimals` places, trailing zeros kept ("8.03").
    std::string fixed(int decimals) const;
    // Decimal text rounded down (toward minus infinity): a value just below a threshold never shows as reaching it.
    std::string floor_fixed(int decimals) const;
    // The exact value in lowest terms: "20", "-3", "19728511/289734618".
    std::string exact_text() const;
    // Shortest exact-enough text for points: integers as "20", others with up to 2 decimals ("7.5").
    std::string points_text() const;
};

// "6%", "0.05", "1/3", "500" or a JSON integer → fraction; nullopt when malformed.
std::optional<Rational> parse_rational(std::string_view text);

}  // namespace cxjf::scoring
