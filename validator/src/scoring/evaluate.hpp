#pragma once
// Evaluating a profile on a filing.
#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"
#include "cxjf/score.hpp"
#include "profile.hpp"

namespace cxjf::scoring {

// Never throws for any filing: values that cannot be read make the measure "not applicable".
// With detail false, only the numbers are filled in (no titles, value and band texts, hints, conditions or routes).
ProfileScore evaluate(const Profile& profile, const nlohmann::json& filing, const Date& referenceDate, bool detail = true);

}  // namespace cxjf::scoring
