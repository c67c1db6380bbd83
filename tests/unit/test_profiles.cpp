// Hand-computed tests of the three PUBLISHED pre-scoring methods (forms/2025/profiles/{tech-sme,high-tech,
// innovative-sme}.json), written from the published rules (docs: domain-research.md §5.5-5.7), not from engine
// output. Every expected number below is a literal with its hand computation in a comment.
//
// Shared conventions (profile notes): latest fiscal year = annual[2] (2024); reference date = declaration.date
// (2025-06-20 in the fixture) else the check date (2025-06-30); "last five years" = 2021-2025, "last three
// years" = 2023-2025; a 高企 certificate is valid from issuedOn to issuedOn + 3 years inclusive; a ratio with a
// zero denominator is not applicable (indicator 0 / condition fails); growth from a previous value ≤ 0 is not
// applicable.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using fixtures::json;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

json& latest(json& f) { return f["annual"][2]; }
json& previous(json& f) { return f["annual"][1]; }

json no_ip() {
    return {{"inventionPatents", 0}, {"inventionPatentsHighValue", 0}, {"inventionPatentsAcquired", 0},
            {"utilityModels", 0},    {"designs", 0},                   {"softwareCopyrights", 0},
            {"icLayouts", 0},        {"plantVarieties", 0},            {"newDrugs", 0},
            {"pctApplications", 0}};
}

// A fiscal year with every figure 0 (for years ending before the company was founded).
json zero_year(int year) {
    json y = fixtures::annual_year(year, 0, 0);
    for (auto it = y.begin(); it != y.end(); ++it)
        if (it.key() != "year") *it = 0;
    return y;
}

// A fiscal year with revenue 0 (so main business and high-tech revenue 0 too) and the given staff.
json no_revenue_year(int year, int employees) {
    json y = fixtures::annual_year(year, 0, employees);
    y["mainBusinessRevenue"] = 0;
    return y;
}

void set_rd(json& y, long long rd) {
    y["rdExpense"] = rd;
    y["rdExpenseDomestic"] = rd;
}

// Staff of a year; the sub-counts are kept ≤ employees so the filing stays free of R-STAFF-SUBSET.
void set_staff(json& y, int employees, int techStaff) {
    y["employees"] = employees;
    y["techStaff"] = techStaff;
    y["rdStaff"] = techStaff;
    y["masters"] = 0;
    y["doctors"] = 0;
    y["freshGraduates"] = 0;
}

void no_qualifications(json& f) {
    auto& q = f["qualifications"];
    q["highTechEnterprise"] = nullptr;
    q["rdInstitutions"] = json::array();
    q["awards"] = json::array();
    q["standards"] = json::array();
}

json hte(const std::string& issuedOn) {  // certificate number year = issuedOn year, province 35 = regionCode 350102
    return {{"certificateNo", "GR" + issuedOn.substr(0, 4) + "35001234"}, {"issuedOn", issuedOn}};
}

// Scores one profile of a filing; also asserts the filing itself has no error, so fixtures stay consistent.
cxjf::ProfileScore score(const json& filing, const std::string& id) {
    const cxjf::CheckResult r = fixtures::check(filing);
    INFO("findings: " << fixtures::describe(r));
    CHECK(r.errors == 0);
    for (const auto& s : r.scores)
        if (s.id == id) return s;
    FAIL("no profile " << id);
    return {};
}

const cxjf::IndicatorScore& ind(const cxjf::ProfileScore& s, const std::string& id) {
    for (const auto& i : s.indicators)
        if (i.id == id) return i;
    throw std::runtime_error("no indicator " + id);
}
const cxjf::CategoryScore& cat(const cxjf::ProfileScore& s, const std::string& id) {
    for (const auto& c : s.categories)
        if (c.id == id) return c;
    throw std::runtime_error("no category " + id);
}
const cxjf::ConditionResult& cond(const cxjf::ProfileScore& s, const std::string& id) {
    for (const auto& c : s.conditions)
        if (c.id == id) return c;
    throw std::runtime_error("no condition " + id);
}
const cxjf::ConditionResult& route(const cxjf::ProfileScore& s, const std::string& id) {
    for (const auto& c : s.routes)
        if (c.id == id) return c;
    throw std::runtime_error("no route " + id);
}

// ---------------------------------------------------------------------------------------------------------------
// 科技型中小企业 base: latest year 2024 = revenue 10,000,000, totalCostExpense 8,500,000, 100 employees;
// techStaff 30 (30% → 20), rdExpense 600,000 (A 6.00% → 50; B 600,000/8,500,000 = 7.06% → 0),
// one invention patent (class I → 30): score 100. No direct route.
json tech_base() {
    json f = fixtures::clean_filing();
    no_qualifications(f);
    f["annual"] = json::array({fixtures::annual_year(2022, 8000000, 90), fixtures::annual_year(2023, 9000000, 95),
                               fixtures::annual_year(2024, 10000000, 100)});
    json& y = latest(f);
    y["techStaff"] = 30;
    set_rd(y, 600000);
    f["ip"] = no_ip();
    f["ip"]["inventionPatents"] = 1;
    return f;
}

// A low-scoring 科技型中小企业 for the direct routes: techStaff 10/100 = 10% → 4, rd 0 → 0, no IP → 0: score 4.
json tech_low() {
    json f = tech_base();
    latest(f)["techStaff"] = 10;
    set_rd(latest(f), 0);
    f["ip"] = no_ip();
    return f;
}

// 创新型中小企业 base: 2023 main business revenue 8,000,000 (revenue 9,000,000); 2024 revenue 10,000,000,
// main 9,200,000 (growth 1,200,000/8,000,000 = 15.00% → 20; share 92% → 20), rd 500,000 (5.00% → 20),
// assets 10,000,000 / liabilities 4,000,000 (40% → 10), strategic emerging industry (→ 10),
// 3 high-value invention patents (→ 20): score 100, categories 40 / 30 / 30. No direct route.
json inno_base() {
    json f = fixtures::clean_filing();
    no_qualifications(f);
    f["annual"] = json::array({fixtures::annual_year(2022, 8000000, 90), fixtures::annual_year(2023, 9000000, 100),
                               fixtures::annual_year(2024, 10000000, 100)});
    json& y = latest(f);
    y["mainBusinessRevenue"] = 9200000;
    set_rd(y, 500000);
    y["totalAssets"] = 10000000;
    y["totalLiabilities"] = 4000000;
    return f;
}

// A low-scoring 创新型中小企业 for the direct routes: no IP 0, rd 0 → 0, main 7,600,000 vs 8,000,000 = -5% → 0,
// debt 8,000,000/10,000,000 = 80% → 0, not strategic → 5, share 76% → 20: score 25.
json inno_low() {
    json f = inno_base();
    f["ip"] = no_ip();
    json& y = latest(f);
    set_rd(y, 0);
    y["mainBusinessRevenue"] = 7600000;
    y["totalLiabilities"] = 8000000;
    f["enterprise"]["strategicEmergingIndustry"] = false;
    return f;
}

// 高新技术企业: three years with the given revenue and R&D (domestic = R&D), other figures from the fixture.
json ht_years(long long r22, long long r23, long long r24, long long rd22, long long rd23, long long rd24) {
    json f = fixtures::clean_filing();
    f["annual"] = json::array({fixtures::annual_year(2022, r22, 100), fixtures::annual_year(2023, r23, 100),
                               fixtures::annual_year(2024, r24, 100)});
    set_rd(f["annual"][0], rd22);
    set_rd(f["annual"][1], rd23);
    set_rd(f["annual"][2], rd24);
    return f;
}

}  // namespace

// ===============================================================================================================
// 科技型中小企业 (tech-sme)

TEST_CASE("profile tech-sme: base filing scores 100 and is eligible by score") {
    const auto s = score(tech_base(), "tech-sme");
    CHECK(s.score == 100);  // 20 + 50 + 30
    CHECK(s.max == 100);
    CHECK(s.eligible);
    CHECK(s.eligibleBy == "score");
    CHECK(ind(s, "tech-staff").points == 20);
    CHECK(ind(s, "tech-staff").valueText == "30.00%");  // 30/100
    CHECK(ind(s, "rd-intensity").points == 50);
    CHECK(ind(s, "rd-intensity").measure == "rdByRevenue");
    CHECK(ind(s, "rd-intensity").valueText == "6.00%");  // 600,000/10,000,000
    CHECK(ind(s, "achievements").points == 30);
    CHECK(cond(s, "employees").passed);
    CHECK(cond(s, "revenue").passed);
    CHECK(cond(s, "assets").passed);
    CHECK(cond(s, "tech-staff-points").passed);
    for (const auto& r : s.routes) CHECK_FALSE(r.passed);
}

