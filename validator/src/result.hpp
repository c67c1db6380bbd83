#pragma once
// The last steps of every result, wherever its findings came from (the check, a signature verdict, a registry).
#include "cxjf/check.hpp"

namespace cxjf {

// The counts of errors, warnings and explained warnings, and the status they make (an unreadable file stays so).
void count_findings(CheckResult& r);

// The findings in the reading order of the paper form (section, then pointer, then rule), then counted.
void finish_result(CheckResult& r);

}  // namespace cxjf
