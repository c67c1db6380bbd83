#include <doctest/doctest.h>

#include "strict_json.hpp"

using namespace cxjf;

namespace {
StrictRead read(std::string_view bytes, Limits limits = {}) { return read_strict_json(bytes, limits); }

std::string rule_of(std::string_view bytes, Limits limits = {}) {
    auto r = read(bytes, limits);
    return r.error ? r.error->rule + (r.error->variant.empty() ? "" : "." + r.error->variant) : "ok";
}

std::int64_t param(const Finding& f, const char* key) {
    for (const auto& p : f.params)
        if (p.key == key) return p.number;
    return -1;
}
}  // namespace

TEST_CASE("strict reader accepts ordinary JSON and keeps integers exact") {
    auto r = read(R"({"a":[1,2.5,"x",true,null,{}],"b":-9007199254740991,"c":9007199254740991,"d":-0})");
    REQUIRE_FALSE(r.error);
    CHECK(r.value["b"].get<std::int64_t>() == -9007199254740991);
    CHECK(r.value["c"].get<std::int64_t>() == 9007199254740991);
    CHECK(r.value["c"].is_number_integer());
    CHECK(r.value["a"][1].is_number_float());
    CHECK(r.value["d"].get<std::int64_t>() == 0);
}

TEST_CASE("integers beyond ±(2^53-1) and numbers beyond double are J-NUMBER-RANGE") {
    CHECK(rule_of("9007199254740992") == "J-NUMBER-RANGE.integer");
    CHECK(rule_of("-9007199254740992") == "J-NUMBER-RANGE.integer");
    CHECK(rule_of("[18446744073709551616]") == "J-NUMBER-RANGE.integer");
    CHECK(rule_of("1e400") == "J-NUMBER-RANGE.float");
    CHECK(rule_of("-1e400") == "J-NUMBER-RANGE.float");
    CHECK(rule_of("1e-400") == "ok");  // underflow to 0 is representable
    CHECK(rule_of("1.0e5") == "ok");
}

TEST_CASE("malformed numbers and NaN/Infinity tokens are J-SYNTAX") {
    CHECK(rule_of("01") == "J-SYNTAX.bad-number");
    CHECK(rule_of("1.") == "J-SYNTAX.bad-number");
    CHECK(rule_of("-") == "J-SYNTAX.bad-number");
    CHECK(rule_of("1e") == "J-SYNTAX.bad-number");
    CHECK(rule_of("+1") == "J-SYNTAX.unexpected-char");
    CHECK(rule_of("NaN") == "J-SYNTAX.nan");
    CHECK(rule_of("Infinity") == "J-SYNTAX.nan");
    CHECK(rule_of("[-Infinity]") == "J-SYNTAX.bad-number");
}

TEST_CASE("duplicate keys are refused with the pointer and position of the second key") {
    auto r = read("{\"enterprise\": {\"uscc\": \"A\",\n  \"uscc\": \"B\"}}");
    REQUIRE(r.error);
    CHECK(r.error->rule == "J-DUPLICATE-KEY");
    CHECK(r.error->path == "/enterprise/uscc");
    CHECK(param(*r.error, "line") == 2);
    CHECK(param(*r.error, "column") == 3);
    CHECK(rule_of(R"({"a":1,"a":1})") == "J-DUPLICATE-KEY");
    CHECK(read(R"([{"a~/b":1,"a~/b":2}])").error->path == "/0/a~0~1b");
    // Keys equal only after unescaping are duplicates too.
    CHECK(rule_of(R"({"a":1,"\u0061":2})") == "J-DUPLICATE-KEY");
}

TEST_CASE("BOM and UTF-16 are refused before parsing") {
    CHECK(rule_of("\xEF\xBB\xBF{}") == "J-BOM.utf8");
    CHECK(rule_of("\xFF\xFE{\0}\0") == "J-BOM.utf16");
    CHECK(rule_of("\xFE\xFF\0{\0}") == "J-BOM.utf16");
}