TEST_CASE("profile tech-sme: 科技人员 band edges") {
    struct Row { int employees, techStaff; double points; };
    const std::vector<Row> rows = {
        {100, 100, 20},  // 100/100 = 100% → ≥30% → 20
        {100, 30, 20},   // 30/100 = 30.00% → ≥30% → 20
        {100, 29, 16},   // 29/100 = 29% → 25–30% → 16
        {100, 25, 16},   // 25/100 = 25.00% → ≥25% → 16
        {100, 24, 12},   // 24% → 20–25% → 12
        {100, 20, 12},   // 20.00% → ≥20% → 12
        {100, 19, 8},    // 19% → 15–20% → 8
        {100, 15, 8},    // 15.00% → ≥15% → 8
        {100, 14, 4},    // 14% → 10–15% → 4
        {100, 10, 4},    // 10.00% → ≥10% → 4
        {100, 9, 0},     // 9% → <10% → 0
        {20, 6, 20},     // 6/20 = 30.00% → 20
        {20, 5, 16},     // 5/20 = 25.00% → 16
        {13, 4, 20},     // 4/13 = 30.77% → 20
        {13, 3, 12},     // 3/13 = 23.08% → 12
    };
    for (const auto& row : rows) {
        CAPTURE(row.employees);
        CAPTURE(row.techStaff);
        json f = tech_base();
        set_staff(latest(f), row.employees, row.techStaff);
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "tech-staff").points == row.points);
        CHECK(s.score == row.points + 80);  // + rd 50 + achievements 30
        // score ≥ 84 ≥ 60 always; eligible iff 科技人员 points > 0
        CHECK(s.eligible == (row.points > 0));
        CHECK(cond(s, "tech-staff-points").passed == (row.points > 0));
    }
}

TEST_CASE("profile tech-sme: R&D option A (R&D / revenue) band edges") {
    // revenue 10,000,000; totalCostExpense 8,500,000 keeps option B < 10% (≤ 600,000/8,500,000 = 7.06%) → 0.
    struct Row { long long rd; double points; };
    const std::vector<Row> rows = {
        {600000, 50},  // 6.00% → ≥6% → 50
        {599999, 40},  // 5.99999% → 5–6% → 40
        {500000, 40},  // 5.00% → 40
        {499999, 30},  // 4.99999% → 4–5% → 30
        {400000, 30},  // 4.00% → 30
        {399999, 20},  // 3.99999% → 3–4% → 20
        {300000, 20},  // 3.00% → 20
        {299999, 10},  // 2.99999% → 2–3% → 10
        {200000, 10},  // 2.00% → 10
        {199999, 0},   // 1.99999% → <2% → 0 (B 2.35% → 0)
    };
    for (const auto& row : rows) {
        CAPTURE(row.rd);
        json f = tech_base();
        set_rd(latest(f), row.rd);
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == row.points);
        if (row.points > 0) CHECK(ind(s, "rd-intensity").measure == "rdByRevenue");
        CHECK(s.score == row.points + 50);  // staff 20 + achievements 30
        CHECK(s.eligible == (row.points + 50 >= 60));  // rd 10 → exactly 60 → eligible; rd 0 → 50 → not
    }
}

TEST_CASE("profile tech-sme: R&D option B (R&D / total cost) band edges") {
    // revenue 80,000,000 keeps option A < 2% (≤ 1,500,000/80,000,000 = 1.875%) → 0; totalCostExpense 5,000,000.
    struct Row { long long rd; double points; };
    const std::vector<Row> rows = {
        {1500000, 50},  // 1,500,000/5,000,000 = 30.00% → ≥30% → 50
        {1499999, 40},  // 29.99998% → 25–30% → 40
        {1250000, 40},  // 25.00% → 40
        {1249999, 30},  // 24.99998% → 20–25% → 30
        {1000000, 30},  // 20.00% → 30
        {999999, 20},   // 19.99998% → 15–20% → 20
        {750000, 20},   // 15.00% → 20
        {749999, 10},   // 14.99998% → 10–15% → 10
        {500000, 10},   // 10.00% → 10
        {499999, 0},    // 9.99998% → <10% → 0 (A 0.62% → 0)
    };
    for (const auto& row : rows) {
        CAPTURE(row.rd);
        json f = tech_base();
        latest(f)["revenue"] = 80000000;
        latest(f)["totalCostExpense"] = 5000000;
        set_rd(latest(f), row.rd);
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == row.points);
        if (row.points > 0) CHECK(ind(s, "rd-intensity").measure == "rdByCost");
        CHECK(s.score == row.points + 50);
    }
}

TEST_CASE("profile tech-sme: the better of options A and B") {
    SUBCASE("A wins") {
        json f = tech_base();
        latest(f)["totalCostExpense"] = 2400000;
        set_rd(latest(f), 500000);  // A 500,000/10,000,000 = 5% → 40; B 500,000/2,400,000 = 20.83% → 30 → 40
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == 40);
        CHECK(ind(s, "rd-intensity").measure == "rdByRevenue");
        CHECK(s.score == 90);  // 20 + 40 + 30
    }
    SUBCASE("B wins") {
        json f = tech_base();
        latest(f)["totalCostExpense"] = 1000000;
        set_rd(latest(f), 300000);  // A 3% → 20; B 300,000/1,000,000 = 30% → 50 → 50
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == 50);
        CHECK(ind(s, "rd-intensity").measure == "rdByCost");
        CHECK(ind(s, "rd-intensity").valueText == "30.00%");
        CHECK(s.score == 100);
    }
    SUBCASE("both 0") {
        json f = tech_base();
        set_rd(latest(f), 0);  // A 0% → 0; B 0% → 0
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == 0);
        CHECK(ind(s, "rd-intensity").applicable);
        CHECK(s.score == 50);  // 20 + 0 + 30 < 60
        CHECK_FALSE(s.eligible);
        CHECK(s.eligibleBy == "");
    }
}

TEST_CASE("profile tech-sme: 科技成果 — class I ≥ 1 → 30, else class-II count bands") {
    struct Row { const char* field1; int n1; const char* field2; int n2; double points; };
    const std::vector<Row> rows = {
        {"inventionPatents", 1, nullptr, 0, 30},  // 1 invention patent = class I → 30
        {"icLayouts", 1, nullptr, 0, 30},         // IC layout = class I → 30
        {"plantVarieties", 1, nullptr, 0, 30},    // plant variety = class I → 30
        {"newDrugs", 1, nullptr, 0, 30},          // new drug = class I → 30
        {"inventionPatents", 1, "utilityModels", 4, 30},  // max(30, 24) → 30
        {"utilityModels", 30, nullptr, 0, 24},    // 30 class II ≥ 4 → 24
        {"utilityModels", 4, nullptr, 0, 24},     // 4 class II → 24
        {"designs", 2, "softwareCopyrights", 2, 24},  // 2 + 2 = 4 class II → 24
        {"softwareCopyrights", 3, nullptr, 0, 18},  // 3 class II → 18
        {"designs", 1, "utilityModels", 1, 12},   // 2 class II → 12
        {"softwareCopyrights", 1, nullptr, 0, 6},  // 1 class II → 6
        {"pctApplications", 5, nullptr, 0, 0},    // PCT applications are not granted IP → 0
        {nullptr, 0, nullptr, 0, 0},              // none → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.field1 ? row.field1 : "-");
        CAPTURE(row.n1);
        CAPTURE(row.field2 ? row.field2 : "-");
        CAPTURE(row.n2);
        json f = tech_base();
        f["ip"] = no_ip();
        if (row.field1) f["ip"][row.field1] = row.n1;
        if (row.field2) f["ip"][row.field2] = row.n2;
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "achievements").points == row.points);
        CHECK(s.score == row.points + 70);  // staff 20 + rd 50
    }
}

TEST_CASE("profile tech-sme: 国家级农作物品种 and 国家一级中药保护品种 are class I (optional fields)") {
    // tech_low(): 科技人员 10% → 4, R&D 0 → 0, no IP → 0. One of either new class-I rights → 30: 34.
    for (const char* field : {"nationalCropVarieties", "firstGradeTcmVarieties"}) {
        CAPTURE(field);
        json f = tech_low();
        f["ip"][field] = 1;
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "achievements").points == 30);
        CHECK(ind(s, "achievements").measure == "classOneIp");
        CHECK(s.score == 34);
    }
    // Without the fields (files from before): read as 0, the indicator still applies — 2 utility models → 12.
    json f = tech_low();
    f["ip"]["utilityModels"] = 2;
    const auto s = score(f, "tech-sme");
    CHECK(ind(s, "achievements").applicable);
    CHECK(ind(s, "achievements").points == 12);
    CHECK(s.score == 16);
}

