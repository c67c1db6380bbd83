#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <map>
#include <set>

#include "fixtures.hpp"
#include "schema_stage.hpp"

using namespace cxjf;
using fixtures::json;

namespace {
json filing_schema() {
    std::ifstream in(std::string(CXJF_SOURCE_DIR) + "/forms/2025/filing.schema.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

std::vector<Finding> validate(const json& schema, const json& doc) { return SchemaStage(schema).validate(doc); }
}  // namespace

TEST_CASE("the clean fixture passes the filing schema") {
    CHECK(SchemaStage(filing_schema()).validate(fixtures::clean_filing()).empty());
}

TEST_CASE("one finding per real problem: a nested type error is one S-TYPE, not a chain of parents") {
    auto doc = fixtures::clean_filing();
    doc["annual"][1]["revenue"] = "35000000";
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-TYPE");
    CHECK(findings[0].path == "/annual/1/revenue");
}

TEST_CASE("S-REQUIRED points at the missing member") {
    auto doc = fixtures::clean_filing();
    doc["enterprise"].erase("uscc");
    doc["annual"][0].erase("rdExpense");
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 2);
    bool sawUscc = false, sawRd = false;
    for (const auto& f : findings) {
        CHECK(f.rule == "S-REQUIRED");
        sawUscc |= f.path == "/enterprise/uscc";
        sawRd |= f.path == "/annual/0/rdExpense";
    }
    CHECK(sawUscc);
    CHECK(sawRd);
}

TEST_CASE("S-UNKNOWN-FIELD points at the unknown member") {
    auto doc = fixtures::clean_filing();
    doc["enterprise"]["usc"] = "x";
    doc["ip"]["it's/odd'"] = 1;
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].rule == "S-UNKNOWN-FIELD");
    CHECK(findings[1].rule == "S-UNKNOWN-FIELD");
    CHECK((findings[0].path == "/enterprise/usc" || findings[1].path == "/enterprise/usc"));
    CHECK((findings[0].path == "/ip/it's~1odd'" || findings[1].path == "/ip/it's~1odd'"));
}

TEST_CASE("every unknown member of an object is reported, not only the first valijson names") {
    auto doc = fixtures::clean_filing();
    doc["enterprise"]["a"] = 1;
    doc["enterprise"]["b~/"] = 2;
    doc["enterprise"]["c"] = 3;
    doc["explanations"] = {{"R-FIN-INSOLVENT", "说明"}, {"lower", "x"}, {"Bad key", "y"}};  // patternProperties: valijson's one
    std::set<std::string> paths;
    for (const auto& f : SchemaStage(filing_schema()).validate(doc)) {
        CHECK(f.rule == "S-UNKNOWN-FIELD");
        paths.insert(f.path);
    }
    CHECK(paths == std::set<std::string>{"/enterprise/a", "/enterprise/b~0~1", "/enterprise/c", "/explanations/Bad key"});
}

TEST_CASE("unknown members: 50 listed per object, 200 per file, then a count per object") {
    auto doc = fixtures::clean_filing();
    for (const char* object : {"enterprise", "ip", "financing", "declaration", "qualifications"})
        for (int i = 0; i < 100; ++i) doc[object]["zz" + std::to_string(1000 + i)] = i;
    std::size_t listed = 0;
    std::map<std::string, std::int64_t> more;
    for (const auto& f : SchemaStage(filing_schema()).validate(doc)) {
        REQUIRE(f.rule == "S-UNKNOWN-FIELD");
        if (f.variant == "more") more[f.path] = f.params.at(0).number;
        else ++listed;
    }
    // Each object: valijson's first, then up to 49 more while the file's 200 last; the rest counted.
    CHECK(listed == 5 + 200);
    std::int64_t counted = 0;
    for (const auto& [path, n] : more) counted += n;
    CHECK(listed + counted == 500);
    CHECK(more.size() == 5);
}

TEST_CASE("S-ENUM carries the allowed values from the schema") {
    auto doc = fixtures::clean_filing();
    doc["enterprise"]["scale"] = "tiny";
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-ENUM");
    CHECK(findings[0].path == "/enterprise/scale");
    REQUIRE(findings[0].params.size() == 1);
    CHECK(findings[0].params[0].text == "large / medium / small / micro");
}

TEST_CASE("const mismatch is S-ENUM case const") {
    auto doc = fixtures::clean_filing();
    doc["filingYear"] = 2024;
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-ENUM");
    CHECK(findings[0].variant == "const");
    CHECK(findings[0].params[0].text == "2025");
}

