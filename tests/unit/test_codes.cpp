#include <doctest/doctest.h>

#include "codes.hpp"
#include "cxjf/check.hpp"

using namespace cxjf;

TEST_CASE("USCC 91350100M000100Y43 is valid and 91350100M000100Y4Z is not (GB 32100)") {
    CHECK(uscc_valid("91350100M000100Y43"));
    CHECK_FALSE(uscc_valid("91350100M000100Y4Z"));
    CHECK(uscc_check_char("91350100M000100Y4") == '3');
}

TEST_CASE("USCC check: wrong length, letters outside the 31-character set") {
    CHECK_FALSE(uscc_valid("91350100M000100Y4"));
    CHECK_FALSE(uscc_valid("91350100M000100Y433"));
    CHECK_FALSE(uscc_check_char("9135010OM000100Y4").has_value());  // letter O is not used
    CHECK_FALSE(uscc_char_allowed('I'));
    CHECK_FALSE(uscc_char_allowed('Z'));
    CHECK(uscc_char_allowed('Y'));
}

TEST_CASE("USCC check character value 0 (sum divisible by 31) maps to '0'") {
    // Search a body whose weighted sum is a multiple of 31: the check must be '0', not the 32nd character.
    std::string body = "9135010000000000";
    bool found = false;
    for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
        const auto check = uscc_check_char(body + c);
        if (check == '0') {
            CHECK(uscc_valid(body + c + '0'));
            found = true;
        }
    }
    CHECK(found);
}

TEST_CASE("GB 11714 organisation code check: M000100Y → 4, and the X / 0 cases") {
    CHECK(org_code_check_char("M000100Y") == '4');
    CHECK(org_code_valid("M000100Y4"));
    CHECK_FALSE(org_code_valid("M000100Y5"));
    // 11 - (sum mod 11) = 10 → 'X'; = 11 → '0'
    bool sawX = false, saw0 = false;
    for (int n = 0; n < 2000 && !(sawX && saw0); ++n) {
        char body[9];
        std::snprintf(body, sizeof body, "%08d", n);
        const auto c = org_code_check_char(body);
        REQUIRE(c.has_value());
        sawX |= *c == 'X';
        saw0 |= *c == '0';
    }
    CHECK(sawX);
    CHECK(saw0);
    CHECK_FALSE(org_code_check_char("M000100").has_value());
    CHECK_FALSE(org_code_check_char("M000100-").has_value());
}

TEST_CASE("Date::parse accepts calendar dates only") {
    CHECK(Date::parse("2024-02-29").has_value());
    CHECK_FALSE(Date::parse("2023-02-29").has_value());
    CHECK_FALSE(Date::parse("2025-13-01").has_value());
    CHECK_FALSE(Date::parse("2025-04-31").has_value());
    CHECK_FALSE(Date::parse("2025-4-30").has_value());
    CHECK_FALSE(Date::parse("２０２５-04-30").has_value());
    CHECK(Date::parse("1900-02-28")->iso() == "1900-02-28");
    CHECK_FALSE(Date::parse("1900-02-29").has_value());
    CHECK(Date::parse("2000-02-29").has_value());
}