TEST_CASE("profile tech-sme: eligibility by score") {
    SUBCASE("exactly 60 (20 + 40 + 0) → eligible") {
        json f = tech_base();
        f["ip"] = no_ip();
        set_rd(latest(f), 500000);  // 30/100 → 20; A 5.00% → 40 (B 5.88% → 0); no IP → 0: 60
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 60);
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "score");
    }
    SUBCASE("exactly 60 (12 + 30 + 18) → eligible") {
        json f = tech_base();
        f["ip"] = no_ip();
        f["ip"]["utilityModels"] = 3;
        latest(f)["techStaff"] = 20;
        set_rd(latest(f), 400000);  // 20% → 12; A 4.00% → 30 (B 4.71% → 0); 3 class II → 18: 60
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "tech-staff").points == 12);
        CHECK(ind(s, "rd-intensity").points == 30);
        CHECK(ind(s, "achievements").points == 18);
        CHECK(s.score == 60);
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "score");
    }
    SUBCASE("56 (16 + 40 + 0) → not eligible") {
        json f = tech_base();
        f["ip"] = no_ip();
        latest(f)["techStaff"] = 25;
        set_rd(latest(f), 500000);  // 25% → 16; 5% → 40; 0: 56 < 60
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 56);
        CHECK_FALSE(s.eligible);
        CHECK(s.eligibleBy == "");
    }
    SUBCASE("56 but a direct route → eligible by the route") {
        json f = tech_base();
        f["ip"] = no_ip();
        latest(f)["techStaff"] = 25;
        set_rd(latest(f), 500000);
        f["qualifications"]["highTechEnterprise"] = hte("2023-11-30");  // valid through 2026-11-30
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 56);
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "route:high-tech");
    }
    SUBCASE("科技人员 0 with score 80 → not eligible") {
        json f = tech_base();
        latest(f)["techStaff"] = 9;  // 9% → 0; rd 50; IP 30: 80
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 80);
        CHECK(ind(s, "tech-staff").points == 0);
        CHECK_FALSE(cond(s, "tech-staff-points").passed);
        CHECK_FALSE(s.eligible);
    }
}

TEST_CASE("profile tech-sme: zero revenue, zero employees, a young company") {
    SUBCASE("revenue 0: option A not applicable, option B still counts") {
        json f = tech_base();
        json y = no_revenue_year(2024, 100);  // revenue, main, high-tech, profit… all 0
        y["techStaff"] = 30;
        y["totalCostExpense"] = 1000000;
        set_rd(y, 300000);  // A: 300,000/0 n/a; B 300,000/1,000,000 = 30% → 50
        y["totalAssets"] = 15000000;
        y["totalLiabilities"] = 6000000;
        latest(f) = y;
        const auto s = score(f, "tech-sme");
        CHECK(ind(s, "rd-intensity").points == 50);
        CHECK(ind(s, "rd-intensity").measure == "rdByCost");
        CHECK(s.score == 100);  // 20 + 50 + 30
        CHECK(cond(s, "revenue").passed);  // 0 ≤ 2亿
        CHECK(s.eligible);

        set_rd(latest(f), 250000);  // B 25% → 40
        CHECK(ind(score(f, "tech-sme"), "rd-intensity").points == 40);
    }
    SUBCASE("revenue 0 and total cost 0: R&D intensity not applicable → 0") {
        json f = tech_base();
        json y = no_revenue_year(2024, 100);
        y["techStaff"] = 30;
        y["totalAssets"] = 15000000;
        y["totalLiabilities"] = 6000000;
        latest(f) = y;  // rd 0, revenue 0, cost 0: A 0/0 and B 0/0 both n/a
        const auto s = score(f, "tech-sme");
        CHECK_FALSE(ind(s, "rd-intensity").applicable);
        CHECK(ind(s, "rd-intensity").points == 0);
        CHECK(s.score == 50);  // 20 + 0 + 30
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("employees 0: 科技人员 share not applicable → 0 → not eligible by score; a route still works") {
        json f = tech_base();
        set_staff(latest(f), 0, 0);
        auto s = score(f, "tech-sme");
        CHECK_FALSE(ind(s, "tech-staff").applicable);
        CHECK(ind(s, "tech-staff").points == 0);
        CHECK(s.score == 80);  // 0 + 50 + 30
        CHECK(cond(s, "employees").passed);  // 0 ≤ 500
        CHECK_FALSE(cond(s, "tech-staff-points").passed);
        CHECK_FALSE(s.eligible);

        f["qualifications"]["highTechEnterprise"] = hte("2023-11-30");
        s = score(f, "tech-sme");
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "route:high-tech");
    }
    SUBCASE("founded 2023-03-01 (2022 all zero): scored on 2024 as usual") {
        json f = tech_base();
        f["enterprise"]["establishedOn"] = "2023-03-01";
        f["annual"][0] = zero_year(2022);
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 100);  // latest year unchanged: 20 + 50 + 30
        CHECK(s.eligible);
    }
}

TEST_CASE("profile tech-sme: direct routes") {
    // Base: tech_low() scores 4 (not eligible by score); reference date = declaration.date 2025-06-20.
    SUBCASE("no route → not eligible") {
        const auto s = score(tech_low(), "tech-sme");
        CHECK(s.score == 4);  // 10% → 4; rd 0; IP 0
        CHECK_FALSE(s.eligible);
        CHECK(s.eligibleBy == "");
    }
    SUBCASE("高企 certificate") {
        struct Row { const char* issuedOn; bool valid; };
        const std::vector<Row> rows = {
            {"2023-11-30", true},   // valid through 2026-11-30 ≥ 2025-06-20
            {"2022-06-20", true},   // valid through 2025-06-20 = reference date (inclusive)
            {"2022-06-19", false},  // valid through 2025-06-19, the day before the reference date → expired
            {"2021-12-01", false},  // valid through 2024-12-01 → expired
        };
        for (const auto& row : rows) {
            CAPTURE(row.issuedOn);
            json f = tech_low();
            f["qualifications"]["highTechEnterprise"] = hte(row.issuedOn);
            const auto s = score(f, "tech-sme");
            CHECK(route(s, "high-tech").passed == row.valid);
            CHECK(s.eligible == row.valid);
            CHECK(s.eligibleBy == (row.valid ? "route:high-tech" : ""));
        }
    }
    SUBCASE("高企 certificate without declaration.date: the check date 2025-06-30 is the reference") {
        json f = tech_low();
        f["declaration"].erase("date");
        f["qualifications"]["highTechEnterprise"] = hte("2022-06-20");  // through 2025-06-20 < 2025-06-30 → expired
        CHECK_FALSE(score(f, "tech-sme").eligible);
        f["qualifications"]["highTechEnterprise"] = hte("2022-06-30");  // through 2025-06-30 = check date → valid
        CHECK(score(f, "tech-sme").eligibleBy == "route:high-tech");
    }
    SUBCASE("R&D institution: provincial or national counts, municipal does not") {
        struct Row { const char* level; bool counts; };
        for (const auto& row : std::vector<Row>{{"provincial", true}, {"national", true}, {"municipal", false}}) {
            CAPTURE(row.level);
            json f = tech_low();
            f["qualifications"]["rdInstitutions"] = json::array(
                {{{"level", row.level}, {"kind", "tech_center"}, {"name", "企业技术中心"}, {"approvedOn", "2020-05-01"}}});
            const auto s = score(f, "tech-sme");
            CHECK(route(s, "rd-institution").passed == row.counts);
            CHECK(s.eligibleBy == (row.counts ? "route:rd-institution" : ""));
        }
    }
    SUBCASE("standards: led international/national/industry within 2021–2025") {
        struct Row { const char* level; const char* role; int year; bool counts; };
        const std::vector<Row> rows = {
            {"national", "lead", 2024, true},        // led, national, 2024 ∈ 2021–2025
            {"national", "lead", 2021, true},        // 2021 = 2025 − 4 → still within five years
            {"national", "lead", 2020, false},       // 2020 < 2021 → outside
            {"national", "lead", 2019, false},       // six years old → outside
            {"national", "participant", 2024, false},  // participant, not lead
            {"international", "lead", 2024, true},   // international counts
            {"industry", "lead", 2024, true},        // industry counts
            {"local", "lead", 2024, false},          // local standard does not count
            {"group", "lead", 2024, false},          // group standard does not count
        };
        for (const auto& row : rows) {
            CAPTURE(row.level);
            CAPTURE(row.role);
            CAPTURE(row.year);
            json f = tech_low();
            f["qualifications"]["standards"] = json::array(
                {{{"level", row.level}, {"role", row.role}, {"code", "GB/T 99999-" + std::to_string(row.year)}, {"year", row.year}}});
            const auto s = score(f, "tech-sme");
            CHECK(route(s, "standard").passed == row.counts);
            CHECK(s.eligible == row.counts);
            CHECK(s.eligibleBy == (row.counts ? "route:standard" : ""));
        }
    }
    SUBCASE("awards: national, ranked top 3, within 2021–2025") {
        struct Row { const char* level; int rank; int year; bool counts; };
        const std::vector<Row> rows = {
            {"national", 3, 2023, true},    // national, rank 3 ≤ 3, 2023 within five years
            {"national", 4, 2023, false},   // rank 4 > 3
            {"national", 1, 2021, true},    // 2021 = 2025 − 4 → within
            {"national", 1, 2020, false},   // 2020 → outside
            {"provincial", 1, 2024, false},  // provincial does not count
        };
        for (const auto& row : rows) {
            CAPTURE(row.level);
            CAPTURE(row.rank);
            CAPTURE(row.year);
            json f = tech_low();
            f["qualifications"]["awards"] =
                json::array({{{"level", row.level}, {"name", "国家科学技术进步奖"}, {"year", row.year}, {"rank", row.rank}}});
            const auto s = score(f, "tech-sme");
            CHECK(route(s, "national-award").passed == row.counts);
            CHECK(s.eligible == row.counts);
            CHECK(s.eligibleBy == (row.counts ? "route:national-award" : ""));
        }
    }
}

