#pragma once
// The schema stage: JSON Schema draft-07 through valijson, with one finding per real problem.
// valijson reports every failing level (the leaf plus "Failed to validate against schema associated with
// property name …" for each parent); this stage keeps the leaves, maps them to S-* rule IDs and turns
// valijson's "<root>[a][0]" contexts into JSON Pointers.
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cxjf/finding.hpp"

namespace cxjf {

struct SchemaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class SchemaStage {
public:
    // Returns the document for a remote $ref URI (without fragment), or nullopt when unknown.
    using Resolver = std::function<std::optional<nlohmann::json>(const std::string& uri)>;

    // Throws SchemaError when the schema cannot be used safely (see check_schema_patterns) or valijson refuses it.
    explicit SchemaStage(nlohmann::json schema, Resolver resolver = {});
    ~SchemaStage();
    SchemaStage(SchemaStage&&) noexcept;

    // Never throws: a failure inside the validator becomes an S-INTERNAL finding.
    std::vector<Finding> validate(const nlohmann::json& document) const;

    const nlohmann::json& schema() const { return document_; }

private:
    struct Impl;
    nlohmann::json document_;
    std::unique_ptr<Impl> impl_;
};

// Refuses patterns std::regex would mis-read or throw on during validation: \p{…}, \P{…}, \u{…}, a non-ASCII
// character inside [...] or under a quantifier (std::regex matches bytes), or anything that does not compile as
// an ECMAScript std::regex. Throws SchemaError naming the schema location.
void check_schema_patterns(const nlohmann::json& schema);

// The filing-schema policy of DESIGN §2 (things valijson 1.0 handles badly or slowly): no propertyNames under
// allOf/anyOf/oneOf/not/if/then/else, no format keyword, integer-valued limits, only local "#/definitions/…" refs,
// no unbounded quantifier in a pattern.
// Returns one line per violation with its schema location; empty when the schema complies.
std::vector<std::string> schema_policy_violations(const nlohmann::json& schema);

// The schema node that describes the value at an instance pointer (following properties, items and local
// $refs), or nullptr. Used for message parameters such as the allowed enum values.
const nlohmann::json* schema_node_at(const nlohmann::json& schema, const std::string& pointer);

}  // namespace cxjf
