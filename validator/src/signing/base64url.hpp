#pragma once
// base64url without padding (RFC 4648 §5), strict on decode: only the URL-safe alphabet, no padding, no
// whitespace, and no stray bits in the last character — so one byte string has exactly one text.
#include <optional>
#include <string>
#include <string_view>

namespace cxjf {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace cxjf
