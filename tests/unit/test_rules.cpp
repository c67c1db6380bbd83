// Every R-* rule: the clean fixture passes it, and a targeted change fails it with the right ID, severity and pointer.
#include <doctest/doctest.h>

#include "fixtures.hpp"

using namespace cxjf;
using fixtures::check;
using fixtures::clean_filing;
using fixtures::count;
using fixtures::json;
using fixtures::param;

TEST_CASE("the clean fixture has no finding at all") {
    const auto r = check(clean_filing());
    INFO(fixtures::describe(r));
    CHECK(r.findings.empty());
    CHECK(r.status == Status::ok);
}

TEST_CASE("R-ID-USCC: wrong check character is an error at /enterprise/uscc") {
    auto doc = clean_filing();
    doc["enterprise"]["uscc"] = "91350100M000100Y4Z";
    const auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-USCC", Severity::error, "/enterprise/uscc");
    CHECK(f.variant == "charset");  // Z is not a USCC character at all
    doc["enterprise"]["uscc"] = "91350100M000100Y44";
    const auto r2 = check(doc);
    const Finding& g = REQUIRE_FINDING(r2, "R-ID-USCC", Severity::error, "/enterprise/uscc");
    CHECK(param(g, "expected") == "3");
    CHECK(param(g, "actual") == "4");
    CHECK(count(r2, "S-PATTERN") == 0);
}

TEST_CASE("R-ID-USCC-ORG: characters 9-17 failing GB 11714 is a warning") {
    auto doc = clean_filing();
    // Change the organisation code's check character (position 17) and fix the USCC check character after it.
    const std::string body = "91350100M000100Y5";
    std::string uscc = body;
    for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
        doc["enterprise"]["uscc"] = body + c;
        if (count(check(doc), "R-ID-USCC") == 0) { uscc = body + c; break; }
    }
    doc["enterprise"]["uscc"] = uscc;
    const auto r = check(doc);
    CHECK(count(r, "R-ID-USCC") == 0);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-USCC-ORG", Severity::warning, "/enterprise/uscc");
    CHECK(param(f, "expected") == "4");
}

TEST_CASE("R-ID-USCC-KIND: a code not starting with 91 is a warning") {
    auto doc = clean_filing();
    doc["enterprise"]["uscc"] = "92350100M000100Y40";  // valid check character for the 92 prefix
    auto r = check(doc);
    if (count(r, "R-ID-USCC")) {  // find the right check character rather than hard-coding it
        for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
            doc["enterprise"]["uscc"] = std::string("92350100M000100Y4") + c;
            r = check(doc);
            if (!count(r, "R-ID-USCC")) break;
        }
    }
    REQUIRE(count(r, "R-ID-USCC") == 0);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-USCC-KIND", Severity::warning, "/enterprise/uscc");
    CHECK(param(f, "prefix") == "92");
}

TEST_CASE("R-ID-REGION: an unknown province is an error, a code missing from the county table a warning") {
    auto doc = clean_filing();
    doc["enterprise"]["regionCode"] = "990101";
    REQUIRE_FINDING(check(doc), "R-ID-REGION", Severity::error, "/enterprise/regionCode");
    doc["enterprise"]["regionCode"] = "350199";
    const auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-REGION", Severity::warning, "/enterprise/regionCode");
    CHECK(f.variant == "not-in-table");
    doc["enterprise"]["regionCode"] = "35010";  // malformed: the schema reports it, the rule stays silent
    const auto r2 = check(doc);
    CHECK(count(r2, "R-ID-REGION") == 0);
    CHECK(count(r2, "S-PATTERN") == 1);
}

TEST_CASE("R-ID-REGION-USCC: USCC province differs from the region's province (warning)") {
    auto doc = clean_filing();
    doc["enterprise"]["regionCode"] = "330106";
    const auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-REGION-USCC", Severity::warning, "/enterprise/uscc");
    CHECK(param(f, "usccProvince") == "35 福建省");
    CHECK(param(f, "regionProvince") == "33 浙江省");
    // The high-tech certificate (province 35) now also differs from the region.
    CHECK(count(r, "R-QUAL-HTE-NO") == 1);
}

