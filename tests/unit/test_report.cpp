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

TEST_CASE("display_text escapes what must not reach a terminal raw; file_name_text keeps names distinct") {
    CHECK(display_text("合肥 a/b.json") == "合肥 a/b.json");
    CHECK(display_text("a\nb\r\tc") == "a\\nb\\r\\tc");
    CHECK(display_text("\x1b[31mred\x7f") == "\\x1b[31mred\\x7f");
    CHECK(display_text("x\xC2\x85y") == "x\\u0085y");               // C1 control (NEL)
    CHECK(display_text("abc\xE2\x80\xAE" "cba") == "abc\\u202ecba");  // right-to-left override
    CHECK(display_text("\xff\xfe名") == "\\xff\\xfe名");
    CHECK(file_name_text("名.json") == "名.json");
    CHECK(file_name_text("a\n.json") == "a\n.json");  // JSON and CSV quote it; only bytes that are not UTF-8 change
    CHECK(file_name_text("\xff.json") == "\\xff.json");
    const CheckResult r = Engine::unreadable(ReadFailure{ReadFailure::Kind::io, "x", 0});
    const std::string name = "\xfe\xff.json";
    const std::string json = result_json(Engine::builtin(), r, &name);
    CHECK(json.find("\"file\":\"\\\\xfe\\\\xff.json\"") != std::string::npos);
    CHECK(json.find("\"fileHex\":\"feff2e6a736f6e\"") != std::string::npos);
    const std::string plain = "a.json";
    CHECK(result_json(Engine::builtin(), r, &plain).find("fileHex") == std::string::npos);
}

TEST_CASE("Engine::unreadable builds every unreadable result, each message filled") {
    Limits limits;
    limits.maxBytes = 100;
    limits.maxMillis = 250;
    auto message = [&](const ReadFailure& f) {
        const CheckResult r = Engine::unreadable(f, limits);
        REQUIRE(r.findings.size() == 1);
        CHECK(r.status == Status::unreadable);
        CHECK(r.errors == 1);
        const std::string zh = render_message(Engine::builtin(), r.findings[0], Lang::zh);
        const std::string en = render_message(Engine::builtin(), r.findings[0], Lang::en);
        CHECK(zh.find('{') == std::string::npos);
        CHECK(en.find('{') == std::string::npos);
        return r.findings[0].rule + " " + en;
    };
    CHECK(message({ReadFailure::Kind::tooLarge, "", 150}) == "J-SIZE The file is 150 bytes, above the limit of 100 bytes per file");
    CHECK(message({ReadFailure::Kind::tooLarge, "", 0}).rfind("J-SIZE The file is larger than the limit of 100 bytes", 0) == 0);
    CHECK(message({ReadFailure::Kind::io, "Permission denied", 0}) == "F-IO The file cannot be read: Permission denied");
    CHECK(message({ReadFailure::Kind::timeUp, "", 0}).find("250 ms") != std::string::npos);
    CHECK(message({ReadFailure::Kind::internal, "oops", 0}).rfind("X-INTERNAL", 0) == 0);
    CHECK(Engine::unreadable({ReadFailure::Kind::options, "bad", 0}).findings[0].variant == "options");
}
