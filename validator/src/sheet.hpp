#pragma once
// Loading forms/<year>/sheet.json and filling one row of the batch-upload sheet from a checked filing.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"
#include "cxjf/sheet.hpp"

namespace cxjf {

struct SheetSource {
    enum class Kind { pointer, annual, computed } kind = Kind::pointer;
    std::vector<std::string> path;  // pointer: the value's place; annual: {field}
    int year = 0;                   // annual: the fiscal year
    std::string computed;           // regionName, industryName, scaleDerived, score, eligible, stage, status, …
    std::size_t profile = 0;        // score / eligible: index into the engine's profiles
    bool wan = false, count = false;
    std::string labels, list;       // label table name; "banks" for a list of bank ids
};

struct Sheet {
    std::vector<SheetColumn> columns;
    std::vector<SheetSource> sources;                               // one per column
    std::map<std::string, std::map<std::string, Text2>> labels;     // table → value → label
};

// Throws std::runtime_error naming the problem (forms loading turns it into "sheet.json: …").
// {profile} columns repeat per profile, headed by its title and its label ("创新积分预估（2.0 结构）（非官方估算）");
// "bonus" columns only for the profiles that have bonus points.
Sheet load_sheet(const nlohmann::json& spec, int filingYear, const std::vector<ProfileInfo>& profiles);

std::vector<std::string> sheet_row(const Engine::Data& data, const nlohmann::json& filing, const CheckResult& result,
                                   Lang lang);

}  // namespace cxjf