TEST_CASE("R-ID-INDUSTRY: unknown class, or a section letter that does not own the class") {
    auto doc = clean_filing();
    doc["enterprise"]["industryCode"] = "I6598";
    auto r = check(doc);
    REQUIRE_FINDING(r, "R-ID-INDUSTRY", Severity::error, "/enterprise/industryCode");
    doc["enterprise"]["industryCode"] = "C6513";
    r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-ID-INDUSTRY", Severity::error, "/enterprise/industryCode");
    CHECK(f.variant == "section");
    CHECK(param(f, "expected") == "I");
    doc["enterprise"]["industryCode"] = "C3562";
    CHECK(count(check(doc), "R-ID-INDUSTRY") == 0);
}

TEST_CASE("R-DATE-INVALID: a YYYY-MM-DD string that is not a calendar date") {
    auto doc = clean_filing();
    doc["enterprise"]["establishedOn"] = "2015-02-30";
    REQUIRE_FINDING(check(doc), "R-DATE-INVALID", Severity::error, "/enterprise/establishedOn");
    doc["qualifications"]["rdInstitutions"][0]["approvedOn"] = "2022-13-01";
    REQUIRE_FINDING(check(doc), "R-DATE-INVALID", Severity::error, "/qualifications/rdInstitutions/0/approvedOn");
}

TEST_CASE("R-DATE-FUTURE: dates after the check date, years after its year, founding before 1949-10-01") {
    auto doc = clean_filing();
    doc["qualifications"]["highTechEnterprise"]["issuedOn"] = "2025-07-01";
    doc["qualifications"]["highTechEnterprise"]["certificateNo"] = "GR202535001234";
    auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-DATE-FUTURE", Severity::error, "/qualifications/highTechEnterprise/issuedOn");
    CHECK(param(f, "today") == "2025-06-30");
    doc["qualifications"]["highTechEnterprise"]["issuedOn"] = "2025-06-30";  // the check date itself is fine
    CHECK(count(check(doc), "R-DATE-FUTURE") == 0);

    doc = clean_filing();
    doc["qualifications"]["awards"][0]["year"] = 2026;
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-DATE-FUTURE", Severity::error, "/qualifications/awards/0/year").variant == "year");

    doc = clean_filing();
    doc["enterprise"]["establishedOn"] = "1949-09-30";
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-DATE-FUTURE", Severity::error, "/enterprise/establishedOn").variant == "before-1949");
    doc["enterprise"]["establishedOn"] = "1949-10-01";
    CHECK(count(check(doc), "R-DATE-FUTURE") == 0);

    doc = clean_filing();
    doc["declaration"]["date"] = "2025-07-02";
    REQUIRE_FINDING(check(doc), "R-DATE-FUTURE", Severity::error, "/declaration/date");
}

TEST_CASE("R-DATE-FUTURE: the optional honour years (国家级技术创新示范企业, 国家知识产权优势/示范企业)") {
    for (const char* honour : {"nationalTechInnovationDemoYear", "nationalIpAdvantageYear", "nationalIpDemonstrationYear"}) {
        CAPTURE(honour);
        auto doc = clean_filing();
        doc["qualifications"][honour] = 2026;  // after 2025, the year of the check date 2025-06-30
        const auto r = check(doc);
        const Finding& f = REQUIRE_FINDING(r, "R-DATE-FUTURE", Severity::error, std::string("/qualifications/") + honour);
        CHECK(f.variant == "year");
        doc["qualifications"][honour] = 2025;
        CHECK(check(doc).errors == 0);
        doc["qualifications"][honour] = 1948;  // before the schema's first year
        REQUIRE_FINDING(check(doc), "S-RANGE", Severity::error, std::string("/qualifications/") + honour);
    }
}

