#pragma once
// RFC 8785 JSON Canonicalization Scheme: the exact bytes that are signed.
// Members sorted by the UTF-16 code units of their names, no whitespace, strings escaped minimally, numbers in
// ECMAScript Number.prototype.toString form (nlohmann's dump differs on both ordering and number text).
#include <string>

#include <nlohmann/json.hpp>

namespace cxjf {

// Throws std::invalid_argument for a number that has no JSON form (NaN, infinity).
std::string jcs_canonicalize(const nlohmann::json& value);

// The canonical text of {"format","filing","check","signedAt","keyId","alg"} without copying the filing.
std::string jcs_signed_object(const nlohmann::json& format, const nlohmann::json& filing, const nlohmann::json& check,
                              const nlohmann::json& signedAt, const nlohmann::json& keyId, const nlohmann::json& alg);

// JSON text of a value: members in the value's own (map) order, strings escaped as RFC 8785 does, numbers in
// ECMAScript form; compact, or indented by `indent` spaces per level. (nlohmann's dump is not linked into the
// browser's engine: this writer is smaller and shared with the canonicalizer.)
std::string json_text(const nlohmann::json& value, int indent = -1);

// The ECMAScript text of a double: 1e+21, 1e-7, 0.000001, 123456789012345680000, -0 → "0".
std::string ecmascript_number(double value);

}  // namespace cxjf
