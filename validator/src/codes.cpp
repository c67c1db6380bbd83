#include "codes.hpp"

namespace cxjf {

namespace {
constexpr std::string_view kUsccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int uscc_value(char c) {
    const auto pos = kUsccChars.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

int org_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<char> uscc_check_char(std::string_view first17) {
    if (first17.size() != 17) return std::nullopt;
    int weight = 1, sum = 0;
    for (char c : first17) {
        const int v = uscc_value(c);
        if (v < 0) return std::nullopt;
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    const int check = (31 - sum % 31) % 31;
    return kUsccChars[static_cast<std::size_t>(check)];
}

bool uscc_char_allowed(char c) { return uscc_value(c) >= 0; }

bool uscc_valid(std::string_view uscc) {
    if (uscc.size() != 18) return false;
    const auto expected = uscc_check_char(uscc.substr(0, 17));
    return expected && *expected == uscc[17];
}

std::optional<char> org_code_check_char(std::string_view first8) {
    static const int weights[] = {3, 7, 9, 10, 5, 8, 4, 2};
    if (first8.size() != 8) return std::nullopt;
    int sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        const int v = org_value(first8[i]);
        if (v < 0) return std::nullopt;
        sum += v * weights[i];
    }
    const int check = 11 - sum % 11;
    if (check == 10) return 'X';
    if (check == 11) return '0';
    return static_cast<char>('0' + check);
}

bool org_code_valid(std::string_view code9) {
    if (code9.size() != 9) return false;
    const auto expected = org_code_check_char(code9.substr(0, 8));
    return expected && *expected == code9[8];
}

}  // namespace cxjf