TEST_CASE("The optional fields: a filing without them is as clean as before, with them still clean") {
    auto doc = clean_filing();
    CHECK(check(doc).errors == 0);
    doc["qualifications"]["nationalIpAdvantageYear"] = 2023;
    doc["ip"]["nationalCropVarieties"] = 2;
    doc["ip"]["firstGradeTcmVarieties"] = 1;
    CHECK(check(doc).errors == 0);
    doc["ip"]["firstGradeTcmVarieties"] = -1;
    REQUIRE_FINDING(check(doc), "S-RANGE", Severity::error, "/ip/firstGradeTcmVarieties");
    doc["ip"]["firstGradeTcmVarieties"] = "1";
    REQUIRE_FINDING(check(doc), "S-TYPE", Severity::error, "/ip/firstGradeTcmVarieties");
}

TEST_CASE("R-YEARS: the fiscal years must be 2022, 2023, 2024 in order") {
    auto doc = clean_filing();
    std::swap(doc["annual"][0], doc["annual"][1]);
    auto r = check(doc);
    CHECK(count(r, "R-YEARS") == 2);
    const Finding& f = REQUIRE_FINDING(r, "R-YEARS", Severity::error, "/annual/0/year");
    CHECK(param(f, "expected") == "2022");
    doc = clean_filing();
    doc["annual"][2]["year"] = 2025;
    r = check(doc);
    REQUIRE_FINDING(r, "R-YEARS", Severity::error, "/annual/2/year");
    CHECK(count(r, "R-YEARS") == 1);
}

