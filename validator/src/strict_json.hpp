#pragma once
// Strict (I-JSON, RFC 7493) reading of untrusted bytes into a nlohmann::json value.
// Refuses what two JSON readers could interpret differently or what could exhaust resources:
// a BOM, invalid UTF-8, lone surrogate escapes, duplicate object keys, NaN/Infinity, integers
// outside ±(2^53-1), numbers that overflow a double, nesting deeper than the limit, trailing bytes.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"
#include "cxjf/finding.hpp"
#include "deadline.hpp"

namespace cxjf {

struct StrictRead {
    nlohmann::json value;
    std::optional<Finding> error;  // set when the bytes are not acceptable JSON; value is then null
};

// With a deadline, the clock is looked at once per MiB of input and TimeUp thrown when the cap has passed.
StrictRead read_strict_json(std::string_view bytes, const Limits& limits, const Deadline* deadline = nullptr);

}  // namespace cxjf
