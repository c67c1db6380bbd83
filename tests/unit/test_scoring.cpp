// The scoring engine itself: exact fractions, profile loading and refusal, custom profiles, the estimate's label,
// not-applicable outcomes, hints and batch percentiles. (The published methods are pinned in test_profiles.cpp.)
#include <doctest/doctest.h>

#include "cxjf/report.hpp"
#include "fixtures.hpp"
#include "scoring/rational.hpp"

using namespace cxjf;
using fixtures::clean_filing;
using fixtures::json;
using scoring::parse_rational;
using scoring::i128;
using scoring::Rational;

namespace {
const ProfileScore& profile(const CheckResult& r, const std::string& id) {
    for (const auto& s : r.scores)
        if (s.id == id) return s;
    throw std::runtime_error("no profile " + id);
}
const IndicatorScore& indicator(const ProfileScore& p, const std::string& id) {
    for (const auto& i : p.indicators)
        if (i.id == id) return i;
    throw std::runtime_error("no indicator " + id);
}
json builtin_profile(const std::string& id) {
    return json::parse(Engine::builtin().formText("profiles/" + id + ".json"));
}
std::string refusal(const json& profileDoc) {
    try {
        (void)Engine::builtin().withProfile(profileDoc.dump(), "custom.json");
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(accepted)";
}
}  // namespace

TEST_CASE("scoring: rationals parse percent, decimal and fraction texts exactly") {
    CHECK(*parse_rational("6%") == Rational(6, 100));
    CHECK(*parse_rational("0.06") == Rational(3, 50));
    CHECK(*parse_rational("1/3") == Rational(1, 3));
    CHECK(*parse_rational("-5") == Rational(-5));
    CHECK(*parse_rational("12.5%") == Rational(1, 8));
    CHECK_FALSE(parse_rational("6%%").has_value());
    CHECK_FALSE(parse_rational("1/0").has_value());
    CHECK_FALSE(parse_rational("abc").has_value());
    // 6.00% exactly is not below 6%, one yuan less is.
    CHECK(Rational(600000, 10000000) >= *parse_rational("6%"));
    CHECK(Rational(599999, 10000000) < *parse_rational("6%"));
    CHECK(Rational(1, 3).fixed(4) == "0.3333");
    CHECK(Rational(2, 3).fixed(2) == "0.67");
    CHECK(Rational(-1, 8).fixed(2) == "-0.13");
    CHECK(Rational(15, 2).points_text() == "7.5");
    // Decimal text of values beyond 64 bits (written 18 digits at a time) and at the edges of each chunk.
    const i128 e18 = 1000000000000000000;
    CHECK(Rational(0).fixed(0) == "0");
    CHECK(Rational(-7).fixed(0) == "-7");
    CHECK(Rational(static_cast<i128>(UINT64_MAX)).fixed(0) == "18446744073709551615");
    CHECK(Rational(static_cast<i128>(UINT64_MAX) + 1).fixed(0) == "18446744073709551616");
    CHECK(Rational(e18 * e18 + 7).fixed(0) == "1000000000000000000000000000000000007");
    CHECK(Rational(-(e18 * 1000 + 1)).fixed(0) == "-1000000000000000000001");
    CHECK(Rational(e18 * e18 * 100 + e18 - 1, 1).points_text() == "100000000000000000000999999999999999999");
}

TEST_CASE("scoring: every built-in profile is evaluated for a clean filing, in order") {
    const auto r = fixtures::check(clean_filing());
    REQUIRE(r.scores.size() == 4);
    CHECK(r.scores[0].id == "tech-sme");
    CHECK(r.scores[1].id == "high-tech");
    CHECK(r.scores[2].id == "innovative-sme");
    CHECK(r.scores[3].id == "innovation-points-estimate");
    CHECK(Engine::builtin().profileIds() == std::vector<std::string>{"tech-sme", "high-tech", "innovative-sme",
                                                                       "innovation-points-estimate"});
}

TEST_CASE("scoring: the estimate carries its 非官方估算 label in the result, in every output") {
    const auto r = fixtures::check(clean_filing());
    const ProfileScore& e = profile(r, "innovation-points-estimate");
    REQUIRE(e.label.has_value());
    CHECK(e.label->zh == "非官方估算");
    CHECK(e.label->en == "unofficial estimate");
    const auto summary = json::parse(result_json(Engine::builtin(), r))["scores"]["innovation-points-estimate"];
    CHECK(summary["label"]["zh"] == "非官方估算");
    CHECK(json::parse(score_json(Engine::builtin(), e))["label"]["zh"] == "非官方估算");
    CHECK_FALSE(profile(r, "tech-sme").label.has_value());
}

TEST_CASE("scoring: the estimate's stage comes from the company's age at the reference date") {
    auto doc = clean_filing();  // established 2015-05-20, declared 2025-06-20: 10 full years → mature
    CHECK(profile(fixtures::check(doc), "innovation-points-estimate").stage == "mature");
    doc["enterprise"]["establishedOn"] = "2015-06-21";  // one day short of 10 years
    CHECK(profile(fixtures::check(doc), "innovation-points-estimate").stage == "growth");
    doc["enterprise"]["establishedOn"] = "2022-06-20";  // exactly 3 years
    CHECK(profile(fixtures::check(doc), "innovation-points-estimate").stage == "growth");
    doc["enterprise"]["establishedOn"] = "2022-06-21";
    const auto result = fixtures::check(doc);
    const auto& e = profile(result, "innovation-points-estimate");
    CHECK(e.stage == "startup");
    CHECK(e.max == 100);
    CHECK(indicator(e, "rd-intensity").max == 15);  // the start-up weights
}

TEST_CASE("scoring: division by zero is 'not applicable', not a crash and not infinity") {
    auto doc = clean_filing();
    for (const char* k : {"employees", "techStaff", "rdStaff", "masters", "doctors", "freshGraduates"}) doc["annual"][2][k] = 0;
    for (const char* k : {"revenue", "mainBusinessRevenue", "highTechRevenue"}) doc["annual"][2][k] = 0;
    const auto r = fixtures::check(doc);
    const auto& t = profile(r, "tech-sme");
    CHECK_FALSE(indicator(t, "tech-staff").applicable);
    CHECK(indicator(t, "tech-staff").points == 0);
    // R&D intensity: A (revenue 0) is not applicable, B (total cost) still counts.
    CHECK(indicator(t, "rd-intensity").applicable);
    CHECK(indicator(t, "rd-intensity").measure == "rdByCost");
    const auto& h = profile(r, "high-tech");
    for (const auto& c : h.conditions)
        if (c.id == "tech-staff" || c.id == "high-tech-revenue") {
            CHECK_FALSE(c.applicable);
            CHECK_FALSE(c.passed);
        }
}

TEST_CASE("scoring: the hint names the field, the amount and the points, in both languages") {
    auto doc = clean_filing();
    auto& y = doc["annual"][2];
    y["revenue"] = 10000000;
    y["mainBusinessRevenue"] = 9000000;
    y["highTechRevenue"] = 8000000;
    y["totalCostExpense"] = 50000000;  // B = R&D / cost stays low
    y["rdExpense"] = 550000;           // 5.5% → 40 points; 6% needs 600,000
    y["rdExpenseDomestic"] = 550000;
    const auto result = fixtures::check(doc);
    const auto& rd = indicator(profile(result, "tech-sme"), "rd-intensity");
    CHECK(rd.points == 40);
    REQUIRE(rd.hint.has_value());
    CHECK(rd.hint->field == "/annual/2/rdExpense");
    CHECK(rd.hint->delta == 50000);
    CHECK(rd.hint->unit == "yuan");
    CHECK(rd.hint->pointsGain == 10);
    CHECK(rd.hint->target == "≥6%");
    CHECK(hint_text(Engine::builtin(), *rd.hint, Lang::zh) == "2024 年研发费用 +5万元 → +10 分");
    CHECK(hint_text(Engine::builtin(), *rd.hint, Lang::en) == "R&D expense 2024 +CNY 50,000 → +10 points");
}

TEST_CASE("scoring: a lower-is-better band hints a decrease") {
    auto doc = clean_filing();
    doc["annual"][2]["totalLiabilities"] = 34650001;  // assets 63,000,000 → just above 55% → 5 points
    const auto result = fixtures::check(doc);
    const auto& debt = indicator(profile(result, "innovative-sme"), "debt-ratio");
    CHECK(debt.points == 5);
    REQUIRE(debt.hint.has_value());
    CHECK(debt.hint->field == "/annual/2/totalLiabilities");
    CHECK(debt.hint->delta == -1);  // 34,650,000 / 63,000,000 = 55% exactly, "55%以下" → 10
    CHECK(debt.hint->target == "≤55%");
    CHECK(hint_text(Engine::builtin(), *debt.hint, Lang::zh) == "2024 年负债总额 −0.0001万元 → +5 分");
}

TEST_CASE("scoring: a profile with an unknown field is refused, naming the place") {
    auto p = builtin_profile("tech-sme");
    p["indicators"][0]["weight"] = 2;
    const std::string why = refusal(p);
    CHECK(why.find("custom.json") != std::string::npos);
    CHECK(why.find("/indicators/0/weight") != std::string::npos);
}

TEST_CASE("scoring: overlapping bands are refused, naming the band") {
    auto p = builtin_profile("tech-sme");
    p["indicators"][0]["bands"][2]["min"] = "26%";  // 30%, 25%, 26%: out of order, so 25% and 26% overlap
    const std::string why = refusal(p);
    CHECK(why.find("/indicators/0/bands/2/min") != std::string::npos);
    CHECK(why.find("overlap") != std::string::npos);
    p = builtin_profile("innovative-sme");
    p["indicators"][3]["bands"][1] = {{"min", "60%"}, {"points", 5}};  // below and min mixed
    CHECK(refusal(p).find("/indicators/3/bands/1") != std::string::npos);
}

TEST_CASE("scoring: negative points, points above the max and a band after the catch-all are refused") {
    auto p = builtin_profile("tech-sme");
    p["indicators"][0]["bands"][1]["points"] = -16;
    CHECK(refusal(p).find("/indicators/0/bands/1/points") != std::string::npos);
    p = builtin_profile("tech-sme");
    p["indicators"][0]["bands"][0]["points"] = 21;
    CHECK(refusal(p).find("above the indicator's max") != std::string::npos);
    p = builtin_profile("tech-sme");
    p["indicators"][0]["bands"].push_back({{"min", "5%"}, {"points", 2}});
    CHECK(refusal(p).find("/indicators/0/bands/6") != std::string::npos);
}

TEST_CASE("scoring: unknown measures, unknown filing fields and measures in a circle are refused") {
    auto p = builtin_profile("tech-sme");
    p["indicators"][0]["measure"] = "nosuch";
    CHECK(refusal(p).find("unknown measure nosuch") != std::string::npos);
    p = builtin_profile("tech-sme");
    p["measures"]["employees"]["field"] = "latest.headcount";
    CHECK(refusal(p).find("/measures/employees/field") != std::string::npos);
    p = builtin_profile("tech-sme");
    p["measures"]["a"] = {{"unit", "percent"}, {"ratio", {{"num", "b"}, {"den", "latest.revenue"}}}};
    p["measures"]["b"] = {{"unit", "percent"}, {"ratio", {{"num", "a"}, {"den", "latest.revenue"}}}};
    CHECK(refusal(p).find("circle") != std::string::npos);
    p = builtin_profile("innovation-points-estimate");
    p["indicators"][0]["max"].erase("mature");
    CHECK(refusal(p).find("no max for stage mature") != std::string::npos);
}

TEST_CASE("scoring: a province's custom profile changes the result without recompiling") {
    auto p = builtin_profile("tech-sme");
    p["eligibility"]["byScore"]["minScore"] = 101;  // a stricter province
    p["eligibility"]["routes"] = json::array();
    const Engine custom = Engine::builtin().withProfile(p.dump(), "province.json");
    const auto before = fixtures::check(clean_filing());
    CheckOptions options;
    options.checkDate = fixtures::kCheckDate;
    const auto after = custom.check(clean_filing().dump(), options);
    CHECK(profile(before, "tech-sme").eligible);
    CHECK_FALSE(profile(after, "tech-sme").eligible);
    CHECK(custom.profileIds().size() == 4);  // replaced, not added

    auto own = builtin_profile("high-tech");
    own["id"] = "anhui-tech-base";
    own["conditions"] = json::array({{{"id", "staff"}, {"title", {{"zh", "从业人员不少于 200 人"}, {"en", "200 employees"}}},
                                      {"measure", "techStaffShare"}, {"min", "50%"}}});
    const Engine added = Engine::builtin().withProfile(own.dump(), "anhui.json");
    CHECK(added.profileIds().back() == "anhui-tech-base");
    const auto r = added.check(clean_filing().dump(), options);
    CHECK(r.scores.back().id == "anhui-tech-base");
    CHECK_FALSE(r.scores.back().eligible);  // 45% technology staff
}

TEST_CASE("scoring: peer percentiles rank within industry section and stage, ties counted half") {
    const std::vector<PeerInput> in = {{"C", "growth", 50}, {"C", "growth", 70}, {"C", "growth", 70}, {"C", "growth", 90},
                                       {"I", "growth", 10}, {"C", "mature", 99}};
    const auto out = peer_percentiles(in);
    REQUIRE(out.size() == 6);
    CHECK(out[0].group == "C/growth");
    CHECK(out[0].groupSize == 4);
    CHECK(out[0].percentile == doctest::Approx(12.5));  // 0 below, itself: (0 + 0.5) / 4
    CHECK(out[1].percentile == doctest::Approx(50.0));  // 1 below, 2 equal: (1 + 1) / 4
    CHECK(out[3].percentile == doctest::Approx(87.5));
    CHECK(out[4].groupSize == 1);
    CHECK(out[4].percentile == doctest::Approx(50.0));  // alone in its group
    CHECK(out[5].overallPercentile == doctest::Approx(100.0 * 5.5 / 6));
    CHECK(out[4].overallPercentile == doctest::Approx(100.0 * 0.5 / 6));
    CHECK(peer_percentiles({}).empty());
}

TEST_CASE("scoring: badly typed filings score without crashing (every field × every wrong type)") {
    const json wrongs[] = {json(nullptr), json(true), json(-1), json("x"), json::array(), json::object()};
    const auto base = clean_filing();
    const auto flat = base.flatten();
    for (const auto& [pointer, value] : flat.items())
        for (const auto& wrong : wrongs) {
            auto doc = base;
            doc[json::json_pointer(pointer)] = wrong;
            const auto r = fixtures::check(doc);
            REQUIRE(r.scores.size() == 4);
            for (const auto& s : r.scores) CHECK(s.score >= 0);
        }
}

TEST_CASE("scoring: a value just below a threshold never displays as reaching it") {
    auto doc = clean_filing();
    // 3-year R&D 5,999,999 / 120,000,000 = 4.9999992%: fails the 5% tier of high-tech and must not show 5.00%.
    for (int i = 0; i < 3; ++i) {
        auto& y = doc["annual"][i];
        y["revenue"] = 40000000;
        y["mainBusinessRevenue"] = 39000000;
        y["highTechRevenue"] = 30000000;
        y["rdExpense"] = i == 2 ? 1999999 : 2000000;
        y["rdExpenseDomestic"] = y["rdExpense"];
    }
    const auto r = fixtures::check(doc);
    for (const auto& c : profile(r, "high-tech").conditions)
        if (c.id == "rd-ratio") {
            CHECK_FALSE(c.passed);
            CHECK(c.valueText == "4.99%");
            CHECK(c.thresholdText == "≥ 5%");
        }
    CHECK(Rational(-1, 100000).floor_fixed(2) == "-0.01");
    CHECK(Rational(6, 100).floor_fixed(2) == "0.06");
}

TEST_CASE("scoring: innovative-sme applies to SMEs only (a declared large enterprise is not eligible)") {
    auto doc = clean_filing();
    CHECK(profile(fixtures::check(doc), "innovative-sme").eligible);
    doc["enterprise"]["scale"] = "large";
    const auto r = fixtures::check(doc);
    const auto& p = profile(r, "innovative-sme");
    CHECK(p.score == 100);
    CHECK_FALSE(p.eligible);
    REQUIRE_FALSE(p.conditions.empty());
    CHECK(p.conditions[0].id == "sme");
    CHECK_FALSE(p.conditions[0].passed);
}

TEST_CASE("scoring: a value is written exactly enough that no reader can place it in another band") {
    // tech-sme's R&D intensity: 5,999,999 / 100,000,000 = 5.999999%, below the 6% band. Rounded to two decimals
    // it was written 0.06 beside the band "≥6%".
    auto doc = clean_filing();
    auto& latest = doc["annual"][2];
    latest["revenue"] = 100000000;
    latest["mainBusinessRevenue"] = 90000000;
    latest["highTechRevenue"] = 70000000;
    latest["totalCostExpense"] = 1000000000;  // R&D / cost is far lower: the revenue option wins
    latest["rdExpense"] = 5999999;
    latest["rdExpenseDomestic"] = 5999999;
    const auto r = fixtures::check(doc);
    const auto& p = profile(r, "tech-sme");
    const IndicatorScore* rd = nullptr;
    for (const auto& i : p.indicators)
        if (i.valueExact == "5999999/100000000") rd = &i;
    REQUIRE(rd);
    CHECK(rd->valueText == "5.99%");
    CHECK(rd->band.find("6%") == std::string::npos);
    const std::string json = score_json(Engine::builtin(), p);
    CHECK(json.find("\"value\":0.05999999,") != std::string::npos);
    CHECK(json.find("\"valueExact\":\"5999999/100000000\"") != std::string::npos);
    CHECK(json.find("\"value\":0.06,") == std::string::npos);
    for (const auto& c : profile(r, "high-tech").conditions) CHECK_FALSE(c.valueExact.empty());
    CHECK(Rational(6, 100).exact_text() == "3/50");
    CHECK(Rational(-40, 8).exact_text() == "-5");
    CHECK(Rational(0, 7).exact_text() == "0");
}

namespace {
CheckResult check_with(const json& profileDoc, const json& filing) {
    const Engine custom = Engine::builtin().withProfile(profileDoc.dump(), "custom.json");
    CheckOptions options;
    options.checkDate = fixtures::kCheckDate;
    return custom.check(filing.dump(), options);
}
}  // namespace

TEST_CASE("scoring: band bounds max (≤) and below (<), each at its edge, and the hint to a max band") {
    // debt ratio on assets 10,000,000: ≤40% → 10, <50% → 7, ≤50% (exactly 50%) → 6, else 0
    auto p = builtin_profile("innovative-sme");
    p["indicators"][3]["bands"] = json::array({{{"max", "40%"}, {"points", 10}}, {{"below", "50%"}, {"points", 7}},
                                               {{"max", "50%"}, {"points", 6}}, {{"points", 0}}});
    struct Row { long long liabilities; double points; const char* band; };
    const std::vector<Row> rows = {{4000000, 10, "≤40%"}, {4000001, 7, "<50%"}, {4999999, 7, "<50%"},
                                   {5000000, 6, "≤50%"}, {5000001, 0, ""}};
    for (const auto& row : rows) {
        CAPTURE(row.liabilities);
        auto doc = clean_filing();
        doc["annual"][2]["totalAssets"] = 10000000;
        doc["annual"][2]["totalLiabilities"] = row.liabilities;
        const auto r = check_with(p, doc);
        const auto& debt = indicator(profile(r, "innovative-sme"), "debt-ratio");
        CHECK(debt.points == row.points);
        CHECK(debt.band == row.band);
        if (row.liabilities == 4000001) {  // 7 → the nearest better band ≤40% needs 4,000,000: −1
            REQUIRE(debt.hint.has_value());
            CHECK(debt.hint->delta == -1);
            CHECK(debt.hint->target == "≤40%");
        }
    }
}

TEST_CASE("scoring: band bounds min (≥) and above (>), each at its edge, and the hint to an above band") {
    // R&D / revenue on revenue 42,000,000: >5% → 20, ≥5% (exactly 5%) → 12, >1% → 5, else 0
    auto p = builtin_profile("innovative-sme");
    p["indicators"][1]["bands"] = json::array({{{"above", "5%"}, {"points", 20}}, {{"min", "5%"}, {"points", 12}},
                                               {{"above", "1%"}, {"points", 5}}, {{"points", 0}}});
    struct Row { long long rd; double points; const char* band; };
    const std::vector<Row> rows = {{2100001, 20, ">5%"}, {2100000, 12, "≥5%"}, {2099999, 5, ">1%"},
                                   {420001, 5, ">1%"}, {420000, 0, ""}};
    for (const auto& row : rows) {
        CAPTURE(row.rd);
        auto doc = clean_filing();
        doc["annual"][2]["rdExpense"] = row.rd;
        doc["annual"][2]["rdExpenseDomestic"] = row.rd;
        const auto r = check_with(p, doc);
        const auto& rd = indicator(profile(r, "innovative-sme"), "rd-intensity");
        CHECK(rd.points == row.points);
        CHECK(rd.band == row.band);
        if (row.rd == 2100000) {  // 12 → >5% needs 2,100,001: +1 → +8
            REQUIRE(rd.hint.has_value());
            CHECK(rd.hint->delta == 1);
            CHECK(rd.hint->pointsGain == 8);
            CHECK(rd.hint->target == ">5%");
        }
    }
}

TEST_CASE("scoring: band tables with two bounds, a repeated threshold or mixed directions are refused") {
    auto with_bands = [](const json& bands) {
        auto p = builtin_profile("innovative-sme");
        p["indicators"][1]["bands"] = bands;
        return refusal(p);
    };
    CHECK(with_bands(json::array({{{"min", "5%"}, {"max", "6%"}, {"points", 5}}})).find("not two") != std::string::npos);
    // the same threshold twice: only "above t" then "min t" (or "below t" then "max t") leaves a non-empty range
    CHECK(with_bands(json::array({{{"min", "5%"}, {"points", 20}}, {{"above", "5%"}, {"points", 5}}}))
              .find("/indicators/1/bands/1/above: bands overlap: above 5% after min 5%") != std::string::npos);
    CHECK(with_bands(json::array({{{"max", "5%"}, {"points", 20}}, {{"below", "5%"}, {"points", 5}}}))
              .find("/indicators/1/bands/1/below") != std::string::npos);
    CHECK(with_bands(json::array({{{"max", "5%"}, {"points", 20}}, {{"max", "5%"}, {"points", 5}}}))
              .find("thresholds must go up") != std::string::npos);
    CHECK(with_bands(json::array({{{"max", "5%"}, {"points", 20}}, {{"above", "6%"}, {"points", 5}}}))
              .find("bands mix lower bounds") != std::string::npos);
    CHECK(with_bands(json::array({{{"above", "5%"}, {"points", 20}}, {{"min", "5%"}, {"points", 5}}, {{"points", 0}}})) ==
          "(accepted)");
    CHECK(with_bands(json::array({{{"below", "5%"}, {"points", 20}}, {{"max", "5%"}, {"points", 5}}, {{"points", 0}}})) ==
          "(accepted)");
}

TEST_CASE("scoring: ageDays counts calendar days from establishedOn to the reference date") {
    auto p = builtin_profile("high-tech");
    p["conditions"] = json::array({{{"id", "days"}, {"title", {{"zh", "成立满 10 天"}, {"en", "10 days"}}},
                                    {"measure", "ageDays"}, {"min", 10}}});
    auto doc = clean_filing();  // reference date = declaration.date 2025-06-20
    const auto days = [&](const std::string& founded) {
        doc["enterprise"]["establishedOn"] = founded;
        const auto r = check_with(p, doc);
        return profile(r, "high-tech").conditions.at(0);
    };
    CHECK(days("2025-06-10").valueText == "10");
    CHECK(days("2025-06-10").passed);
    CHECK(days("2025-06-11").valueText == "9");
    CHECK_FALSE(days("2025-06-11").passed);
    CHECK(days("2024-06-20").valueText == "365");
    CHECK(days("2023-06-20").valueText == "731");  // 2024 is a leap year
    CHECK(days("2015-05-20").valueText == "3684");
    CHECK_FALSE(days("2025-06-21").applicable);  // founded after the reference date: not applicable
    p["measures"]["ageDays"]["ageDays"] = {{"from", "2020-01-01"}};
    CHECK(refusal(p).find("/measures/ageDays/ageDays") != std::string::npos);
}

TEST_CASE("scoring: a count of year fields counts each present year within the window") {
    auto p = builtin_profile("high-tech");
    p["measures"]["honours"] = {{"unit", "count"},
                                {"count", {{"years", {"qualifications.nationalIpAdvantageYear", "qualifications.nationalIpDemonstrationYear"}},
                                           {"withinYears", 2}}}};
    p["conditions"] = json::array({{{"id", "honours"}, {"title", {{"zh", "近两年称号"}, {"en", "honours"}}},
                                    {"measure", "honours"}, {"min", 1}}});
    auto doc = clean_filing();  // reference year 2025: the window is 2024–2025
    auto honours = [&]() { return profile(check_with(p, doc), "high-tech").conditions.at(0).valueText; };
    CHECK(honours() == "0");  // neither field present
    doc["qualifications"]["nationalIpAdvantageYear"] = 2024;
    CHECK(honours() == "1");
    doc["qualifications"]["nationalIpDemonstrationYear"] = 2025;
    CHECK(honours() == "2");
    doc["qualifications"]["nationalIpAdvantageYear"] = 2023;  // before the window
    CHECK(honours() == "1");
    doc["qualifications"]["nationalIpDemonstrationYear"] = 2026;  // after the reference year (an R-DATE-FUTURE error too)
    CHECK(honours() == "0");
    p["measures"]["honours"]["count"]["list"] = "qualifications.awards";  // list and years together
    CHECK(refusal(p).find("/measures/honours/count: a count has either list or years") != std::string::npos);
    p["measures"]["honours"]["count"].erase("list");
    p["measures"]["honours"]["count"]["years"] = {"qualifications.honourYear"};
    CHECK(refusal(p).find("/measures/honours/count/years/0") != std::string::npos);
}

TEST_CASE("scoring: an optional count absent from the filing reads 0 in a sum; a required one makes it not applicable") {
    auto p = builtin_profile("high-tech");
    p["measures"]["crops"] = {{"unit", "count"}, {"sum", {"ip.designs", "ip.nationalCropVarieties"}}};
    p["conditions"] = json::array({{{"id", "crops"}, {"title", {{"zh", "品种"}, {"en", "varieties"}}}, {"measure", "crops"}, {"min", 1}}});
    auto doc = clean_filing();
    doc["ip"]["designs"] = 0;
    auto crops = [&]() { return profile(check_with(p, doc), "high-tech").conditions.at(0); };
    CHECK(crops().applicable);
    CHECK(crops().valueText == "0");
    doc["ip"]["nationalCropVarieties"] = 3;
    CHECK(crops().valueText == "3");
    doc["ip"].erase("designs");  // a required count missing (an S-REQUIRED error): the sum is not applicable
    CHECK_FALSE(crops().applicable);
}