TEST_CASE("R-FIN-RD-COST: R&D above total cost is an error; equal is fine") {
    auto doc = clean_filing();
    doc["annual"][1]["rdExpense"] = doc["annual"][1]["totalCostExpense"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-RD-COST", Severity::error, "/annual/1/rdExpense");
    doc["annual"][1]["rdExpense"] = doc["annual"][1]["totalCostExpense"];
    doc["annual"][1]["rdExpenseDomestic"] = doc["annual"][1]["totalCostExpense"];
    CHECK(count(check(doc), "R-FIN-RD-COST") == 0);
}

TEST_CASE("R-FIN-RD-DOMESTIC: domestic R&D above R&D") {
    auto doc = clean_filing();
    doc["annual"][0]["rdExpenseDomestic"] = doc["annual"][0]["rdExpense"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-RD-DOMESTIC", Severity::error, "/annual/0/rdExpenseDomestic");
}

TEST_CASE("R-FIN-REV-PARTS: high-tech or main business revenue above revenue") {
    auto doc = clean_filing();
    doc["annual"][2]["highTechRevenue"] = doc["annual"][2]["revenue"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-REV-PARTS", Severity::error, "/annual/2/highTechRevenue");
    doc = clean_filing();
    doc["annual"][2]["mainBusinessRevenue"] = doc["annual"][2]["revenue"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-REV-PARTS", Severity::error, "/annual/2/mainBusinessRevenue");
    doc["annual"][2]["mainBusinessRevenue"] = doc["annual"][2]["revenue"];
    CHECK(count(check(doc), "R-FIN-REV-PARTS") == 0);
}

TEST_CASE("R-FIN-BEFORE-FOUNDING: figures for a year that ended before the company existed") {
    auto doc = clean_filing();
    doc["enterprise"]["establishedOn"] = "2023-03-01";
    auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-FIN-BEFORE-FOUNDING", Severity::error, "/annual/0");
    CHECK(param(f, "year") == "2022");
    CHECK(count(r, "R-FIN-BEFORE-FOUNDING") == 1);  // 2023 ends after founding
    for (auto& [key, value] : doc["annual"][0].items())
        if (key != "year") value = 0;
    CHECK(count(check(doc), "R-FIN-BEFORE-FOUNDING") == 0);
}

TEST_CASE("R-FIN-INSOLVENT: liabilities above assets is a warning") {
    auto doc = clean_filing();
    doc["annual"][2]["totalLiabilities"] = doc["annual"][2]["totalAssets"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-INSOLVENT", Severity::warning, "/annual/2/totalLiabilities");
}

TEST_CASE("R-FIN-RD-GT-REV: R&D above revenue is a warning") {
    auto doc = clean_filing();
    auto& y = doc["annual"][0];
    y["revenue"] = 2000000;
    y["mainBusinessRevenue"] = 2000000;
    y["highTechRevenue"] = 1500000;
    y["netProfit"] = -1000000;
    y["rdExpense"] = 2400001;
    y["rdExpenseDomestic"] = 2400001;
    auto r = check(doc);
    REQUIRE_FINDING(r, "R-FIN-RD-GT-REV", Severity::warning, "/annual/0/rdExpense");
}

TEST_CASE("R-FIN-PROFIT-GT-REV: net profit above revenue is a warning") {
    auto doc = clean_filing();
    doc["annual"][1]["netProfit"] = doc["annual"][1]["revenue"].get<long long>() + 1;
    REQUIRE_FINDING(check(doc), "R-FIN-PROFIT-GT-REV", Severity::warning, "/annual/1/netProfit");
}

TEST_CASE("R-FIN-UNIT-JUMP: 元 typed as 万元 in one year gives one warning at that year") {
    auto doc = clean_filing();
    doc["annual"][0]["taxPaid"] = 2000000;
    doc["annual"][1]["taxPaid"] = 210;  // 210万元 typed into a field that takes 元
    doc["annual"][2]["taxPaid"] = 2400000;
    auto r = check(doc);
    CHECK(count(r, "R-FIN-UNIT-JUMP") == 1);
    const Finding& f = REQUIRE_FINDING(r, "R-FIN-UNIT-JUMP", Severity::warning, "/annual/1/taxPaid");
    CHECK(param(f, "previousYear") == "2022");

    // A lasting tenfold change (last year only) is reported once, at that year.
    doc = clean_filing();
    doc["annual"][2]["techContractTurnover"] = 6000000;  // not a watched field: no warning
    doc["annual"][2]["taxPaid"] = doc["annual"][1]["taxPaid"].get<long long>() * 10;
    r = check(doc);
    CHECK(count(r, "R-FIN-UNIT-JUMP") == 1);
    REQUIRE_FINDING(r, "R-FIN-UNIT-JUMP", Severity::warning, "/annual/2/taxPaid");

    // Just under ×10 is fine; small amounts under the floor are ignored.
    doc = clean_filing();
    doc["annual"][2]["taxPaid"] = doc["annual"][1]["taxPaid"].get<long long>() * 10 - 1;
    CHECK(count(check(doc), "R-FIN-UNIT-JUMP") == 0);
    doc = clean_filing();
    doc["annual"][0]["rdExpense"] = 1000;
    doc["annual"][0]["rdExpenseDomestic"] = 1000;
    doc["annual"][1]["rdExpense"] = 90000;
    doc["annual"][1]["rdExpenseDomestic"] = 90000;
    doc["annual"][2]["rdExpense"] = 95000;
    doc["annual"][2]["rdExpenseDomestic"] = 95000;
    CHECK(count(check(doc), "R-FIN-UNIT-JUMP") == 0);
}

TEST_CASE("R-FIN-UNIT-JUMP: a whole year typed in 万元 is one warning on that year") {
    auto doc = clean_filing();
    for (const char* k : {"revenue", "mainBusinessRevenue", "highTechRevenue", "totalCostExpense", "rdExpense",
                          "rdExpenseDomestic", "netProfit", "taxPaid", "totalAssets", "totalLiabilities"})
        doc["annual"][1][k] = doc["annual"][1][k].get<long long>() / 10000;
    const auto r = check(doc);
    CHECK(count(r, "R-FIN-UNIT-JUMP") == 1);
    const Finding& f = REQUIRE_FINDING(r, "R-FIN-UNIT-JUMP", Severity::warning, "/annual/1");
    CHECK(f.variant == "year");
    CHECK(param(f, "count") == "9");
    CHECK(param(f, "year") == "2023");
}

TEST_CASE("R-STAFF-SUBSET: tech staff, R&D staff, graduates or masters+doctors above employees") {
    auto doc = clean_filing();
    doc["annual"][2]["rdStaff"] = 121;
    auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-STAFF-SUBSET", Severity::error, "/annual/2/rdStaff");
    CHECK(param(f, "count") == "121");
    CHECK(param(f, "employees") == "120");
    doc["annual"][2]["rdStaff"] = 120;
    CHECK(count(check(doc), "R-STAFF-SUBSET") == 0);
    doc["annual"][0]["masters"] = 90;
    doc["annual"][0]["doctors"] = 11;
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-STAFF-SUBSET", Severity::error, "/annual/0/masters").variant == "graduates");
    doc = clean_filing();
    doc["annual"][1]["techStaff"] = 111;
    REQUIRE_FINDING(check(doc), "R-STAFF-SUBSET", Severity::error, "/annual/1/techStaff");
    doc = clean_filing();
    doc["annual"][1]["freshGraduates"] = 111;
    REQUIRE_FINDING(check(doc), "R-STAFF-SUBSET", Severity::error, "/annual/1/freshGraduates");
}

TEST_CASE("R-STAFF-NONE: revenue without employees is a warning") {
    auto doc = clean_filing();
    auto& y = doc["annual"][0];
    for (const char* k : {"employees", "techStaff", "rdStaff", "masters", "doctors", "freshGraduates"}) y[k] = 0;
    REQUIRE_FINDING(check(doc), "R-STAFF-NONE", Severity::warning, "/annual/0/employees");
}

TEST_CASE("R-IP-SUBSET: high-value or acquired invention patents above the total") {
    auto doc = clean_filing();
    doc["ip"]["inventionPatentsHighValue"] = 9;
    REQUIRE_FINDING(check(doc), "R-IP-SUBSET", Severity::error, "/ip/inventionPatentsHighValue");
    doc["ip"]["inventionPatentsHighValue"] = 8;
    doc["ip"]["inventionPatentsAcquired"] = 9;
    REQUIRE_FINDING(check(doc), "R-IP-SUBSET", Severity::error, "/ip/inventionPatentsAcquired");
}

TEST_CASE("R-QUAL-HTE-NO: malformed number, year mismatch (errors), province mismatch (warning)") {
    auto doc = clean_filing();
    doc["qualifications"]["highTechEnterprise"]["certificateNo"] = "GR2023350012";
    const std::string at = "/qualifications/highTechEnterprise/certificateNo";
    auto r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-QUAL-HTE-NO", Severity::error, at).variant == "");
    doc["qualifications"]["highTechEnterprise"]["certificateNo"] = "GR202235001234";
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-QUAL-HTE-NO", Severity::error, at).variant == "year");
    doc["qualifications"]["highTechEnterprise"]["certificateNo"] = "GR202333001234";
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-QUAL-HTE-NO", Severity::warning, at).variant == "province");
}

TEST_CASE("R-QUAL-HTE-EXPIRED: issued + 3 years before the reference date (declaration.date)") {
    auto doc = clean_filing();
    doc["qualifications"]["highTechEnterprise"] = {{"certificateNo", "GR202235001234"}, {"issuedOn", "2022-06-19"}};
    auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-QUAL-HTE-EXPIRED", Severity::warning, "/qualifications/highTechEnterprise/issuedOn");
    CHECK(param(f, "expiresOn") == "2025-06-19");
    CHECK(param(f, "referenceDate") == "2025-06-20");
    // Expiring on the reference date itself is still valid.
    doc["qualifications"]["highTechEnterprise"]["issuedOn"] = "2022-06-20";
    CHECK(count(check(doc), "R-QUAL-HTE-EXPIRED") == 0);
    // The reference date is the declaration date, so a later check gives the same verdict...
    CHECK(count(check(doc, Date{2026, 1, 1}), "R-QUAL-HTE-EXPIRED") == 0);
    // ...and without a declaration date, the check date is used.
    doc["declaration"].erase("date");
    CHECK(count(check(doc, Date{2026, 1, 1}), "R-QUAL-HTE-EXPIRED") == 1);
}

TEST_CASE("R-QUAL-TECHSME-SIZE: tech-SME claimed beyond 500 staff, 2亿 revenue or 2亿 assets") {
    auto doc = clean_filing();
    doc["annual"][2]["employees"] = 501;
    auto r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-QUAL-TECHSME-SIZE", Severity::warning, "/qualifications/techSme").variant == "employees");
    doc["annual"][2]["employees"] = 500;
    doc["annual"][2]["totalAssets"] = 200000001;
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-QUAL-TECHSME-SIZE", Severity::warning, "/qualifications/techSme").variant == "assets");
    doc["annual"][2]["totalAssets"] = 200000000;
    CHECK(count(check(doc), "R-QUAL-TECHSME-SIZE") == 0);
    doc["qualifications"]["techSme"] = nullptr;
    doc["annual"][2]["employees"] = 900;
    CHECK(count(check(doc), "R-QUAL-TECHSME-SIZE") == 0);
}

TEST_CASE("R-SCALE: the 2017 size classification from the latest year, boundaries inclusive") {
    // Software (I65): large X≥300 and Y≥10000万; medium X≥100 and Y≥1000万; small X≥10 and Y≥50万.
    auto doc = clean_filing();
    doc["qualifications"]["techSme"] = nullptr;
    auto& y = doc["annual"][2];
    y["employees"] = 100;
    y["mainBusinessRevenue"] = 10000000;  // exactly 1000万: medium
    CHECK(count(check(doc), "R-SCALE") == 0);
    y["mainBusinessRevenue"] = 9999999;  // just under: small
    auto r = check(doc);
    const Finding& f = REQUIRE_FINDING(r, "R-SCALE", Severity::warning, "/enterprise/scale");
    CHECK(param(f, "derived") == "scale.small");
    CHECK(param(f, "declared") == "scale.medium");
    CHECK(param(f, "category") == "scale-category.software");
    CHECK(r.summary.scaleDerived == "small");

    // Industry (C): both X and Y; one indicator short drops a tier.
    doc = clean_filing();
    doc["qualifications"]["techSme"] = nullptr;
    doc["enterprise"]["industryCode"] = "C3562";
    doc["annual"][2]["employees"] = 300;                 // medium needs X ≥ 300
    doc["annual"][2]["mainBusinessRevenue"] = 20000000;  // and Y ≥ 2000万
    CHECK(count(check(doc), "R-SCALE") == 0);
    doc["annual"][2]["employees"] = 299;
    CHECK(param(REQUIRE_FINDING(check(doc), "R-SCALE", Severity::warning, "/enterprise/scale"), "derived") == "scale.small");

    // Fallback category (其他未列明, e.g. M 科学研究) uses X only.
    doc = clean_filing();
    doc["enterprise"]["industryCode"] = "M7320";
    doc["enterprise"]["scale"] = "medium";
    doc["annual"][2]["employees"] = 100;
    CHECK(count(check(doc), "R-SCALE") == 0);
    doc["annual"][2]["employees"] = 9;
    for (const char* k : {"techStaff", "rdStaff", "masters", "doctors", "freshGraduates"}) doc["annual"][2][k] = 1;
    CHECK(param(REQUIRE_FINDING(check(doc), "R-SCALE", Severity::warning, "/enterprise/scale"), "derived") == "scale.micro");
}

TEST_CASE("R-LOAN: missing loan block replaces the schema's S-REQUIRED; duplicate and unknown banks") {
    auto doc = clean_filing();
    doc["financing"].erase("loan");
    auto r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-LOAN", Severity::error, "/financing/loan").variant == "missing");
    CHECK(count(r, "S-REQUIRED") == 0);
    CHECK(r.findings.size() == 1);

    doc = clean_filing();
    doc["financing"]["loan"]["preferredBanks"] = json::array({"icbc", "cmb", "icbc", "zzbank"});
    r = check(doc);
    CHECK(REQUIRE_FINDING(r, "R-LOAN", Severity::error, "/financing/loan/preferredBanks/2").variant == "duplicate-bank");
    CHECK(REQUIRE_FINDING(r, "R-LOAN", Severity::error, "/financing/loan/preferredBanks/3").variant == "unknown-bank");
    CHECK(count(r, "R-LOAN") == 2);
}

TEST_CASE("R-DECLARATION: truthful must be true") {
    auto doc = clean_filing();
    doc["declaration"]["truthful"] = false;
    auto r = check(doc);
    REQUIRE_FINDING(r, "R-DECLARATION", Severity::error, "/declaration/truthful");
    doc["declaration"].erase("truthful");  // missing: the schema reports it once, the rule stays silent
    r = check(doc);
    CHECK(count(r, "R-DECLARATION") == 0);
    CHECK(count(r, "S-REQUIRED") == 1);
}
