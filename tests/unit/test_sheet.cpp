// The batch-upload sheet: columns from forms/2025/sheet.json, cells from a checked filing, and CSV that a
// spreadsheet cannot turn into a formula.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cxjf/sheet.hpp"
#include "fixtures.hpp"
#include "sheet.hpp"

using namespace cxjf;
using fixtures::clean_filing;
using fixtures::json;

namespace {

std::vector<std::string> row_of(const json& doc, Lang lang = Lang::zh) {
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    o.scores = ScoreDetail::summary;
    o.sheet = true;
    o.sheetLang = lang;
    return Engine::builtin().check(doc.dump(), o).sheet;
}

std::string cell(const std::vector<std::string>& row, const std::string& key) {
    const auto& cols = Engine::builtin().sheetColumns();
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols[i].key == key) return i < row.size() ? row[i] : "<short row>";
    return "<no column " + key + ">";
}

}  // namespace

TEST_CASE("sheet: every column has a key, headers in both languages, years and profiles expanded") {
    const auto& cols = Engine::builtin().sheetColumns();
    REQUIRE(cols.size() > 60);
    for (const auto& c : cols) {
        CHECK_FALSE(c.key.empty());
        CHECK_FALSE(c.header.zh.empty());
        CHECK_FALSE(c.header.en.empty());
        CHECK(c.key.find('{') == std::string::npos);
    }
    const auto has = [&](const std::string& k) { return std::any_of(cols.begin(), cols.end(), [&](const SheetColumn& c) { return c.key == k; }); };
    CHECK(has("revenue2022"));
    CHECK(has("revenue2024"));
    CHECK_FALSE(has("revenue2025"));
    CHECK(has("score.tech-sme"));
    CHECK(has("score.innovation-points-estimate"));
}

TEST_CASE("sheet: cells of a clean filing — 万元 exact, labels, counts, names by code") {
    auto doc = clean_filing();
    doc["annual"][2]["revenue"] = 218463726;
    doc["annual"][2]["netProfit"] = -5000;
    const auto row = row_of(doc);
    REQUIRE(row.size() == Engine::builtin().sheetColumns().size());
    CHECK(cell(row, "revenue" + std::to_string(doc["annual"][2]["year"].get<int>())) == "21846.3726");
    CHECK(cell(row, "netProfit" + std::to_string(doc["annual"][2]["year"].get<int>())) == "-0.5");
    CHECK(cell(row, "uscc") == doc["enterprise"]["uscc"].get<std::string>());
    CHECK_FALSE(cell(row, "region").empty());
    CHECK_FALSE(cell(row, "industry").empty());
    const auto clean = row_of(clean_filing());
    CHECK(cell(clean, "status") == "通过");
    CHECK(cell(clean, "signature") == "未签名");
    CHECK(cell(clean, "errors") == "0");
    const auto en = row_of(clean_filing(), Lang::en);
    CHECK(cell(en, "status") == "ok");
    CHECK(cell(en, "signature") == "unsigned");
}

TEST_CASE("sheet: a mistyped or missing field gives an empty or textual cell, never a crash") {
    auto doc = clean_filing();
    doc["ip"]["inventionPatents"] = "=1+1";
    doc["enterprise"].erase("registeredCapital");
    doc["annual"] = "not an array";
    const auto row = row_of(doc);
    REQUIRE(row.size() == Engine::builtin().sheetColumns().size());
    CHECK(cell(row, "ip.inventionPatents") == "=1+1");
    CHECK(cell(row, "registeredCapital").empty());
    CHECK(cell(row, "revenue2024").empty());
    CHECK(cell(row, "status") == "有错误");
    // In CSV the number column's text cell is neutralised like any text.
    const auto& cols = Engine::builtin().sheetColumns();
    CHECK(csv_row(cols, row).find(",'=1+1,") != std::string::npos);
}

