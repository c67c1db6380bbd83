#pragma once
// A result carried between two engines of one program: from a page's worker, which checked the file, to the page's
// batch (cxjf/batch.hpp). Not a report (result_json is): it keeps what a report renders away — each finding's
// typed parameters and variant, the signature's details, the profiles' summary scores, the sheet row's cells — so
// that the receiving engine renders, counts and orders exactly as the checking one would.
#include <string>
#include <string_view>

#include "cxjf/check.hpp"

namespace cxjf {

// JSON text ({"cxjf.result":1, …}).
std::string result_transport(const CheckResult& result);

// The result again; throws std::runtime_error when the text is not a transport this engine writes.
CheckResult read_result_transport(std::string_view text);

}  // namespace cxjf
