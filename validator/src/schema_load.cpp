// Loading a schema: the safety checks on its patterns, the filing-schema policy, and valijson's parser.
// Apart from validation so that the wasm build can optimise it for size: it runs once, when the engine starts.
#include <regex>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema_parser.hpp>

#include "schema_stage.hpp"
#include "schema_stage_impl.hpp"
#include "schema_walk.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

// std::regex matches bytes: a non-ASCII character is safe as a plain literal, but inside a character class or
// under a quantifier it would apply to single bytes of its UTF-8 encoding and match the wrong text.
void check_non_ascii(const std::string& pattern, const std::string& where) {
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto c = static_cast<unsigned char>(pattern[i]);
        if (c == '\\') { ++i; continue; }
        if (!inClass && c == '[') { inClass = true; continue; }
        if (inClass && c == ']') { inClass = false; continue; }
        if (c < 0x80) continue;
        if (inClass) throw SchemaError("pattern at " + where + " has a non-ASCII character inside [...], which std::regex matches byte by byte");
        std::size_t end = i + 1;
        while (end < pattern.size() && (static_cast<unsigned char>(pattern[end]) & 0xC0) == 0x80) ++end;
        if (end < pattern.size() && std::string_view("*+?{").find(pattern[end]) != std::string_view::npos)
            throw SchemaError("pattern at " + where + " repeats a non-ASCII character, which std::regex applies to its last byte only");
        i = end - 1;
    }
}

void check_pattern(const std::string& pattern, const std::string& where) {
    for (const char* unsupported : {"\\p{", "\\P{", "\\u{"})
        if (pattern.find(unsupported) != std::string::npos)
            throw SchemaError("pattern at " + where + " uses " + unsupported + "…}, which std::regex cannot match");
    check_non_ascii(pattern, where);
    try {
        std::regex compiled(pattern);
        (void)compiled;
    } catch (const std::regex_error& e) {
        throw SchemaError("pattern at " + where + " does not compile: " + e.what());
    }
}

// libstdc++'s std::regex matches by recursion, about one level per repetition: an unbounded quantifier (* + {n,})
// over a long string overflows the stack (natively near 60 KB of text, far sooner in wasm). Bounded ones keep the
// depth within their bounds whatever the string.
bool has_unbounded_quantifier(const std::string& pattern) {
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') { ++i; continue; }
        if (inClass) { inClass = c != ']'; continue; }
        if (c == '[') { inClass = true; continue; }
        if (c == '*' || c == '+') return true;
        if (c == '{') {
            const std::size_t close = pattern.find('}', i);
            if (close != std::string::npos && close > i + 1 && pattern[close - 1] == ',') return true;
        }
    }
    return false;
}

}  // namespace

void check_schema_patterns(const json& schema) {
    walk_schema(schema, [](const SchemaVisit& v) {
        if (auto p = v.node.find("pattern"); p != v.node.end() && p->is_string())
            check_pattern(p->get<std::string>(), v.location + "/pattern");
        if (auto pp = v.node.find("patternProperties"); pp != v.node.end() && pp->is_object())
            for (auto m = pp->begin(); m != pp->end(); ++m)
                check_pattern(m.key(), v.location + "/patternProperties");
    });
}

std::vector<std::string> schema_policy_violations(const json& schema) {
    std::vector<std::string> out;
    walk_schema(schema, [&](const SchemaVisit& v) {
        const std::string& at = v.location.empty() ? std::string("(root)") : v.location;
        if (v.underCombinator && v.node.contains("propertyNames"))
            out.push_back(at + ": propertyNames under allOf/anyOf/oneOf/not/if/then/else (valijson mis-validates it)");
        if (v.node.contains("format"))
            out.push_back(at + ": format (valijson 1.0 checks dates ~12x slower than the rest of the schema; check in rules)");
        for (const char* kw : {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
                               "minimum", "maximum"}) {
            auto it = v.node.find(kw);
            if (it != v.node.end() && it->is_number_float())
                out.push_back(at + "/" + kw + ": not an integer (valijson 1.0 refuses decimal-valued limits)");
        }
        if (auto p = v.node.find("pattern"); p != v.node.end() && p->is_string() && has_unbounded_quantifier(*p))
            out.push_back(at + "/pattern: an unbounded quantifier (* + {n,}); std::regex recurses per repetition, so "
                               "bound it ({1,100})");
        if (auto pp = v.node.find("patternProperties"); pp != v.node.end() && pp->is_object())
            for (auto m = pp->begin(); m != pp->end(); ++m)
                if (has_unbounded_quantifier(m.key()))
                    out.push_back(at + "/patternProperties: an unbounded quantifier (* + {n,}) in " + m.key());
        if (auto r = v.node.find("$ref"); r != v.node.end()) {
            if (!r->is_string() || r->get<std::string>().rfind("#/definitions/", 0) != 0)
                out.push_back(at + "/$ref: only local #/definitions/… references are allowed");
        }
    });
    return out;
}

SchemaStage::SchemaStage(json schema, Resolver resolver) : document_(std::move(schema)), impl_(std::make_unique<Impl>()) {
    check_schema_patterns(document_);
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(document_);
        auto fetch = [&resolver](const std::string& uri) -> const json* {
            if (!resolver) return nullptr;
            auto doc = resolver(uri);
            if (!doc) return nullptr;
            check_schema_patterns(*doc);
            return new json(std::move(*doc));
        };
        auto free_doc = [](const json* doc) { delete doc; };
        parser.populateSchema(adapter, impl_->schema, fetch, free_doc);
    } catch (const SchemaError&) {
        throw;
    } catch (const std::exception& e) {
        throw SchemaError(std::string("schema refused: ") + e.what());
    }
}

}  // namespace cxjf
