#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cxjf/report.hpp"
#include "fixtures.hpp"

using namespace cxjf;
using fixtures::check;
using fixtures::check_text;
using fixtures::clean_filing;
using fixtures::count;
using fixtures::json;

TEST_CASE("status: errors beat warnings; warnings need an explanation; unreadable when not JSON") {
    auto doc = clean_filing();
    doc["annual"][2]["totalLiabilities"] = doc["annual"][2]["totalAssets"].get<long long>() + 1;
    auto r = check(doc);
    CHECK(r.status == Status::warnings);
    CHECK(r.warnings == 1);
    CHECK(r.explained == 0);

    doc["explanations"] = {{"R-FIN-INSOLVENT", "  "}};  // whitespace is no explanation
    CHECK(check(doc).status == Status::warnings);
    doc["explanations"] = {{"R-FIN-INSOLVENT", "\xE3\x80\x80"}};  // nor an ideographic space
    CHECK(check(doc).status == Status::warnings);
    doc["explanations"] = {{"R-FIN-INSOLVENT", "2024 年新建厂房，银行贷款尚未到期"}};
    r = check(doc);
    CHECK(r.status == Status::ok);
    CHECK(r.explained == 1);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].explained);

    doc["enterprise"]["uscc"] = "91350100M000100Y44";
    r = check(doc);
    CHECK(r.status == Status::errors);
    CHECK(r.errors == 1);

    r = check_text("{\"a\":");
    CHECK(r.status == Status::unreadable);
    CHECK(r.errors == 1);
}

TEST_CASE("an explanation of an error does not explain it") {
    auto doc = clean_filing();
    doc["annual"][2]["rdStaff"] = 1000;
    doc["explanations"] = {{"R-STAFF-SUBSET", "含兼职"}};
    const auto r = check(doc);
    CHECK(r.status == Status::errors);
    CHECK_FALSE(r.findings[0].explained);
}

TEST_CASE("an envelope is checked through its filing; a malformed one gets E-ENVELOPE findings") {
    const json envelope = {{"format", "cxjf.envelope/1"}, {"filing", clean_filing()}, {"check", json::object()},
                           {"signature", {{"alg", "Ed25519"}}}, {"extra", 1}};
    auto r = check(envelope);
    CHECK(r.envelope);
    CHECK(r.summary.uscc == "91350100M000100Y43");
    CHECK(r.signature == SignatureStatus::absent);  // an incomplete signature block is no signature
    CHECK(fixtures::find(r, "E-ENVELOPE", "/extra"));
    CHECK(fixtures::find(r, "E-ENVELOPE", "/check/errors"));
    CHECK(fixtures::find(r, "E-ENVELOPE", "/signature/value"));
    CHECK(r.status == Status::errors);

    r = check(json{{"format", "cxjf.envelope/1"}, {"filing", 5}});
    CHECK(r.status == Status::errors);
    REQUIRE_FINDING(r, "E-ENVELOPE", Severity::error, "/filing");
    r = check(json{{"format", "cxjf.envelope/9"}, {"filing", clean_filing()}});
    CHECK(REQUIRE_FINDING(r, "E-ENVELOPE", Severity::error, "/format").variant == "unsupported");
}

TEST_CASE("findings come in form order: enterprise before annual before financing") {
    auto doc = clean_filing();
    doc["financing"].erase("loan");
    doc["annual"][2]["rdStaff"] = 1000;
    doc["enterprise"]["uscc"] = "91350100M000100Y44";
    const auto r = check(doc);
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].path == "/enterprise/uscc");
    CHECK(r.findings[1].path == "/annual/2/rdStaff");
    CHECK(r.findings[2].path == "/financing/loan");
}

