#pragma once
// SHA-256 (FIPS 180-4), for key IDs and receipt digests in every build (native and wasm) without a crypto library.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cxjf {

std::array<std::uint8_t, 32> sha256(std::string_view data);           // OpenSSL's in native builds
std::array<std::uint8_t, 32> sha256_portable(std::string_view data);  // the wasm build's, in every build
std::string sha256_hex(std::string_view data);  // lower-case, 64 characters

}  // namespace cxjf