TEST_CASE("invalid UTF-8 is J-UTF8: overlong, surrogates, beyond U+10FFFF, truncated, stray bytes") {
    CHECK(rule_of("\"\xC0\xAF\"") == "J-UTF8");          // overlong '/'
    CHECK(rule_of("\"\xE0\x80\xAF\"") == "J-UTF8");      // overlong 3-byte
    CHECK(rule_of("\"\xED\xA0\x80\"") == "J-UTF8");      // UTF-8-encoded surrogate
    CHECK(rule_of("\"\xF4\x90\x80\x80\"") == "J-UTF8");  // U+110000
    CHECK(rule_of("\"\xE4\xB8\"") == "J-UTF8");          // truncated sequence
    CHECK(rule_of("\"\x80\"") == "J-UTF8");              // continuation byte alone
    CHECK(rule_of("\xFF") == "J-UTF8");                  // binary outside a string
    CHECK(rule_of("\"\xF4\x8F\xBF\xBF\"") == "ok");      // U+10FFFF
    CHECK(rule_of("\"创新积分\"") == "ok");
}

TEST_CASE("escaped surrogates must pair; a lone one is J-SURROGATE") {
    auto ok = read(R"("\uD83D\uDE00")");
    REQUIRE_FALSE(ok.error);
    CHECK(ok.value.get<std::string>() == "\xF0\x9F\x98\x80");
    CHECK(rule_of(R"("\uD83D")") == "J-SURROGATE");
    CHECK(rule_of(R"("\uDE00")") == "J-SURROGATE");
    CHECK(rule_of(R"("\uD83Dx")") == "J-SURROGATE");
    CHECK(rule_of(R"("\uD83D\u0041")") == "J-SURROGATE");
    CHECK(rule_of(R"("\u12G4")") == "J-SYNTAX.bad-escape");
    CHECK(rule_of(R"("\x")") == "J-SYNTAX.bad-escape");
}

TEST_CASE("control characters and NUL inside strings must be escaped") {
    CHECK(rule_of(std::string("\"a\0b\"", 5)) == "J-SYNTAX.control-char");
    CHECK(rule_of("\"a\tb\"") == "J-SYNTAX.control-char");
    CHECK(rule_of("\"a\\u0000b\"") == "ok");
}

TEST_CASE("nesting deeper than the limit is J-DEPTH, at the limit it is fine") {
    Limits limits;
    limits.maxDepth = 64;
    CHECK(rule_of(std::string(64, '[') + std::string(64, ']'), limits) == "ok");
    CHECK(rule_of(std::string(65, '[') + std::string(65, ']'), limits) == "J-DEPTH");
    // 100,000 levels: refused at the limit, no stack exhaustion.
    CHECK(rule_of(std::string(100000, '['), limits) == "J-DEPTH");
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    CHECK(rule_of(objects, limits) == "J-DEPTH");
    limits.maxDepth = 1000000;  // capped internally
    CHECK(rule_of(std::string(100000, '['), limits) == "J-DEPTH");
}

TEST_CASE("a string or key longer than the limit is J-STRING-LENGTH, at the limit it is fine") {
    Limits limits;
    limits.maxStringBytes = 8;
    CHECK(rule_of("[\"12345678\"]", limits) == "ok");
    CHECK(rule_of("{\"12345678\":1}", limits) == "ok");
    auto r = read("[1,\"123456789\"]", limits);
    REQUIRE(r.error);
    CHECK(r.error->rule == "J-STRING-LENGTH");
    CHECK(r.error->path == "/1");
    CHECK(param(*r.error, "limit") == 8);
    CHECK(param(*r.error, "column") == 4);  // where the string starts
    CHECK(rule_of("{\"123456789\":1}", limits) == "J-STRING-LENGTH");
    // Counted after unescaping, in UTF-8 bytes: 3 escapes of 3 bytes each are 9 bytes.
    CHECK(rule_of("\"\\u4e2d\\u6587\\u5b57\"", limits) == "J-STRING-LENGTH");
    CHECK(rule_of("\"\\u4e2d\\u6587\"", limits) == "ok");
    CHECK(rule_of("\"1234567\\n\"", limits) == "ok");
    CHECK(rule_of("\"12345678\\n\"", limits) == "J-STRING-LENGTH");
    // The default: 64 KiB.
    CHECK(rule_of("\"" + std::string(65536, 'x') + "\"") == "ok");
    CHECK(rule_of("\"" + std::string(65537, 'x') + "\"") == "J-STRING-LENGTH");
}