TEST_CASE("profile tech-sme: size limits apply with a route and with a full score") {
    // tech_low() + a valid 高企 certificate → eligible by route unless a size limit fails.
    auto with_route = [] {
        json f = tech_low();
        f["qualifications"]["highTechEnterprise"] = hte("2023-11-30");
        return f;
    };
    SUBCASE("employees 500 → ok; 501 → not eligible") {
        json f = with_route();
        set_staff(latest(f), 500, 50);  // 50/500 = 10% → 4
        auto s = score(f, "tech-sme");
        CHECK(cond(s, "employees").passed);  // 500 ≤ 500
        CHECK(s.eligibleBy == "route:high-tech");
        set_staff(latest(f), 501, 51);
        s = score(f, "tech-sme");
        CHECK_FALSE(cond(s, "employees").passed);  // 501 > 500
        CHECK(route(s, "high-tech").passed);
        CHECK_FALSE(s.eligible);
        CHECK(s.eligibleBy == "");
    }
    SUBCASE("revenue 200,000,000 → ok; 200,000,001 → not eligible") {
        json f = with_route();
        latest(f)["revenue"] = 200000000;
        auto s = score(f, "tech-sme");
        CHECK(cond(s, "revenue").passed);
        CHECK(s.eligible);
        latest(f)["revenue"] = 200000001;
        s = score(f, "tech-sme");
        CHECK_FALSE(cond(s, "revenue").passed);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("assets 200,000,000 → ok; 200,000,001 → not eligible") {
        json f = with_route();
        latest(f)["totalAssets"] = 200000000;
        auto s = score(f, "tech-sme");
        CHECK(cond(s, "assets").passed);
        CHECK(s.eligible);
        latest(f)["totalAssets"] = 200000001;
        s = score(f, "tech-sme");
        CHECK_FALSE(cond(s, "assets").passed);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("501 employees with score 100 and no route → not eligible") {
        json f = tech_base();
        set_staff(latest(f), 501, 200);  // 200/501 = 39.9% → 20; rd 50; IP 30
        const auto s = score(f, "tech-sme");
        CHECK(s.score == 100);
        CHECK_FALSE(s.eligible);
    }
}

TEST_CASE("profile tech-sme: hints to the next band") {
    SUBCASE("R&D 5.5% of revenue → 6% needs rdExpense +50,000 → +10 points") {
        json f = tech_base();
        set_rd(latest(f), 550000);  // 550,000/10,000,000 = 5.5% → 40; 6% = 600,000 → +50,000; 50 − 40 = +10
        const auto s = score(f, "tech-sme");
        const auto& i = ind(s, "rd-intensity");
        CHECK(i.points == 40);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/rdExpense");
        CHECK(i.hint->delta == 50000);
        CHECK(i.hint->unit == "yuan");
        CHECK(i.hint->pointsGain == 10);
        CHECK(i.hint->target == "≥6%");
    }
    SUBCASE("option B 28% of cost → 30% needs rdExpense +100,000 → +10 points") {
        json f = tech_base();
        latest(f)["revenue"] = 80000000;
        latest(f)["totalCostExpense"] = 5000000;
        set_rd(latest(f), 1400000);  // B 1,400,000/5,000,000 = 28% → 40 (A 1.75% → 0); 30% = 1,500,000 → +100,000
        const auto s = score(f, "tech-sme");
        const auto& i = ind(s, "rd-intensity");
        CHECK(i.points == 40);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/rdExpense");
        CHECK(i.hint->delta == 100000);
        CHECK(i.hint->pointsGain == 10);
    }
    SUBCASE("科技人员 29/100 → 30% needs techStaff +1 → +4 points") {
        json f = tech_base();
        latest(f)["techStaff"] = 29;  // 29% → 16; 30% of 100 = 30 → +1; 20 − 16 = +4
        const auto s = score(f, "tech-sme");
        const auto& i = ind(s, "tech-staff");
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/techStaff");
        CHECK(i.hint->delta == 1);
        CHECK(i.hint->unit == "persons");
        CHECK(i.hint->pointsGain == 4);
        CHECK(i.hint->target == "≥30%");
    }
    SUBCASE("科技人员 22/130 → 20% needs techStaff +4 → +4 points") {
        json f = tech_base();
        set_staff(latest(f), 130, 22);  // 22/130 = 16.9% → 8; 20% of 130 = 26 → +4; 12 − 8 = +4
        const auto s = score(f, "tech-sme");
        const auto& i = ind(s, "tech-staff");
        CHECK(i.points == 8);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->delta == 4);
        CHECK(i.hint->pointsGain == 4);
    }
    SUBCASE("2 class-II items → 3 needs +1 → +6 points") {
        json f = tech_base();
        f["ip"] = no_ip();
        f["ip"]["utilityModels"] = 2;  // 2 → 12; 3 → 18: +1 item, +6
        const auto s = score(f, "tech-sme");
        const auto& i = ind(s, "achievements");
        CHECK(i.points == 12);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/ip/utilityModels");
        CHECK(i.hint->delta == 1);
        CHECK(i.hint->pointsGain == 6);
    }
    SUBCASE("top band → no hint") {
        const auto s = score(tech_base(), "tech-sme");
        CHECK_FALSE(ind(s, "rd-intensity").hint.has_value());
        CHECK_FALSE(ind(s, "tech-staff").hint.has_value());
        CHECK_FALSE(ind(s, "achievements").hint.has_value());
    }
}

// ===============================================================================================================
// 高新技术企业 (high-tech)

TEST_CASE("profile high-tech: the clean filing meets all six conditions") {
    // 2022–2024 revenue 30M/35M/42M, R&D 8% each: 8,560,000/107,000,000 = 8.00% ≥ 5% (latest 42M ≤ 5000万);
    // techStaff 54/120 = 45%; domestic 100%; high-tech revenue 33.6M/42M = 80%; founded 2015; 8 patents…
    const auto s = score(fixtures::clean_filing(), "high-tech");
    CHECK(s.kind == "conditions");
    CHECK(s.score == 6);
    CHECK(s.max == 6);
    CHECK(s.eligible);
    CHECK(s.eligibleBy == "conditions");
    CHECK(cond(s, "rd-ratio").valueText == "8.00%");
    CHECK(cond(s, "rd-ratio").thresholdText == "≥ 5%");
    CHECK(cond(s, "tech-staff").valueText == "45.00%");
    CHECK(cond(s, "high-tech-revenue").valueText == "80.00%");
    CHECK(cond(s, "domestic-rd").valueText == "100.00%");
    for (const auto& c : s.conditions) CHECK(c.passed);
}

TEST_CASE("profile high-tech: the approximations are said where the filer reads the result") {
    const auto s = score(fixtures::clean_filing(), "high-tech");
    auto has = [](const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; };
    // The profile's notes (the form shows them under the profile's result, 计算说明)
    const json notes = json::parse(cxjf::Engine::builtin().formText("profiles/high-tech.json"))["notes"];
    const std::string zh = notes["zh"], en = notes["en"];
    // 创新能力: strictly above 70 (工作指引: 70分以上（不含70分）), never "≥ 70"
    CHECK(has(zh, "不含 70 分"));
    CHECK(has(en, "strictly above 70"));
    CHECK_FALSE(has(zh, "≥70"));
    CHECK_FALSE(has(en, "≥ 70"));
    // 总收入 approximated by 营业收入; staff at year end instead of the monthly average (183-day rule)
    CHECK(has(zh, "总收入"));
    CHECK(has(zh, "全年月平均数"));
    CHECK(has(zh, "183 天"));
    CHECK(has(zh, "365 个日历天"));
    CHECK(has(cond(s, "high-tech-revenue").title.zh, "以营业收入近似总收入"));
    CHECK(has(cond(s, "high-tech-revenue").title.en, "revenue used for total income"));
    CHECK(has(cond(s, "tech-staff").title.zh, "年末人数"));
    CHECK(has(cond(s, "tech-staff").title.en, "year-end headcount"));
    CHECK(has(cond(s, "registered-1y").title.zh, "365 个日历天"));
}

TEST_CASE("profile high-tech: three-year R&D threshold by the latest revenue tier") {
    struct Row { long long r22, r23, r24, rd22, rd23, rd24; const char* threshold; bool passed; };
    const std::vector<Row> rows = {
        // latest 50,000,000 ≤ 5000万 → 5%; 6,000,000/120,000,000 = 5.00% → pass
        {30000000, 40000000, 50000000, 1500000, 2000000, 2500000, "≥ 5%", true},
        // 5,999,999/120,000,000 = 4.9999992% < 5% → fail
        {30000000, 40000000, 50000000, 1500000, 2000000, 2499999, "≥ 5%", false},
        // 4,800,001/120,000,000 = 4.0000008%: would pass 4%, but latest 50,000,000 is in the 5% tier → fail
        {30000000, 40000000, 50000000, 1500000, 2000000, 1300001, "≥ 5%", false},
        // latest 50,000,001 > 5000万 → 4%; 4,800,001/120,000,001 ≥ 4% (4% of it = 4,800,000.04) → pass
        {30000000, 40000000, 50000001, 1500000, 2000000, 1300001, "≥ 4%", true},
        // 4,800,000/120,000,001 < 4% → fail
        {30000000, 40000000, 50000001, 1500000, 2000000, 1300000, "≥ 4%", false},
        // latest exactly 200,000,000 → 4%; 19,200,000/480,000,000 = 4.00% → pass
        {120000000, 160000000, 200000000, 4800000, 6400000, 8000000, "≥ 4%", true},
        // 19,199,999/480,000,000 < 4% → fail
        {120000000, 160000000, 200000000, 4800000, 6400000, 7999999, "≥ 4%", false},
        // latest 200,000,001 > 2亿 → 3%; 14,400,001/480,000,001 (3% of it = 14,400,000.03) → pass
        {120000000, 160000000, 200000001, 4800000, 6400000, 3200001, "≥ 3%", true},
        // 14,400,000/480,000,001 < 3% → fail
        {120000000, 160000000, 200000001, 4800000, 6400000, 3200000, "≥ 3%", false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.r24);
        CAPTURE(row.rd24);
        const auto s = score(ht_years(row.r22, row.r23, row.r24, row.rd22, row.rd23, row.rd24), "high-tech");
        const auto& c = cond(s, "rd-ratio");
        CHECK(c.applicable);
        CHECK(c.thresholdText == row.threshold);
        CHECK(c.passed == row.passed);
        CHECK(s.score == (row.passed ? 6 : 5));  // every other condition passes (domestic 100%, HT revenue ~80%)
        CHECK(s.eligible == row.passed);
    }
}

TEST_CASE("profile high-tech: 科技人员 ≥ 10% of employees") {
    json f = fixtures::clean_filing();
    set_staff(latest(f), 100, 10);  // 10/100 = 10.00% → pass
    auto s = score(f, "high-tech");
    CHECK(cond(s, "tech-staff").passed);
    CHECK(cond(s, "tech-staff").valueText == "10.00%");
    CHECK(cond(s, "tech-staff").thresholdText == "≥ 10%");
    CHECK(s.eligible);

    set_staff(latest(f), 100, 9);  // 9% < 10% → fail
    s = score(f, "high-tech");
    CHECK_FALSE(cond(s, "tech-staff").passed);
    CHECK(s.score == 5);
    CHECK_FALSE(s.eligible);

    set_staff(latest(f), 0, 0);  // 0/0 → not applicable → fail
    s = score(f, "high-tech");
    CHECK_FALSE(cond(s, "tech-staff").applicable);
    CHECK_FALSE(cond(s, "tech-staff").passed);
    CHECK(s.score == 5);
    CHECK_FALSE(s.eligible);
}

TEST_CASE("profile high-tech: domestic R&D ≥ 60% over three years") {
    // revenue 30M/35M/42M (latest ≤ 5000万 → 5%); R&D 3,000,000 a year: 9,000,000/107,000,000 = 8.41% → rd-ratio passes
    json f = ht_years(30000000, 35000000, 42000000, 3000000, 3000000, 3000000);
    for (auto& y : f["annual"]) y["rdExpenseDomestic"] = 1800000;  // 5,400,000/9,000,000 = 60.00% → pass
    auto s = score(f, "high-tech");
    CHECK(cond(s, "domestic-rd").passed);
    CHECK(cond(s, "domestic-rd").valueText == "60.00%");
    CHECK(s.eligible);

    f["annual"][0]["rdExpenseDomestic"] = 1799999;  // 5,399,999/9,000,000 = 59.99999% → fail
    s = score(f, "high-tech");
    CHECK_FALSE(cond(s, "domestic-rd").passed);
    CHECK(s.score == 5);
    CHECK_FALSE(s.eligible);
}

TEST_CASE("profile high-tech: latest high-tech revenue ≥ 60% of revenue") {
    json f = fixtures::clean_filing();
    latest(f)["highTechRevenue"] = 25200000;  // 25,200,000/42,000,000 = 60.00% → pass
    auto s = score(f, "high-tech");
    CHECK(cond(s, "high-tech-revenue").passed);
    CHECK(cond(s, "high-tech-revenue").valueText == "60.00%");
    CHECK(s.eligible);

    latest(f)["highTechRevenue"] = 25199999;  // 59.9999976% → fail
    s = score(f, "high-tech");
    CHECK_FALSE(cond(s, "high-tech-revenue").passed);
    CHECK(s.score == 5);
    CHECK_FALSE(s.eligible);
}

TEST_CASE("profile high-tech: at least one IP right") {
    json f = fixtures::clean_filing();
    f["ip"] = no_ip();  // 0 rights → fail
    auto s = score(f, "high-tech");
    CHECK_FALSE(cond(s, "ip").passed);
    CHECK(s.score == 5);
    CHECK_FALSE(s.eligible);

    f["ip"]["pctApplications"] = 3;  // applications are not rights → still fail
    CHECK_FALSE(cond(score(f, "high-tech"), "ip").passed);

    f["ip"]["designs"] = 1;  // one design patent → pass
    s = score(f, "high-tech");
    CHECK(cond(s, "ip").passed);
    CHECK(s.eligible);
}

TEST_CASE("profile high-tech: 国家级农作物品种 or 国家一级中药保护品种 alone is an IP right") {
    for (const char* field : {"nationalCropVarieties", "firstGradeTcmVarieties"}) {
        CAPTURE(field);
        json f = fixtures::clean_filing();
        f["ip"] = no_ip();
        CHECK_FALSE(cond(score(f, "high-tech"), "ip").passed);
        f["ip"][field] = 1;
        const auto s = score(f, "high-tech");
        CHECK(cond(s, "ip").passed);
        CHECK(s.eligible);
    }
}

TEST_CASE("profile high-tech: registered ≥ 1 year on the reference date") {
    // Founded mid-2024: 2022 and 2023 must be all zero (R-FIN-BEFORE-FOUNDING); 2024 = 42M revenue, 8% R&D.
    auto young = [](const std::string& founded) {
        json f = fixtures::clean_filing();
        f["enterprise"]["establishedOn"] = founded;
        f["annual"][0] = zero_year(2022);
        f["annual"][1] = zero_year(2023);
        return f;
    };
    SUBCASE("declaration 2025-06-20") {
        // founded 2024-06-20 → 365 days on 2025-06-20 → pass; rd 3,360,000/42,000,000 = 8% → pass
        auto s = score(young("2024-06-20"), "high-tech");
        CHECK(cond(s, "registered-1y").passed);
        CHECK(cond(s, "rd-ratio").passed);
        CHECK(s.score == 6);
        CHECK(s.eligible);
        // founded 2024-06-21 → 364 days on 2025-06-20 → fail
        s = score(young("2024-06-21"), "high-tech");
        CHECK_FALSE(cond(s, "registered-1y").passed);
        CHECK(s.score == 5);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("no declaration date: the check date 2025-06-30") {
        json f = young("2024-06-30");  // exactly 1 year on 2025-06-30 → pass
        f["declaration"].erase("date");
        CHECK(cond(score(f, "high-tech"), "registered-1y").passed);
        f["enterprise"]["establishedOn"] = "2024-07-01";  // 1 day short → fail
        CHECK_FALSE(cond(score(f, "high-tech"), "registered-1y").passed);
    }
    SUBCASE("365 calendar days, not calendar anniversaries (工作指引: 注册成立365个日历天数以上)") {
        // founded 2024-02-29, reference 2025-02-28: 2024-02-29 → 2025-02-28 = 365 days → pass (no anniversary yet)
        json f = young("2024-02-29");
        f["declaration"]["date"] = "2025-02-28";
        auto s = score(f, "high-tech");
        CHECK(cond(s, "registered-1y").passed);
        CHECK(cond(s, "registered-1y").valueText == "365");
        CHECK(cond(s, "registered-1y").thresholdText == "≥ 365");
        // founded 2024-03-01, reference 2025-02-28: 364 days → fail
        f["enterprise"]["establishedOn"] = "2024-03-01";
        s = score(f, "high-tech");
        CHECK_FALSE(cond(s, "registered-1y").passed);
        CHECK(cond(s, "registered-1y").valueText == "364");
        // founded 2024-03-01, reference 2025-03-01: 365 days → pass
        f["declaration"]["date"] = "2025-03-01";
        CHECK(cond(score(f, "high-tech"), "registered-1y").passed);
        // a leap day inside the year: 2023-06-21 → 2024-06-20 = 365 days (2024-02-29 counted) → pass, a day
        // before its first anniversary
        json g = young("2023-06-21");
        g["annual"][1] = fixtures::clean_filing()["annual"][1];
        g["declaration"]["date"] = "2024-06-20";
        CHECK(cond(score(g, "high-tech"), "registered-1y").valueText == "365");
        CHECK(cond(score(g, "high-tech"), "registered-1y").passed);
    }
    SUBCASE("founded 2023-03-01 (younger than 3 years, 2022 all zero)") {
        json f = fixtures::clean_filing();
        f["enterprise"]["establishedOn"] = "2023-03-01";
        f["annual"][0] = zero_year(2022);
        // 2 years old → pass; R&D (2,800,000 + 3,360,000)/(35,000,000 + 42,000,000) = 8% ≥ 5% → pass
        const auto s = score(f, "high-tech");
        CHECK(cond(s, "registered-1y").passed);
        CHECK(cond(s, "rd-ratio").passed);
        CHECK(cond(s, "rd-ratio").valueText == "8.00%");
        CHECK(s.eligible);
    }
}

TEST_CASE("profile high-tech: zero revenue") {
    SUBCASE("latest revenue 0: high-tech revenue share not applicable → fails; 3-year R&D still computed") {
        json f = fixtures::clean_filing();
        json y = no_revenue_year(2024, 120);
        y["totalCostExpense"] = 1000000;
        y["totalAssets"] = 30000000;
        y["totalLiabilities"] = 6000000;
        latest(f) = y;  // 2024 rd 0
        // R&D (2,400,000 + 2,800,000 + 0)/(30M + 35M + 0) = 8% ≥ 5% (latest 0 ≤ 5000万) → pass
        const auto s = score(f, "high-tech");
        CHECK_FALSE(cond(s, "high-tech-revenue").applicable);
        CHECK_FALSE(cond(s, "high-tech-revenue").passed);
        CHECK(cond(s, "rd-ratio").passed);
        CHECK(s.score == 5);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("revenue 0 in all three years: R&D ratio not applicable → fails") {
        json f = fixtures::clean_filing();
        for (int i = 0; i < 3; ++i) {
            json y = no_revenue_year(2022 + i, 100);
            y["totalCostExpense"] = 1000000;
            set_rd(y, 500000);  // 1,500,000/0 → n/a; domestic 100% → pass
            y["totalAssets"] = 30000000;
            y["totalLiabilities"] = 6000000;
            f["annual"][i] = y;
        }
        const auto s = score(f, "high-tech");
        CHECK_FALSE(cond(s, "rd-ratio").applicable);
        CHECK_FALSE(cond(s, "rd-ratio").passed);
        CHECK_FALSE(cond(s, "high-tech-revenue").passed);
        CHECK(cond(s, "domestic-rd").passed);
        CHECK(cond(s, "tech-staff").passed);  // 45/100
        CHECK(s.score == 4);  // registered, ip, tech-staff, domestic
        CHECK_FALSE(s.eligible);
    }
}

// ===============================================================================================================
// 创新型中小企业 (innovative-sme)

TEST_CASE("profile innovative-sme: base filing scores 100") {
    const auto s = score(inno_base(), "innovative-sme");
    CHECK(s.score == 100);
    CHECK(s.max == 100);
    CHECK(ind(s, "ip").points == 20);                  // 3 high-value class I → 20
    CHECK(ind(s, "rd-intensity").points == 20);        // 500,000/10,000,000 = 5.00% → 20
    CHECK(ind(s, "rd-intensity").valueText == "5.00%");
    CHECK(ind(s, "revenue-growth").points == 20);      // (9.2M − 8M)/8M = 15.00% → 20
    CHECK(ind(s, "revenue-growth").valueText == "15.00%");
    CHECK(ind(s, "debt-ratio").points == 10);          // 4M/10M = 40% → 10
    CHECK(ind(s, "product-field").points == 10);       // strategic → 10
    CHECK(ind(s, "main-revenue-share").points == 20);  // 9.2M/10M = 92% → 20
    CHECK(cat(s, "innovation").points == 40);
    CHECK(cat(s, "growth").points == 30);
    CHECK(cat(s, "specialization").points == 30);
    CHECK(s.eligible);
    CHECK(s.eligibleBy == "score");
}

TEST_CASE("profile innovative-sme: R&D / revenue band edges") {
    struct Row { long long rd; double points; };
    const std::vector<Row> rows = {
        {500000, 20},  // 5.00% → ≥5% → 20
        {499999, 15},  // 4.99999% → 3–5% → 15
        {300000, 15},  // 3.00% → 15
        {299999, 10},  // 2.99999% → 2–3% → 10
        {200000, 10},  // 2.00% → 10
        {199999, 5},   // 1.99999% → 1–2% → 5
        {100001, 5},   // 1.00001% → 1–2% → 5
        {100000, 0},   // exactly 1.00% → "1%以下" includes 1% (民法典 第一千二百五十九条) → 0
        {99999, 0},    // 0.99999% → 0
        {0, 0},        // 0% → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.rd);
        json f = inno_base();
        set_rd(latest(f), row.rd);
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "rd-intensity").points == row.points);
        CHECK(s.score == 80 + row.points);
        CHECK(cat(s, "innovation").points == 20 + row.points);  // IP 20 + rd: minimum 20 always met
        CHECK(s.eligible);
    }
}

TEST_CASE("profile innovative-sme: main business revenue growth band edges") {
    // previous (2023) main business revenue 8,000,000; revenue 2024 10,000,000 so the share stays ≥ 70% → 20.
    struct Row { long long main; double points; };
    const std::vector<Row> rows = {
        {9200000, 20},  // +1,200,000/8,000,000 = 15.00% → 20
        {9199999, 15},  // 14.9999875% → 10–15% → 15
        {8800000, 15},  // 10.00% → 15
        {8799999, 10},  // 9.9999875% → 5–10% → 10
        {8400000, 10},  // 5.00% → 10
        {8399999, 5},   // 4.9999875% → 0–5% → 5
        {8000001, 5},   // 0.0000125% → 0–5% → 5
        {8000000, 0},   // exactly 0.00% → "0%以下" includes 0% (民法典 第一千二百五十九条) → 0; growth 0 + 10 < 15
        {7999999, 0},   // −0.0000125% → 0
        {7600000, 0},   // −5% → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.main);
        json f = inno_base();
        latest(f)["mainBusinessRevenue"] = row.main;
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "revenue-growth").points == row.points);
        CHECK(ind(s, "main-revenue-share").points == 20);
        CHECK(s.score == 80 + row.points);
        CHECK(cat(s, "growth").points == 10 + row.points);
        CHECK(cat(s, "growth").metMinimum == (row.points >= 5));
        CHECK(s.eligible == (row.points >= 5));
    }
    SUBCASE("previous main business revenue 0 → growth not applicable → 0") {
        json f = inno_base();
        previous(f)["mainBusinessRevenue"] = 0;
        const auto s = score(f, "innovative-sme");
        CHECK_FALSE(ind(s, "revenue-growth").applicable);
        CHECK(ind(s, "revenue-growth").points == 0);
        CHECK(s.score == 80);
        CHECK_FALSE(cat(s, "growth").metMinimum);  // 0 + 10 < 15
        CHECK_FALSE(s.eligible);
    }
}

