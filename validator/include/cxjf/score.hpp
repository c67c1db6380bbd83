#pragma once
// Pre-scores: the result of evaluating one scoring profile (forms/<year>/profiles/*.json) on a filing.
// Numbers that can be fractional (points of the estimate, ratios) are exact fractions, given here both as a
// display text and as a double for sorting and JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cxjf {

struct Text2 {
    std::string zh, en;
};

// What to change to reach the next band: `field` (a JSON Pointer into the filing) by `delta` in `unit`.
struct Hint {
    std::string field;
    std::int64_t delta = 0;  // yuan, persons or items; negative when the figure must go down
    std::string unit;        // "yuan" | "count" | "persons"
    double pointsGain = 0;
    std::string target;      // the threshold of the next band, as written in the profile ("6%")
};

struct IndicatorScore {
    std::string id;
    Text2 title;
    std::string category;
    bool bonus = false;
    bool applicable = true;   // false when the measure cannot be computed (e.g. revenue 0 for R&D/revenue)
    std::string measure;      // the measure that gave the points (for "better of" indicators)
    std::string unit;         // "percent" | "count" | "yuan" | "persons" | "flag" | "years" | "level"
    std::string valueText;    // "8.03%", "12", "¥824,000", "1" / "0" for flags
    double value = 0;
    std::string band;         // "≥6%", "<55%", "—" when no band applies
    double points = 0, max = 0;
    std::optional<Hint> hint;
};

struct CategoryScore {
    std::string id;
    Text2 title;
    double points = 0, max = 0, min = 0;
    bool metMinimum = true;
};

struct ConditionResult {
    std::string id;
    Text2 title;
    bool applicable = true;
    bool passed = false;
    std::string unit;
    std::string valueText;      // the measured value
    std::string thresholdText;  // "≥ 5%", "≤ 500"
};

struct ProfileScore {
    std::string id;
    Text2 title;
    std::string kind;            // "points" | "conditions"
    std::optional<Text2> label;  // e.g. 非官方估算 / unofficial estimate: every output shows it
    std::string stage;           // "startup" | "growth" | "mature" when the profile uses stages
    Text2 stageTitle;
    double score = 0, max = 0;   // points: base score; conditions: conditions met of all
    double bonus = 0, bonusMax = 0;
    bool hasEligibility = false; // false for profiles without an eligibility notion (the estimate)
    bool eligible = false;
    std::string eligibleBy;      // "score", "route:<id>", or "" when not eligible
    std::vector<IndicatorScore> indicators;
    std::vector<CategoryScore> categories;
    std::vector<ConditionResult> conditions;  // kind "conditions"; and the eligibility requirements
    std::vector<ConditionResult> routes;      // direct routes, each passed or not
};

// A filing's place among its peers in a batch.
struct PeerInput {
    std::string section;  // industry section letter
    std::string stage;
    double score = 0;
};
struct PeerRank {
    std::string group;        // "I/growth"
    std::size_t groupSize = 0, overallSize = 0;
    double percentile = 0;         // among the group, 0-100: share of peers scoring below, ties count half
    double overallPercentile = 0;  // among all inputs
};
std::vector<PeerRank> peer_percentiles(const std::vector<PeerInput>& inputs);

}  // namespace cxjf