TEST_CASE("an array or object with more entries than the limit is J-ITEMS, at the limit it is fine") {
    Limits limits;
    limits.maxItems = 3;
    CHECK(rule_of("[1,2,3]", limits) == "ok");
    CHECK(rule_of("{\"a\":1,\"b\":2,\"c\":3}", limits) == "ok");
    auto r = read("{\"x\":[1,2,3,4]}", limits);
    REQUIRE(r.error);
    CHECK(r.error->rule == "J-ITEMS");
    CHECK(r.error->variant == "array");
    CHECK(r.error->path == "/x");
    CHECK(param(*r.error, "limit") == 3);
    CHECK(rule_of("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", limits) == "J-ITEMS.object");
    std::string many = "[0";
    for (int i = 1; i < 1001; ++i) many += ",0";
    CHECK(rule_of(many + "]") == "J-ITEMS.array");  // the default: 1,000
    many.resize(many.size() - 2);
    CHECK(rule_of(many + "]") == "ok");
}

TEST_CASE("size limit is checked before parsing") {
    Limits limits;
    limits.maxBytes = 10;
    auto r = read("[1,2,3,4,5,6]", limits);
    REQUIRE(r.error);
    CHECK(r.error->rule == "J-SIZE");
    CHECK(param(*r.error, "bytes") == 13);
    CHECK(param(*r.error, "limit") == 10);
}

TEST_CASE("empty, truncated and trailing input") {
    CHECK(rule_of("") == "J-EMPTY");
    CHECK(rule_of(" \n\t ") == "J-EMPTY");
    CHECK(rule_of("{\"a\":") == "J-SYNTAX.unexpected-end");
    CHECK(rule_of("{\"a\"") == "J-SYNTAX.unexpected-end");
    CHECK(rule_of("[1,2") == "J-SYNTAX.unexpected-end");
    CHECK(rule_of("\"abc") == "J-SYNTAX.unterminated-string");
    CHECK(rule_of("{} {}") == "J-TRAILING");
    CHECK(rule_of("{}\n\n") == "ok");
    CHECK(rule_of("{\"a\" 1}") == "J-SYNTAX.expected-colon");
    CHECK(rule_of("{\"a\":1 \"b\":2}") == "J-SYNTAX.expected-comma");
    CHECK(rule_of("{a:1}") == "J-SYNTAX.expected-key");
    CHECK(rule_of("[1,]") == "J-SYNTAX.unexpected-char");
    CHECK(rule_of("tru") == "J-SYNTAX.unexpected-char");
}

TEST_CASE("line and column count characters, not bytes") {
    auto r = read("{\"名称\": x}");
    REQUIRE(r.error);
    CHECK(param(*r.error, "line") == 1);
    CHECK(param(*r.error, "column") == 8);
}

TEST_CASE("a NUL byte after a bracket is a syntax error at its place; UTF-16 is what looks like it") {
    auto r = read(std::string_view("[\0]", 3));
    REQUIRE(r.error);
    CHECK(r.error->rule == "J-SYNTAX");
    CHECK(param(*r.error, "line") == 1);
    CHECK(param(*r.error, "column") == 2);
    CHECK(rule_of(std::string_view("{\0\"\0a\0\"\0:\0""1\0}\0", 14)) == "J-BOM.utf16");    // UTF-16LE
    CHECK(rule_of(std::string_view("\0{\0\"\0a\0\"\0:\0""1\0}", 14)) == "J-BOM.utf16");    // UTF-16BE
    CHECK(rule_of(std::string_view("1\0", 2)) == "J-TRAILING");
    CHECK(rule_of("Name:\tx") == "J-SYNTAX.unexpected-char");  // not called NaN
    CHECK(rule_of("NaN") == "J-SYNTAX.nan");
}

TEST_CASE("the strict reader looks at the clock once per MiB of input and stops when the cap has passed") {
    std::string big = "[";
    while (big.size() < 3 * 1024 * 1024) big += "1,";
    big += "1]";
    std::string text = "[\"" + std::string(3 * 1024 * 1024, 'x') + "\"]";  // one long run without a special character
    Limits limits;
    limits.maxItems = 10'000'000;
    limits.maxStringBytes = 10'000'000;
    const Deadline passed(1, Deadline::clock::now() - std::chrono::seconds(1));
    CHECK_THROWS_AS(read_strict_json(big, limits, &passed), TimeUp);
    CHECK_THROWS_AS(read_strict_json(text, limits, &passed), TimeUp);
    CHECK_FALSE(read_strict_json("[1,2]", limits, &passed).error);  // under a MiB: never looks
    const Deadline none(0, Deadline::clock::now() - std::chrono::hours(1));
    CHECK_FALSE(read_strict_json(big, limits, &none).error);
    auto r = read_strict_json(text, limits, &none);
    REQUIRE_FALSE(r.error);
    CHECK(r.value[0].get<std::string>().size() == 3 * 1024 * 1024);  // the run split for the clock loses nothing
}
