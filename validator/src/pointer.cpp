#include "pointer.hpp"

namespace cxjf {

std::string pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string unescape_token(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) {
            out += token[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

std::vector<std::string> split_pointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    std::size_t pos = 0;
    while (pos < pointer.size()) {
        const std::size_t next = pointer.find('/', pos + 1);
        const std::size_t end = next == std::string_view::npos ? pointer.size() : next;
        tokens.push_back(unescape_token(pointer.substr(pos + 1, end - pos - 1)));
        pos = end;
    }
    return tokens;
}

}  // namespace cxjf
