#include <doctest/doctest.h>

#include "cxjf/report.hpp"
#include "fixtures.hpp"

using namespace cxjf;
using fixtures::check;
using fixtures::clean_filing;
using fixtures::json;

namespace {
std::string message(const CheckResult& r, const std::string& rule, Lang lang) {
    for (const auto& f : r.findings)
        if (f.rule == rule) return render_message(Engine::builtin(), f, lang);
    return "<no " + rule + ">";
}
}  // namespace

TEST_CASE("messages name the field with its fiscal year and show money in 万元 (zh) and CNY (en)") {
    auto doc = clean_filing();
    doc["annual"][1]["rdExpense"] = 30000001;
    doc["annual"][1]["rdExpenseDomestic"] = 30000001;
    const auto r = check(doc);
    CHECK(message(r, "R-FIN-RD-COST", Lang::zh) ==
          "2023 年研发费用（3,000.0001万元）大于同年成本费用支出总额（2,975万元）");
    CHECK(message(r, "R-FIN-RD-COST", Lang::en) ==
          "R&D expense 2023 (CNY 30,000,001) is above the total cost and expense of that year (CNY 29,750,000)");
}

TEST_CASE("schema messages use field labels and format hints; unknown fields use their own name") {
    auto doc = clean_filing();
    doc["enterprise"].erase("uscc");
    doc["enterprise"]["contact"]["mobile"] = "123";
    doc["ip"]["trademarks"] = 3;
    const auto r = check(doc);
    CHECK(message(r, "S-REQUIRED", Lang::zh) == "缺少必填项：统一社会信用代码");
    CHECK(message(r, "S-PATTERN", Lang::zh) == "联系人手机格式不正确，应为11 位手机号码");
    CHECK(message(r, "S-PATTERN", Lang::en) == "Contact mobile has the wrong format; expected an 11-digit mobile number");
    CHECK(message(r, "S-UNKNOWN-FIELD", Lang::zh).find("“trademarks”") != std::string::npos);
}

TEST_CASE("list items are numbered from 1 and types are named in the reader's language") {
    auto doc = clean_filing();
    doc["qualifications"]["awards"][0]["rank"] = "2";
    const auto r = check(doc);
    CHECK(message(r, "S-TYPE", Lang::zh) == "第 1 项科技奖励的排名的类型不对，应为整数");
    CHECK(message(r, "S-TYPE", Lang::en) == "Rank in award 1 has the wrong type; expected an integer");
}

TEST_CASE("result_json has the DESIGN §6 keys and both messages for every issue") {
    auto doc = clean_filing();
    doc["enterprise"]["uscc"] = "91350100M000100Y44";
    const std::string file = "a.json";
    const auto out = json::parse(result_json(Engine::builtin(), check(doc), &file));
    CHECK(out["file"] == "a.json");
    CHECK(out["status"] == "errors");
    CHECK(out["signature"]["status"] == "absent");
    REQUIRE(out["issues"].size() == 1);
    const auto& issue = out["issues"][0];
    CHECK(issue["rule"] == "R-ID-USCC");
    CHECK(issue["severity"] == "error");
    CHECK(issue["path"] == "/enterprise/uscc");
    CHECK(issue["message_zh"].get<std::string>().find("应为 3") != std::string::npos);
    CHECK(issue["message_en"].get<std::string>().find("must be 3") != std::string::npos);
    CHECK(issue["values"]["expected"] == "3");
    CHECK(out["counts"]["errors"] == 1);
}

TEST_CASE("negative money and small amounts format exactly") {
    auto doc = clean_filing();
    doc["annual"][0]["netProfit"] = 30000001;  // above revenue 30,000,000
    const auto r = check(doc);
    CHECK(message(r, "R-FIN-PROFIT-GT-REV", Lang::zh).find("3,000.0001万元") != std::string::npos);
}
