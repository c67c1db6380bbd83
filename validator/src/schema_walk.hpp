#pragma once
// Visiting every subschema of a JSON Schema (draft-07 keywords) with its location.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace cxjf {

struct SchemaVisit {
    const nlohmann::json& node;
    const std::string& location;  // JSON Pointer into the schema document
    bool underCombinator;         // inside allOf/anyOf/oneOf/not/if/then/else
};

void walk_schema(const nlohmann::json& schema, const std::function<void(const SchemaVisit&)>& visit);

}  // namespace cxjf
