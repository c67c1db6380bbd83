#include "schema_walk.hpp"

#include "pointer.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

void walk(const json& node, const std::string& loc, bool underCombinator, int depth,
          const std::function<void(const SchemaVisit&)>& visit) {
    if (!node.is_object() || depth > 200) return;
    visit(SchemaVisit{node, loc, underCombinator});
    auto child = [&](const json& sub, const std::string& subLoc, bool combinator) {
        walk(sub, subLoc, underCombinator || combinator, depth + 1, visit);
    };
    for (const char* kw : {"additionalProperties", "items", "additionalItems", "contains", "propertyNames"}) {
        auto it = node.find(kw);
        if (it == node.end()) continue;
        if (it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) child((*it)[i], loc + "/" + kw + "/" + std::to_string(i), false);
        } else {
            child(*it, loc + "/" + kw, false);
        }
    }
    for (const char* kw : {"not", "if", "then", "else"}) {
        auto it = node.find(kw);
        if (it != node.end()) child(*it, loc + "/" + kw, true);
    }
    for (const char* kw : {"allOf", "anyOf", "oneOf"}) {
        auto it = node.find(kw);
        if (it == node.end() || !it->is_array()) continue;
        for (std::size_t i = 0; i < it->size(); ++i) child((*it)[i], loc + "/" + kw + "/" + std::to_string(i), true);
    }
    for (const char* kw : {"properties", "patternProperties", "definitions", "dependencies"}) {
        auto it = node.find(kw);
        if (it == node.end() || !it->is_object()) continue;
        for (auto m = it->begin(); m != it->end(); ++m)
            child(m.value(), loc + "/" + kw + "/" + pointer_token(m.key()), false);
    }
}

}  // namespace

void walk_schema(const json& schema, const std::function<void(const SchemaVisit&)>& visit) {
    walk(schema, "", false, 0, visit);
}

}  // namespace cxjf
