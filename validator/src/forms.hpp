#pragma once
// CXJF_WITHOUT_SHEET (the enterprise page's engine, CMakeLists.txt): no batch-upload sheet, neither its forms nor
// its code; check() then leaves CheckResult::sheet empty whatever CheckOptions::sheet says.
#ifndef CXJF_WITHOUT_SHEET
#define CXJF_WITHOUT_SHEET 0
#endif
// Everything the engine reads from forms/<year>/: the schema, the rule catalogue and its parameters,
// messages, labels and code tables. Loaded once, immutable afterwards.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"
#include "schema_stage.hpp"
#include "sheet.hpp"
#include "scoring/profile.hpp"

namespace cxjf {

struct RuleInfo {
    Severity severity = Severity::error;
    std::map<std::string, Severity> variantSeverity;
    std::vector<std::string> supersedes;  // schema rule IDs this rule replaces at the same path
};

struct ScaleCategory {
    std::string id, nameZh;
    std::vector<std::string> match;                 // "B", "F51", "K7010", or "*"
    std::map<std::string, std::int64_t> tiers[3];   // large, medium, small: indicator (X/Y/Z) → lower bound
};

// The names of the form files, in load order.
const std::vector<std::string>& form_file_names();

struct Engine::Data {
    std::map<std::string, std::string> texts;  // file name → text as loaded
    std::string ruleset;
    int filingYear = 0;
    std::shared_ptr<const SchemaStage> schema;
    std::shared_ptr<const SchemaStage> profileSchema;
    std::vector<scoring::Profile> profiles;  // in the order of form_file_names()
    std::unordered_map<std::string, RuleInfo> rules;
    nlohmann::json ruleParams;
    nlohmann::json messages[2];  // zh, en
    nlohmann::json labels[2];
    std::unordered_map<std::string, std::string> provinces;  // "33" → 浙江省
    std::unordered_set<std::string> counties;                // "330106"
    std::unordered_map<std::string, std::string> classSection;  // "6513" → "I"
    std::unordered_set<std::string> bankIds;
    std::vector<ScaleCategory> scaleCategories;
    // For the batch-upload sheet: names by code and the sheet's columns.
    std::unordered_map<std::string, std::string> regionNames;    // every level: "340000", "340100", "340176"
    std::unordered_map<std::string, std::string> industryNames;  // class: "3491"
    std::map<std::string, Text2> bankNames;
    Sheet sheet;

    Severity severity_of(const std::string& rule, const std::string& variant) const;
    const nlohmann::json& param(const std::string& rule, const std::string& key) const;
};

// (Re)builds the sheet's columns from sheet.json for the engine's current profiles.
void build_sheet(Engine::Data& d, const nlohmann::json& spec);

// Builds the engine data from form texts; throws std::runtime_error naming the file and the problem.
std::shared_ptr<const Engine::Data> load_forms(std::map<std::string, std::string> texts);

// Checks a profile text against profile.schema.json and the profile rules; throws std::runtime_error
// "<where>: <pointer>: <problem>" on the first problems found.
scoring::Profile parse_profile(const Engine::Data& data, const std::string& text, const std::string& where);

// The rule IDs the C++ code can emit; every one must be in rules.json with messages in both languages.
const std::vector<std::string>& emitted_rule_ids();

}  // namespace cxjf