TEST_CASE("sheet: neutralising and CSV quoting") {
    CHECK(neutralise_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")");
    CHECK(neutralise_cell("+1") == "'+1");
    CHECK(neutralise_cell("-2+3") == "'-2+3");
    CHECK(neutralise_cell("@SUM(1)") == "'@SUM(1)");
    CHECK(neutralise_cell("\tx") == "'\tx");
    CHECK(neutralise_cell("\rx") == "'\rx");
    CHECK(neutralise_cell("合肥") == "合肥");
    CHECK(neutralise_cell("") == "");
    CHECK(is_decimal("-12"));
    CHECK(is_decimal("21846.3726"));
    CHECK_FALSE(is_decimal("-"));
    CHECK_FALSE(is_decimal("1."));
    CHECK_FALSE(is_decimal("1.2.3"));
    CHECK_FALSE(is_decimal("-2+3"));
    CHECK(csv_line({"a,b", "say \"hi\"", "line\nbreak", "-5", "-5"}, {false, false, false, true, false}) ==
          "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",-5,'-5\r\n");
}

TEST_CASE("sheet: a broken sheet.json is refused naming the problem") {
    ProfileInfo a;
    a.id = "a";
    a.title = {"甲", "A"};
    const std::vector<ProfileInfo> profiles{a};
    auto refused = [&](const char* text) {
        try {
            load_sheet(json::parse(text), 2025, profiles);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refused(R"({"columns": 1})").find("columns") != std::string::npos);
    CHECK(refused(R"({"columns": [{"key": "x", "zh": "x", "en": "x"}]})").find("needs") != std::string::npos);
    CHECK(refused(R"({"columns": [{"key": "x", "zh": "x", "en": "x", "computed": "magic"}]})").find("magic") != std::string::npos);
    CHECK(refused(R"({"columns": [{"key": "x", "zh": "x", "en": "x", "from": "/a"}, {"key": "x", "zh": "y", "en": "y", "from": "/b"}]})")
              .find("repeats") != std::string::npos);
    CHECK(refused(R"({"columns": [{"key": "x", "zh": "x", "en": "x", "from": "/a", "labels": "nope"}]})").find("nope") != std::string::npos);
    CHECK(refused(R"({"columns": [{"key": "s.{profile}", "zh": "{profile}", "en": "{profile}", "computed": "score"}]})") == "accepted");
}

TEST_CASE("sheet: the estimate's base and bonus are separate columns, each header labelled 非官方估算") {
    ProfileInfo plain, estimate;
    plain.id = "plain";
    plain.title = {"甲", "A"};
    estimate.id = "est";
    estimate.title = {"乙", "B"};
    estimate.label = Text2{"非官方估算", "unofficial estimate"};
    estimate.hasBonus = true;
    const Sheet sheet = load_sheet(json::parse(R"({"columns": [
        {"key": "score.{profile}", "zh": "预评分：{profile}", "en": "Pre-score: {profile}", "computed": "score"},
        {"key": "bonus.{profile}", "zh": "加分：{profile}", "en": "Bonus: {profile}", "computed": "bonus"}]})"),
                                   2025, {plain, estimate});
    std::vector<std::string> keys, zh, en;
    for (const auto& c : sheet.columns) {
        keys.push_back(c.key);
        zh.push_back(c.header.zh);
        en.push_back(c.header.en);
    }
    CHECK(keys == std::vector<std::string>{"score.plain", "score.est", "bonus.est"});  // no bonus column without bonus
    CHECK(zh == std::vector<std::string>{"预评分：甲", "预评分：乙（非官方估算）", "加分：乙（非官方估算）"});
    CHECK(en == std::vector<std::string>{"Pre-score: A", "Pre-score: B (unofficial estimate)", "Bonus: B (unofficial estimate)"});
}

std::string read_example(const std::string& name) {
    std::ifstream in(std::string(CXJF_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_CASE("sheet: the built-in estimate's cells are its base score and its bonus, never their sum") {
    const Engine& e = Engine::builtin();
    CheckOptions o;
    o.sheet = true;
    o.checkDate = Date::parse("2025-06-30");
    const CheckResult r = e.check(read_example("06-xian-data-services-clean.json"), o);
    std::string base, bonus;
    for (std::size_t i = 0; i < e.sheetColumns().size(); ++i) {
        if (e.sheetColumns()[i].key == "score.innovation-points-estimate") base = r.sheet[i];
        if (e.sheetColumns()[i].key == "bonus.innovation-points-estimate") bonus = r.sheet[i];
        if (e.sheetColumns()[i].key.find("innovation-points-estimate") != std::string::npos)
            CHECK(e.sheetColumns()[i].header.zh.find("非官方估算") != std::string::npos);
    }
    CHECK(base == "70.4");  // README's pre-score table: 70.4 + 3
    CHECK(bonus == "3");
}