TEST_CASE("profile innovative-sme: debt ratio bands") {
    // total assets 10,000,000
    struct Row { long long liabilities; double points; };
    const std::vector<Row> rows = {
        {0, 10},         // 0% → 10
        {5499999, 10},   // 54.99999% → 10
        {5500000, 10},   // exactly 55% → "55%以下" includes 55% (民法典 第一千二百五十九条) → 10
        {5500001, 5},    // 55.00001% → 55–75% → 5
        {7499999, 5},    // 74.99999% → 5
        {7500000, 0},    // exactly 75% → "75%以上" includes 75% → 0
        {12000000, 0},   // 120% → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.liabilities);
        json f = inno_base();
        latest(f)["totalLiabilities"] = row.liabilities;
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "debt-ratio").points == row.points);
        CHECK(s.score == 90 + row.points);
        CHECK(s.eligible);  // growth category 20 + debt ≥ 15
    }
    SUBCASE("total assets 0 → debt ratio not applicable → 0") {
        json f = inno_base();
        latest(f)["totalAssets"] = 0;
        latest(f)["totalLiabilities"] = 0;
        const auto s = score(f, "innovative-sme");
        CHECK_FALSE(ind(s, "debt-ratio").applicable);
        CHECK(ind(s, "debt-ratio").points == 0);
        CHECK(s.score == 90);
    }
}