TEST_CASE("a badly typed filing never crashes the rules: every field replaced by every wrong type") {
    const json wrongs[] = {json(nullptr), json(true), json(-1), json(1.5), json("x"), json::array(), json::object(),
                           json::array({1, "a"})};
    const auto base = clean_filing();
    int checked = 0;
    const auto flat = base.flatten();
    for (const auto& [pointer, value] : flat.items()) {
        for (const auto& wrong : wrongs) {
            auto doc = base;
            doc[json::json_pointer(pointer)] = wrong;
            const auto r = check(doc);
            CHECK(r.status != Status::unreadable);
            for (const auto& f : r.findings) CHECK(f.rule != "X-INTERNAL");
            ++checked;
        }
    }
    CHECK(checked > 500);
}

TEST_CASE("the engine is safe to share between threads") {
    auto doc = clean_filing();
    doc["annual"][2]["rdStaff"] = 1000;
    const std::string text = doc.dump();
    const auto expected = fixtures::describe(check_text(text));
    std::vector<std::thread> threads;
    std::vector<std::string> results(4);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) results[t] = fixtures::describe(check_text(text));
        });
    for (auto& t : threads) t.join();
    for (const auto& r : results) CHECK(r == expected);
}

TEST_CASE("forms load from a directory; a broken forms file is refused with its name") {
    const std::string src = std::string(CXJF_SOURCE_DIR) + "/forms/2025";
    const Engine fromDir = Engine::fromDirectory(src);
    CHECK(fromDir.ruleset() == "2025.1");
    CHECK(fromDir.check(clean_filing().dump(), CheckOptions{{}, fixtures::kCheckDate}).status == Status::ok);

    const auto tmp = std::filesystem::temp_directory_path() / "cxjf-forms-test";
    std::filesystem::remove_all(tmp);
    std::filesystem::copy(src, tmp, std::filesystem::copy_options::recursive);
    {
        std::ofstream(tmp / "messages.en.json") << "{\"J-SIZE\": \"x\"}";
    }
    CHECK_THROWS_WITH(Engine::fromDirectory(tmp.string()), doctest::Contains("messages.en.json"));
    std::filesystem::copy_file(src + "/messages.en.json", tmp / "messages.en.json",
                               std::filesystem::copy_options::overwrite_existing);
    {
        std::ofstream(tmp / "filing.schema.json") << "{\"properties\":{\"a\":{\"format\":\"date\"}}}";
    }
    CHECK_THROWS_WITH(Engine::fromDirectory(tmp.string()), doctest::Contains("format"));
    std::filesystem::remove_all(tmp);
}

TEST_CASE("a province can change a threshold without recompiling (rules.json params)") {
    const std::string src = std::string(CXJF_SOURCE_DIR) + "/forms/2025";
    const auto tmp = std::filesystem::temp_directory_path() / "cxjf-forms-threshold";
    std::filesystem::remove_all(tmp);
    std::filesystem::copy(src, tmp, std::filesystem::copy_options::recursive);
    auto rules = json::parse(std::ifstream(tmp / "rules.json"));
    rules["params"]["R-QUAL-TECHSME-SIZE"]["maxEmployees"] = 100;
    std::ofstream(tmp / "rules.json") << rules.dump();
    const Engine custom = Engine::fromDirectory(tmp.string());
    const auto r = custom.check(clean_filing().dump(), CheckOptions{{}, fixtures::kCheckDate});
    CHECK(count(r, "R-QUAL-TECHSME-SIZE") == 1);  // 120 employees > 100
    CHECK(count(check(clean_filing()), "R-QUAL-TECHSME-SIZE") == 0);
    std::filesystem::remove_all(tmp);
}

