// Reads IEEE-754 doubles as 16 hex digits per line on stdin and prints their RFC 8785 / ECMAScript text, one per
// line: the native side of tests/js/jcs-numbers.test.mjs, which compares with Node's own Number → string.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "signing/jcs.hpp"

int main() {
    std::ios::sync_with_stdio(false);
    std::string line, out;
    while (std::getline(std::cin, line)) {
        const std::uint64_t bits = std::stoull(line, nullptr, 16);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        out += cxjf::ecmascript_number(value);
        out += '\n';
        if (out.size() > (1 << 20)) {
            std::cout << out;
            out.clear();
        }
    }
    std::cout << out;
    return 0;
}
