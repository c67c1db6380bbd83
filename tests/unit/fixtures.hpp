#pragma once
// A complete, clean filing (no finding at all on the check date 2025-06-30) that tests change one field at a time.
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "cxjf/check.hpp"

namespace fixtures {

using nlohmann::json;

inline const cxjf::Date kCheckDate{2025, 6, 30};

inline json annual_year(int year, long long revenue, int employees) {
    return {{"year", year},
            {"revenue", revenue},
            {"mainBusinessRevenue", revenue - 1000000},
            {"highTechRevenue", revenue * 8 / 10},
            {"totalCostExpense", revenue * 85 / 100},
            {"rdExpense", revenue * 8 / 100},
            {"rdExpenseDomestic", revenue * 8 / 100},
            {"netProfit", revenue * 6 / 100},
            {"taxPaid", revenue * 3 / 100},
            {"totalAssets", revenue * 15 / 10},
            {"totalLiabilities", revenue * 6 / 10},
            {"techContractTurnover", 600000},
            {"equityFinancing", 0},
            {"employees", employees},
            {"techStaff", employees * 45 / 100},
            {"rdStaff", employees * 35 / 100},
            {"masters", 12},
            {"doctors", 2},
            {"freshGraduates", 8}};
}

inline json clean_filing() {
    return {
        {"schemaVersion", "cxjf.filing/2025.1"},
        {"filingYear", 2025},
        {"enterprise",
         {{"name", "福州示例信息技术有限公司"},
          {"uscc", "91350100M000100Y43"},
          {"regionCode", "350102"},
          {"address", "福建省福州市鼓楼区软件大道 89 号"},
          {"establishedOn", "2015-05-20"},
          {"registeredCapital", 10000000},
          {"industryCode", "I6513"},
          {"scale", "medium"},
          {"listing", "unlisted"},
          {"highTechZone", "福州高新技术产业开发区"},
          {"strategicEmergingIndustry", true},
          {"contact", {{"name", "陈晓"}, {"mobile", "13905910000"}, {"email", "chenxiao@example.com"}}}}},
        {"qualifications",
         {{"highTechEnterprise", {{"certificateNo", "GR202335001234"}, {"issuedOn", "2023-11-30"}}},
          {"techSme", {{"registrationNo", "2025350102A0001234"}, {"year", 2025}}},
          {"smeTier", "innovative"},
          {"rdInstitutions", json::array({{{"level", "provincial"}, {"kind", "engineering_center"},
                                           {"name", "福建省工业软件工程研究中心"}, {"approvedOn", "2022-08-01"}}})},
          {"awards", json::array({{{"level", "provincial"}, {"name", "福建省科学技术进步奖"}, {"year", 2023}, {"rank", 2}}})},
          {"standards", json::array({{{"level", "industry"}, {"role", "lead"}, {"code", "SJ/T 11999-2024"}, {"year", 2024}}})},
          {"projects", json::array({{{"level", "provincial"}, {"name", "工业互联网平台关键技术研究"}, {"year", 2023},
                                     {"funding", 500000}}})}}},
        {"annual", json::array({annual_year(2022, 30000000, 100), annual_year(2023, 35000000, 110),
                                annual_year(2024, 42000000, 120)})},
        {"ip",
         {{"inventionPatents", 8}, {"inventionPatentsHighValue", 3}, {"inventionPatentsAcquired", 1},
          {"utilityModels", 12}, {"designs", 2}, {"softwareCopyrights", 30}, {"icLayouts", 0},
          {"plantVarieties", 0}, {"newDrugs", 0}, {"pctApplications", 1}}},
        {"financing",
         {{"needsLoan", true},
          {"loan", {{"amount", 10000000}, {"termMonths", 36}, {"purpose", "工业软件平台研发与市场推广"},
                    {"guarantee", "ip_pledge"}, {"preferredBanks", json::array({"icbc", "cmb"})}}},
          {"needsEquity", false}}},
        {"declaration", {{"truthful", true}, {"signatory", "林国栋"}, {"date", "2025-06-20"}}}};
}

inline cxjf::CheckResult check(const json& filing, cxjf::Date checkDate = kCheckDate) {
    cxjf::CheckOptions options;
    options.checkDate = checkDate;
    return cxjf::Engine::builtin().check(filing.dump(), options);
}

inline cxjf::CheckResult check_text(const std::string& text) {
    cxjf::CheckOptions options;
    options.checkDate = kCheckDate;
    return cxjf::Engine::builtin().check(text, options);
}

inline int count(const cxjf::CheckResult& r, const std::string& rule) {
    return static_cast<int>(std::count_if(r.findings.begin(), r.findings.end(),
                                          [&](const cxjf::Finding& f) { return f.rule == rule; }));
}

inline const cxjf::Finding* find(const cxjf::CheckResult& r, const std::string& rule, const std::string& path) {
    for (const auto& f : r.findings)
        if (f.rule == rule && f.path == path) return &f;
    return nullptr;
}

inline std::string param(const cxjf::Finding& f, const std::string& key) {
    for (const auto& p : f.params)
        if (p.key == key) return p.kind == cxjf::Param::Kind::text || p.kind == cxjf::Param::Kind::term ? p.text : std::to_string(p.number);
    return "<missing>";
}

inline std::string describe(const cxjf::CheckResult& r) {
    std::string s;
    for (const auto& f : r.findings) s += f.rule + (f.variant.empty() ? "" : "." + f.variant) + " " + f.path + "; ";
    return s.empty() ? "(no findings)" : s;
}

}  // namespace fixtures

// Asserts a finding of `rule_` at `path_` with severity `severity_`, and returns a copy of it.
#define REQUIRE_FINDING(result_, rule_, severity_, path_)                                                \
    [&]() -> cxjf::Finding {                                                                             \
        const cxjf::CheckResult& r_ = (result_);                                                         \
        INFO("findings: " << fixtures::describe(r_));                                                    \
        const cxjf::Finding* f_ = fixtures::find(r_, rule_, path_);                                      \
        REQUIRE(f_ != nullptr);                                                                          \
        CHECK(f_->severity == severity_);                                                                \
        return *f_;                                                                                      \
    }()