TEST_CASE("every rule the engine emits is catalogued with messages in both languages") {
    const auto rules = json::parse(Engine::builtin().formText("rules.json"))["rules"];
    const auto zh = json::parse(Engine::builtin().formText("messages.zh.json"));
    const auto en = json::parse(Engine::builtin().formText("messages.en.json"));
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        CHECK(it.value().contains("title"));
        bool inZh = zh.contains(it.key()), inEn = en.contains(it.key());
        for (auto m = zh.begin(); m != zh.end(); ++m) inZh |= m.key().rfind(it.key() + ".", 0) == 0;
        for (auto m = en.begin(); m != en.end(); ++m) inEn |= m.key().rfind(it.key() + ".", 0) == 0;
        INFO(it.key());
        CHECK(inZh);
        CHECK(inEn);
    }
    CHECK(zh.size() == en.size());
    for (auto m = zh.begin(); m != zh.end(); ++m) CHECK(en.contains(m.key()));
}

TEST_CASE("code tables nested by parent code (the wasm build's layout) load the same codes and names") {
    const std::string src = std::string(CXJF_SOURCE_DIR) + "/forms/2025";
    const auto tmp = std::filesystem::temp_directory_path() / "cxjf-forms-nested";
    std::filesystem::remove_all(tmp);
    std::filesystem::copy(src, tmp, std::filesystem::copy_options::recursive);
    auto nest = [&](const char* file, const char* member, std::size_t parentLen) {
        auto table = json::parse(std::ifstream(tmp / file));
        json nested = json::object();
        for (auto it = table[member].begin(); it != table[member].end(); ++it)
            nested[it.key().substr(0, parentLen)][it.key().substr(parentLen)] = it.value();
        table[member] = nested;
        std::ofstream(tmp / file) << table.dump();
    };
    nest("regions.json", "cities", 2);
    nest("regions.json", "counties", 4);
    nest("industries.json", "groups", 2);
    nest("industries.json", "classes", 3);
    const Engine nestedEngine = Engine::fromDirectory(tmp.string());
    CheckOptions o{{}, fixtures::kCheckDate};
    o.sheet = true;
    for (const char* region : {"330106", "330199", "110101", "999999"})
        for (const char* industry : {"I6513", "C3491", "C9999"}) {
            auto doc = clean_filing();
            doc["enterprise"]["regionCode"] = region;
            doc["enterprise"]["industryCode"] = industry;
            const auto a = nestedEngine.check(doc.dump(), o), b = Engine::fromDirectory(src).check(doc.dump(), o);
            CHECK(fixtures::describe(a) == fixtures::describe(b));
            CHECK(a.sheet == b.sheet);
        }
    auto bad = json::parse(std::ifstream(tmp / "regions.json"));
    bad["counties"]["3301"] = 7;
    std::ofstream(tmp / "regions.json") << bad.dump();
    CHECK_THROWS_WITH(Engine::fromDirectory(tmp.string()), doctest::Contains("regions.json"));
    std::filesystem::remove_all(tmp);
}

TEST_CASE("a check that runs past the per-file time cap stops with F-TIME, unreadable") {
    auto doc = clean_filing();
    for (int i = 0; i < 900; ++i) doc["explanations"]["X-" + std::to_string(i)] = std::string(4500, 'x');
    const std::string text = doc.dump();
    REQUIRE(text.size() > 4'000'000);  // reading alone takes milliseconds
    CheckOptions options;
    options.checkDate = Date::parse("2025-06-30");
    options.limits.maxMillis = 1;
    const CheckResult capped = Engine::builtin().check(text, options);
    CHECK(capped.status == Status::unreadable);
    REQUIRE(capped.findings.size() == 1);
    CHECK(capped.findings[0].rule == "F-TIME");
    CHECK(capped.findings[0].params.at(0).number == 1);
    CHECK(capped.scores.empty());
    CHECK(render_message(Engine::builtin(), capped.findings[0], Lang::zh).find("1 毫秒") != std::string::npos);

    options.limits.maxMillis = 0;  // no cap
    const CheckResult uncapped = Engine::builtin().check(text, options);
    CHECK(uncapped.status != Status::unreadable);
    options.limits = Limits{};     // the default cap (2 s) leaves an ordinary large file alone
    CHECK(Engine::builtin().check(text, options).status == uncapped.status);
}
