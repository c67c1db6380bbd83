#pragma once
// Helpers of display_text() and file_name_text() (cxjf/report.hpp) that the JSON report needs too.
#include <string>
#include <string_view>

namespace cxjf {

bool is_utf8(std::string_view s);
std::string hex_text(std::string_view bytes);  // lowercase, two digits per byte

}  // namespace cxjf
