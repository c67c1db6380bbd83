#pragma once
// Check characters of Chinese identification codes.
#include <optional>
#include <string_view>

namespace cxjf {

// GB 32100-2015 统一社会信用代码: the 18th character computed from the first 17, or nullopt when a character
// is outside the 31-character set (0-9, A-Z without I O S V Z).
std::optional<char> uscc_check_char(std::string_view first17);
bool uscc_valid(std::string_view uscc);
bool uscc_char_allowed(char c);

// GB 11714 组织机构代码 (characters 9-17 of a USCC): the 9th character computed from the first 8.
std::optional<char> org_code_check_char(std::string_view first8);
bool org_code_valid(std::string_view code9);

}  // namespace cxjf
