#pragma once
// A finding is a value: which rule, how severe, where (JSON Pointer), and the parameters its message needs.
// Turning it into Chinese or English text is the report stage's job (messages come from forms/).
#include <cstdint>
#include <string>
#include <vector>

namespace cxjf {

enum class Severity { error, warning };

// Typed message parameter: money is kept in yuan and formatted per language (万元 / CNY) when rendered.
struct Param {
    enum class Kind { text, integer, money, term };  // term: a message key ("scale.small"), '|' joins several
    std::string key;
    Kind kind = Kind::text;
    std::string text;
    std::int64_t number = 0;

    static Param Text(std::string key, std::string value) { return {std::move(key), Kind::text, std::move(value), 0}; }
    static Param Int(std::string key, std::int64_t value) { return {std::move(key), Kind::integer, {}, value}; }
    static Param Money(std::string key, std::int64_t yuan) { return {std::move(key), Kind::money, {}, yuan}; }
    static Param Term(std::string key, std::string messageKey) { return {std::move(key), Kind::term, std::move(messageKey), 0}; }
};

struct Finding {
    std::string rule;      // stable ID, e.g. "R-ID-USCC", "S-REQUIRED", "J-DUPLICATE-KEY"
    std::string variant;   // selects the message "RULE.variant" when a rule has several cases; may be empty
    Severity severity = Severity::error;
    std::string path;      // JSON Pointer (RFC 6901) into the filing, "" = the whole document
    std::vector<Param> params;
    bool explained = false;  // a warning with a non-empty explanations[rule]
};

enum class Status { ok, warnings, errors, unreadable };

const char* to_string(Severity s);
const char* to_string(Status s);

}  // namespace cxjf