TEST_CASE("S-RANGE, S-LENGTH, S-ITEMS and S-PATTERN with their limits") {
    auto doc = fixtures::clean_filing();
    doc["annual"][2]["employees"] = -1;
    doc["enterprise"]["name"] = "甲";
    doc["annual"].erase(0);
    doc["enterprise"]["contact"]["mobile"] = "2390000";
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    INFO(findings.size());
    auto find = [&](const std::string& rule, const std::string& path) -> const Finding* {
        for (const auto& f : findings)
            if (f.rule == rule && f.path == path) return &f;
        return nullptr;
    };
    const Finding* range = find("S-RANGE", "/annual/1/employees");
    REQUIRE(range);
    CHECK(range->variant == "min");
    CHECK(range->params[0].text == "0");
    const Finding* length = find("S-LENGTH", "/enterprise/name");
    REQUIRE(length);
    CHECK(length->variant == "min");
    CHECK(length->params[0].text == "2");
    const Finding* items = find("S-ITEMS", "/annual");
    REQUIRE(items);
    CHECK(items->variant == "min");
    CHECK(items->params[0].text == "3");
    CHECK(find("S-PATTERN", "/enterprise/contact/mobile"));
    CHECK(findings.size() == 4);
}

TEST_CASE("loan iff needsLoan: S-REQUIRED when missing, S-NOT-ALLOWED when present without the request") {
    auto doc = fixtures::clean_filing();
    doc["financing"]["needsLoan"] = false;
    auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-NOT-ALLOWED");
    CHECK(findings[0].path == "/financing/loan");

    doc = fixtures::clean_filing();
    doc["financing"].erase("loan");
    findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-REQUIRED");
    CHECK(findings[0].path == "/financing/loan");

    doc = fixtures::clean_filing();
    doc["financing"]["needsEquity"] = true;
    findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-REQUIRED");
    CHECK(findings[0].path == "/financing/equity");
}

TEST_CASE("a misspelt required member is one S-UNKNOWN-FIELD with a suggestion, not two findings") {
    auto doc = fixtures::clean_filing();
    doc["annual"][2]["mainBussinessRevenue"] = doc["annual"][2]["mainBusinessRevenue"];
    doc["annual"][2].erase("mainBusinessRevenue");
    auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-UNKNOWN-FIELD");
    CHECK(findings[0].variant == "typo");
    CHECK(findings[0].path == "/annual/2/mainBussinessRevenue");
    CHECK(findings[0].params[1].text == "mainBusinessRevenue");
    // Unrelated names stay two findings.
    doc = fixtures::clean_filing();
    doc["enterprise"]["website"] = "https://example.com";
    doc["enterprise"].erase("address");
    findings = SchemaStage(filing_schema()).validate(doc);
    CHECK(findings.size() == 2);
    // The same name in another object is not paired.
    doc = fixtures::clean_filing();
    doc["ip"]["adress"] = "x";
    doc["enterprise"].erase("address");
    CHECK(SchemaStage(filing_schema()).validate(doc).size() == 2);
}

TEST_CASE("explanations accept rule IDs as keys and nothing else") {
    auto doc = fixtures::clean_filing();
    doc["explanations"] = {{"R-FIN-INSOLVENT", "初创期"}};
    CHECK(SchemaStage(filing_schema()).validate(doc).empty());
    doc["explanations"] = {{"not a rule", "x"}};
    const auto findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-UNKNOWN-FIELD");
    CHECK(findings[0].path == "/explanations/not a rule");
}

TEST_CASE("a wrong type at the root and an array where an object belongs") {
    auto findings = SchemaStage(filing_schema()).validate(json::array());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-TYPE");
    CHECK(findings[0].path == "");
    auto doc = fixtures::clean_filing();
    doc["enterprise"] = json::array({1, 2});
    findings = SchemaStage(filing_schema()).validate(doc);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-TYPE");
    CHECK(findings[0].path == "/enterprise");
}