TEST_CASE("profile innovative-sme: product field and main business share bands") {
    SUBCASE("not a strategic emerging industry → 5") {
        json f = inno_base();
        f["enterprise"]["strategicEmergingIndustry"] = false;
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "product-field").points == 5);
        CHECK(s.score == 95);
    }
    // previous main 4,000,000 so growth stays ≥ 15% (≥ 4,999,999 → ≥ 24.99%) → 20; revenue 10,000,000.
    struct Row { long long main; double points; };
    const std::vector<Row> rows = {
        {7000000, 20},  // 70.00% → 20
        {6999999, 15},  // 69.99999% → 60–70% → 15
        {6000000, 15},  // 60.00% → 15
        {5999999, 10},  // 59.99999% → 55–60% → 10
        {5500000, 10},  // 55.00% → 10
        {5499999, 5},   // 54.99999% → 50–55% → 5
        {5000001, 5},   // 50.00001% → 50–55% → 5
        {5000000, 0},   // exactly 50.00% → "50%以下" includes 50% (民法典 第一千二百五十九条) → 0; 10 + 0 < 15
        {4999999, 0},   // 49.99999% → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.main);
        json f = inno_base();
        previous(f)["mainBusinessRevenue"] = 4000000;
        latest(f)["mainBusinessRevenue"] = row.main;
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "main-revenue-share").points == row.points);
        CHECK(ind(s, "revenue-growth").points == 20);
        CHECK(s.score == 80 + row.points);
        CHECK(cat(s, "specialization").points == 10 + row.points);
        CHECK(s.eligible == (row.points >= 5));
    }
}

