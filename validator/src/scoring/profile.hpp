#pragma once
// A scoring profile (cxjf.profile/1) parsed into typed structures, and its loader.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cxjf/score.hpp"
#include "rational.hpp"

namespace cxjf::scoring {

// A reference to one filing value: latest.X, previous.X, sum3.X (annual), or ip.X / enterprise.X / … .
struct FieldRef {
    enum class Scope { latest, previous, sum3, section } scope = Scope::latest;
    std::string section;  // for Scope::section: "ip", "enterprise", "qualifications", "financing"
    std::string name;
    std::string text;     // as written
    bool absentIsZero = false;  // an optional count added to the filing later: files without it read 0
};

struct Match {  // a `where` clause of a count: allowed strings, or an integer range
    std::vector<std::string> values;
    std::optional<std::int64_t> min, max;
};

struct Measure {
    enum class Kind { field, sum, difference, ratio, growth, count, flag, enumValue, highTechValid, ageYears, ageDays } kind;
    std::string name, unit;
    Text2 title;
    std::vector<FieldRef> fields;           // field, sum, difference (a - b), flag, enumValue, growth (latest.X),
                                            // count of years (each field a year, counted when present and in time)
    std::shared_ptr<const Measure> num, den;  // ratio
    std::string list;                       // count: "qualifications.awards"; empty when it counts `fields` as years
    std::map<std::string, Match> where;
    int withinYears = 0;
    std::map<std::string, std::int64_t> enumValues;
    int validYears = 0;                     // highTechValid
};

// A band's range: min (≥), above (>) are lower bounds, max (≤), below (<) upper bounds, any matches every value.
// 民法典 第一千二百五十九条: "以上/以下" include the number (min, max), "超过/不满" do not (above, below).
struct Band {
    // In this order (the loader relies on it): the lower bounds, then the upper ones; inclusive before exclusive.
    enum class Kind { min, above, max, below, any } kind = Kind::any;
    Rational threshold;
    std::string thresholdText;
    bool share = false;  // points are a share of the indicator's max
    Rational points;
};

struct Option {
    std::shared_ptr<const Measure> measure;
    Text2 title;
    std::vector<Band> bands;
};

struct Indicator {
    std::string id, category;
    Text2 title;
    bool bonus = false;
    Rational max;                               // when not per stage
    std::map<std::string, Rational> maxByStage;
    std::vector<Option> options;                // one, or several for "best"
};

struct Category {
    std::string id;
    Text2 title;
    std::optional<Rational> min, cap;
};

struct Condition {
    enum class Kind { compare, tiered, indicator, all, any } kind = Kind::compare;
    std::string id;
    Text2 title;
    std::shared_ptr<const Measure> measure;
    std::string op;  // "min" (≥), "max" (≤), "below" (<), "above" (>)
    Rational threshold;
    std::string thresholdText;
    std::shared_ptr<const Measure> tierMeasure;
    struct Tier {
        std::optional<Rational> upTo;
        std::string upToText;
        Rational min;
        std::string minText;
    };
    std::vector<Tier> tiers;
    std::string indicator;
    Rational minPoints;
    std::vector<Condition> children;
};

struct Stage {
    std::string id;
    Text2 title;
    std::optional<int> maxAgeYears;
};

struct Profile {
    std::string id, kind;
    Text2 title, basis;
    std::optional<Text2> label;
    std::vector<Stage> stages;
    std::map<std::string, std::shared_ptr<const Measure>> measures;
    std::vector<Indicator> indicators;  // base and bonus, in file order (bonus ones flagged)
    std::vector<Category> categories;
    std::optional<Rational> bonusCap;
    std::vector<Condition> conditions;
    std::vector<Condition> require, scoreAlso, routes;
    std::optional<Rational> minScore;
    bool categoryMinimums = false;
    bool hasByScore = false;
};

// The unit of a filing value: "yuan" for money, "persons" for staff counts, "count" otherwise.
std::string field_unit(const FieldRef& f);

// What the profile is, for columns and titles (Engine::profiles()).
ProfileInfo profile_info(const Profile& p);

// Parses and checks a profile; `where` names the file in messages. Throws std::runtime_error
// ("profiles/x.json: /indicators/2/bands/1: …") on any problem, after the JSON Schema check.
Profile load_profile(const nlohmann::json& document, const std::string& where);

}  // namespace cxjf::scoring