TEST_CASE("S-UNIQUE points at the repeated element") {
    const json schema = {{"type", "array"}, {"uniqueItems", true}};
    const auto findings = validate(schema, json::array({1, 2, 1}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "S-UNIQUE");
    CHECK(findings[0].path == "/2");
}

TEST_CASE("a schema failure with only chain messages still yields a finding (S-INVALID)") {
    const json schema = {{"properties", {{"a", false}}}};
    const auto findings = validate(schema, json{{"a", 1}});
    REQUIRE_FALSE(findings.empty());
}

TEST_CASE("a \\p{...} pattern is refused at load time instead of throwing during validation") {
    const json schema = {{"type", "string"}, {"pattern", "^\\p{L}+$"}};
    CHECK_THROWS_AS(SchemaStage{schema}, SchemaError);
    const json nested = {{"properties", {{"name", {{"pattern", "^\\p{Letter}$"}}}}}};
    CHECK_THROWS_WITH_AS(SchemaStage{nested}, doctest::Contains("/properties/name/pattern"), SchemaError);
    const json badKey = {{"patternProperties", {{"\\p{Lu}", {{"type", "string"}}}}}};
    CHECK_THROWS_AS(SchemaStage{badKey}, SchemaError);
    const json broken = {{"pattern", "([a-z"}};
    CHECK_THROWS_AS(SchemaStage{broken}, SchemaError);
    const json nonAsciiClass = {{"pattern", "^[一-龥]+$"}};
    CHECK_THROWS_AS(SchemaStage{nonAsciiClass}, SchemaError);
    const json nonAsciiRepeated = {{"pattern", "^有限公司+$"}};
    CHECK_THROWS_AS(SchemaStage{nonAsciiRepeated}, SchemaError);
    // A non-ASCII literal matches correctly byte by byte and is allowed.
    const json literal = {{"type", "string"}, {"pattern", "^á"}};
    CHECK(validate(literal, "ámbar").empty());
    CHECK_FALSE(validate(literal, "amber").empty());
}

TEST_CASE("the filing schema never puts propertyNames under allOf/anyOf/oneOf/not/if (valijson bug)") {
    CHECK(schema_policy_violations(filing_schema()).empty());
    // The check itself catches the pattern wherever it hides.
    const json bad = {{"properties", {{"x", {{"allOf", json::array({{{"propertyNames", {{"maxLength", 5}}}}})}}}}}};
    const auto v = schema_policy_violations(bad);
    REQUIRE(v.size() == 1);
    CHECK(v[0].find("/properties/x/allOf/0") != std::string::npos);
    const json inIf = {{"if", {{"propertyNames", {{"maxLength", 5}}}}}};
    CHECK(schema_policy_violations(inIf).size() == 1);
    const json topLevel = {{"propertyNames", {{"maxLength", 5}}}};
    CHECK(schema_policy_violations(topLevel).empty());
}

TEST_CASE("the schema policy refuses format, decimal-valued limits and non-local refs") {
    CHECK(schema_policy_violations(json{{"format", "date"}}).size() == 1);
    CHECK(schema_policy_violations(json{{"maxLength", 2.0}}).size() == 1);
    CHECK(schema_policy_violations(json{{"$ref", "http://example.com/s.json"}}).size() == 1);
    CHECK(schema_policy_violations(json{{"$ref", "#/definitions/a"}, {"definitions", {{"a", json::object()}}}}).empty());
}

TEST_CASE("the schema policy refuses unbounded quantifiers in patterns (std::regex recursion)") {
    for (const char* bad : {"^a+$", "^a*$", "^(ab){2,}$", "^[0-9]{1,3}x+$"}) {
        INFO(bad);
        CHECK(schema_policy_violations(json{{"pattern", bad}}).size() == 1);
    }
    CHECK(schema_policy_violations(json{{"patternProperties", {{"^x.*$", json::object()}}}}).size() == 1);
    for (const char* fine : {"^a{1,5}$", "^[+*]{1,3}$", "^\\+[0-9]{2}$", "^a?$", "^[{]{1,2}$"}) {
        INFO(fine);
        CHECK(schema_policy_violations(json{{"pattern", fine}}).empty());
    }
}

TEST_CASE("a pattern field holding a long text gives findings, not a stack overflow") {
    // The e-mail pattern once had [^@ ]+: 60 KB of text crashed the check (std::regex recursion).
    json filing = fixtures::clean_filing();
    filing["enterprise"]["contact"]["email"] = std::string(60000, 'a') + "@b.c";
    const auto findings = SchemaStage(filing_schema()).validate(filing);
    CHECK(std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.rule == "S-LENGTH"; }));
}

TEST_CASE("schema_node_at follows properties, items and $ref") {
    const json schema = filing_schema();
    const json* node = schema_node_at(schema, "/annual/2/netProfit");
    REQUIRE(node);
    CHECK((*node)["minimum"] == -1000000000000000);
    CHECK(schema_node_at(schema, "/enterprise/nonexistent") == nullptr);
}