TEST_CASE("profile innovative-sme: the IP ladder") {
    struct Row { int inv, highValue, acquired, utility, ic; double points; };
    const std::vector<Row> rows = {
        {8, 3, 1, 0, 0, 20},  // high-value class I ≥ 1 → 20
        {1, 1, 1, 0, 0, 20},  // one acquired high-value patent is still high-value → 20
        {2, 0, 1, 0, 0, 15},  // own class I = 2 − 1 = 1 → 15
        {2, 0, 2, 5, 0, 10},  // own 2 − 2 = 0; class I 2 → 10 (class II ignored: lower rung)
        {0, 0, 0, 1, 0, 5},   // only class II → 5
        {0, 0, 0, 0, 0, 0},   // none → 0
    };
    for (const auto& row : rows) {
        CAPTURE(row.inv);
        CAPTURE(row.highValue);
        CAPTURE(row.acquired);
        CAPTURE(row.utility);
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["inventionPatents"] = row.inv;
        f["ip"]["inventionPatentsHighValue"] = row.highValue;
        f["ip"]["inventionPatentsAcquired"] = row.acquired;
        f["ip"]["utilityModels"] = row.utility;
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "ip").points == row.points);
        CHECK(s.score == 80 + row.points);
        CHECK(cat(s, "innovation").points == 20 + row.points);
    }
    SUBCASE("only design patents and software copyrights (class II) → 5") {
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["designs"] = 1;
        f["ip"]["softwareCopyrights"] = 2;
        CHECK(ind(score(f, "innovative-sme"), "ip").points == 5);
    }
}

TEST_CASE("profile innovative-sme: 国家级农作物品种 and 国家一级中药保护品种 are class I (→ 10, not self-developed patents)") {
    for (const char* field : {"nationalCropVarieties", "firstGradeTcmVarieties"}) {
        CAPTURE(field);
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["utilityModels"] = 3;  // class II alone → 5
        CHECK(ind(score(f, "innovative-sme"), "ip").points == 5);
        f["ip"][field] = 1;  // class I ≥ 1 → 10 (self-developed counts invention patents only → 0)
        const auto s = score(f, "innovative-sme");
        CHECK(ind(s, "ip").points == 10);
        CHECK(s.score == 90);
    }
}

