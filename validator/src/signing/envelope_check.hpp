#pragma once
// Reading and verifying a cxjf.envelope/1 inside Engine::check.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"

namespace cxjf {

struct EnvelopeParts {
    const nlohmann::json* filing = nullptr;  // null when the envelope has no usable filing
    const nlohmann::json* check = nullptr;
    const nlohmann::json* signature = nullptr;
    std::string signedBytes;                 // set when the signature block is complete
};

// Structure of the envelope (E-ENVELOPE findings); the filing to check.
EnvelopeParts read_envelope(const nlohmann::json& document, std::vector<Finding>& findings);

// The signature block: algorithm, encodings, key ID (E-SIGNATURE findings), and what the claimed check says. Leaves
// result.signatureInfo "unverified" when all is well formed; complete_signature (cxjf/envelope.hpp) judges it.
void read_signature(const EnvelopeParts& parts, const CheckOptions& options, CheckResult& result);

// The "check" block this engine would write for `result`.
nlohmann::json check_block(const Engine& engine, const CheckResult& result, const std::string& checkedAt);

}  // namespace cxjf
