#pragma once
// JSON Pointer (RFC 6901) tokens: escaping, unescaping and splitting.
#include <string>
#include <string_view>
#include <vector>

namespace cxjf {

std::string pointer_token(std::string_view key);          // "a/b~c" → "a~1b~0c"
std::string unescape_token(std::string_view token);       // "a~1b~0c" → "a/b~c"
std::vector<std::string> split_pointer(std::string_view pointer);  // "/a/0/b~1c" → {"a", "0", "b/c"}

}  // namespace cxjf