TEST_CASE("profile innovative-sme: score and category minimums") {
    SUBCASE("exactly 60 with every category at its minimum or above → eligible") {
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["utilityModels"] = 1;             // class II → 5
        json& y = latest(f);
        set_rd(y, 300000);                        // 3.00% → 15      innovation 20 (min 20)
        previous(f)["mainBusinessRevenue"] = 5000000;
        y["mainBusinessRevenue"] = 5500000;       // growth 10% → 15; share 55% → 10
        y["totalLiabilities"] = 5500001;          // 55.00001% → 5   growth 20 (min 15)
        // strategic → 10                                          specialization 20 (min 15)
        const auto s = score(f, "innovative-sme");
        CHECK(s.score == 60);
        CHECK(cat(s, "innovation").points == 20);
        CHECK(cat(s, "growth").points == 20);
        CHECK(cat(s, "specialization").points == 20);
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "score");
    }
    SUBCASE("55 with every minimum met → not eligible") {
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["utilityModels"] = 1;             // 5
        json& y = latest(f);
        set_rd(y, 300000);                        // 15 → innovation 20
        previous(f)["mainBusinessRevenue"] = 5000000;
        y["mainBusinessRevenue"] = 5500000;       // growth 15, share 10
        y["totalLiabilities"] = 7500000;          // 75% → 0 → growth 15
        const auto s = score(f, "innovative-sme"); // 5 + 15 + 15 + 0 + 10 + 10 = 55
        CHECK(s.score == 55);
        for (const auto& c : s.categories) CHECK(c.metMinimum);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("75 but 创新能力 15 < 20 → not eligible by score") {
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["softwareCopyrights"] = 1;  // class II → 5
        set_rd(latest(f), 200000);          // 2.00% → 10: innovation 15
        const auto s = score(f, "innovative-sme");
        CHECK(s.score == 75);  // 15 + 30 + 30
        CHECK(cat(s, "innovation").points == 15);
        CHECK_FALSE(cat(s, "innovation").metMinimum);
        CHECK(cat(s, "growth").metMinimum);
        CHECK(cat(s, "specialization").metMinimum);
        CHECK_FALSE(s.eligible);
        CHECK(s.eligibleBy == "");
    }
    SUBCASE("80 but 成长性 10 < 15 → not eligible") {
        json f = inno_base();
        latest(f)["mainBusinessRevenue"] = 8000001;  // 0.0000125% → 5 (share 80% → 20)
        latest(f)["totalLiabilities"] = 5500001;     // 55.00001% → 5: growth 10
        const auto s = score(f, "innovative-sme");
        CHECK(s.score == 80);  // 40 + 10 + 30
        CHECK_FALSE(cat(s, "growth").metMinimum);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("80 but 专业化 10 < 15 → not eligible") {
        json f = inno_base();
        f["enterprise"]["strategicEmergingIndustry"] = false;  // 5
        previous(f)["mainBusinessRevenue"] = 4000000;
        latest(f)["mainBusinessRevenue"] = 5000001;  // share 50.00001% → 5; growth 25.000025% → 20
        const auto s = score(f, "innovative-sme");
        CHECK(s.score == 80);  // 40 + 30 + 10
        CHECK_FALSE(cat(s, "specialization").metMinimum);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("75 with 创新能力 15 but a direct route → eligible by the route") {
        json f = inno_base();
        f["ip"] = no_ip();
        f["ip"]["softwareCopyrights"] = 1;
        set_rd(latest(f), 200000);
        f["qualifications"]["rdInstitutions"] = json::array(
            {{{"level", "provincial"}, {"kind", "key_lab"}, {"name", "福建省重点实验室"}, {"approvedOn", "2021-03-01"}}});
        const auto s = score(f, "innovative-sme");
        CHECK(s.eligible);
        CHECK(s.eligibleBy == "route:rd-institution");
    }
}

TEST_CASE("profile innovative-sme: zero revenue and zero employees") {
    SUBCASE("revenue 0: revenue-based indicators 0") {
        json f = inno_base();
        json y = no_revenue_year(2024, 100);
        y["totalCostExpense"] = 1000000;
        set_rd(y, 300000);
        y["totalAssets"] = 10000000;
        y["totalLiabilities"] = 4000000;
        latest(f) = y;
        // IP 20; rd 300,000/0 n/a → 0; growth (0 − 8M)/8M = −100% → 0; debt 40% → 10; strategic 10; share 0/0 n/a → 0
        const auto s = score(f, "innovative-sme");
        CHECK_FALSE(ind(s, "rd-intensity").applicable);
        CHECK(ind(s, "rd-intensity").points == 0);
        CHECK_FALSE(ind(s, "main-revenue-share").applicable);
        CHECK(ind(s, "main-revenue-share").points == 0);
        CHECK(ind(s, "revenue-growth").points == 0);
        CHECK(s.score == 40);
        CHECK(cat(s, "innovation").points == 20);
        CHECK(cat(s, "growth").points == 10);
        CHECK(cat(s, "specialization").points == 10);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("employees 0: no indicator reads staff") {
        json f = inno_base();
        set_staff(latest(f), 0, 0);
        const auto s = score(f, "innovative-sme");
        CHECK(s.score == 100);
        CHECK(s.eligible);
    }
}

TEST_CASE("profile innovative-sme: direct routes") {
    // inno_low() scores 25; reference date 2025-06-20 → "last three years" = 2023–2025.
    SUBCASE("no route → not eligible") {
        const auto s = score(inno_low(), "innovative-sme");
        CHECK(s.score == 25);  // 0 + 0 + 0 + 0 + 5 + 20
        CHECK_FALSE(s.eligible);
        for (const auto& r : s.routes) CHECK_FALSE(r.passed);
    }
    SUBCASE("S&T award, national or provincial, within 2023–2025") {
        struct Row { const char* level; int year; int rank; bool counts; };
        const std::vector<Row> rows = {
            {"provincial", 2023, 5, true},   // provincial 2023 ∈ 2023–2025 (rank does not matter)
            {"national", 2025, 1, true},     // national 2025
            {"provincial", 2022, 1, false},  // 2022 < 2023 → outside
        };
        for (const auto& row : rows) {
            CAPTURE(row.level);
            CAPTURE(row.year);
            json f = inno_low();
            f["qualifications"]["awards"] =
                json::array({{{"level", row.level}, {"name", "科学技术进步奖"}, {"year", row.year}, {"rank", row.rank}}});
            const auto s = score(f, "innovative-sme");
            CHECK(route(s, "award").passed == row.counts);
            CHECK(s.eligibleBy == (row.counts ? "route:award" : ""));
        }
    }
    SUBCASE("高企 certificate valid on the reference date") {
        json f = inno_low();
        f["qualifications"]["highTechEnterprise"] = hte("2022-06-20");  // through 2025-06-20 = reference → valid
        CHECK(score(f, "innovative-sme").eligibleBy == "route:high-tech");
        f["qualifications"]["highTechEnterprise"] = hte("2022-06-19");  // through 2025-06-19 → expired
        const auto s = score(f, "innovative-sme");
        CHECK_FALSE(route(s, "high-tech").passed);
        CHECK_FALSE(s.eligible);
    }
    SUBCASE("national honours (route 二), each within 2023–2025 (three years from the year recognised)") {
        struct Row { const char* honour; int year; bool counts; };
        const std::vector<Row> rows = {
            {"nationalTechInnovationDemoYear", 2023, true},  // 2023 ∈ 2023–2025
            {"nationalIpAdvantageYear", 2025, true},         // the reference year itself
            {"nationalIpDemonstrationYear", 2024, true},
            {"nationalIpAdvantageYear", 2022, false},        // 2022 < 2023 → past its three years
        };
        for (const auto& row : rows) {
            CAPTURE(row.honour);
            CAPTURE(row.year);
            json f = inno_low();
            f["qualifications"][row.honour] = row.year;
            const auto s = score(f, "innovative-sme");
            CHECK(route(s, "national-honour").passed == row.counts);
            CHECK(route(s, "national-honour").valueText == (row.counts ? "1" : "0"));
            CHECK(s.eligibleBy == (row.counts ? "route:national-honour" : ""));
        }
        // two honours count 2; none (files from before) count 0 and the route is simply not met
        json f = inno_low();
        f["qualifications"]["nationalIpAdvantageYear"] = 2023;
        f["qualifications"]["nationalIpDemonstrationYear"] = 2024;
        CHECK(route(score(f, "innovative-sme"), "national-honour").valueText == "2");
        const auto none = score(inno_low(), "innovative-sme");
        CHECK(route(none, "national-honour").applicable);
        CHECK_FALSE(route(none, "national-honour").passed);
    }
    SUBCASE("R&D institution: provincial yes, municipal no") {
        json f = inno_low();
        f["qualifications"]["rdInstitutions"] = json::array(
            {{{"level", "provincial"}, {"kind", "engineering_center"}, {"name", "省工程研究中心"}, {"approvedOn", "2022-08-01"}}});
        CHECK(score(f, "innovative-sme").eligibleBy == "route:rd-institution");
        f["qualifications"]["rdInstitutions"][0]["level"] = "municipal";
        CHECK_FALSE(score(f, "innovative-sme").eligible);
    }
    SUBCASE("equity financing ≥ 5,000,000 over the three fiscal years") {
        json f = inno_low();
        f["annual"][0]["equityFinancing"] = 2000000;
        f["annual"][1]["equityFinancing"] = 2000000;
        f["annual"][2]["equityFinancing"] = 1000000;  // 2,000,000 + 2,000,000 + 1,000,000 = 5,000,000 → route
        auto s = score(f, "innovative-sme");
        CHECK(route(s, "equity").passed);
        CHECK(route(s, "equity").valueText == "¥5,000,000");
        CHECK(s.eligibleBy == "route:equity");
        f["annual"][2]["equityFinancing"] = 999999;  // 4,999,999 = 499.9999万 → no
        s = score(f, "innovative-sme");
        CHECK_FALSE(route(s, "equity").passed);
        CHECK_FALSE(s.eligible);
    }
}

TEST_CASE("profile innovative-sme: hints to the next band") {
    SUBCASE("debt 60% → 55% or less needs liabilities −500,000 → +5 points") {
        json f = inno_base();
        latest(f)["totalLiabilities"] = 6000000;  // 60% → 5; ≤55% of 10,000,000 → ≤ 5,500,000 → −500,000; +5
        const auto s = score(f, "innovative-sme");
        const auto& i = ind(s, "debt-ratio");
        CHECK(i.points == 5);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/totalLiabilities");
        CHECK(i.hint->delta == -500000);
        CHECK(i.hint->pointsGain == 5);
        CHECK(i.hint->target == "≤55%");
    }
    SUBCASE("growth 10% → 15% needs main business revenue +400,000 → +5 points") {
        json f = inno_base();
        latest(f)["mainBusinessRevenue"] = 8800000;  // 10% → 15; 15% of 8M → 9,200,000 → +400,000; +5
        const auto s = score(f, "innovative-sme");
        const auto& i = ind(s, "revenue-growth");
        CHECK(i.points == 15);
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/mainBusinessRevenue");
        CHECK(i.hint->delta == 400000);
        CHECK(i.hint->pointsGain == 5);
    }
    SUBCASE("R&D 2.5% → 3% needs rdExpense +50,000 → +5 points") {
        json f = inno_base();
        set_rd(latest(f), 250000);  // 2.5% → 10; 3% of 10M = 300,000 → +50,000; 15 − 10 = +5
        const auto s = score(f, "innovative-sme");
        const auto& i = ind(s, "rd-intensity");
        REQUIRE(i.hint.has_value());
        CHECK(i.hint->field == "/annual/2/rdExpense");
        CHECK(i.hint->delta == 50000);
        CHECK(i.hint->pointsGain == 5);
        CHECK(i.hint->target == "≥3%");
    }
}
