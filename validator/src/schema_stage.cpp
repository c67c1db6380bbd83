#include "schema_stage.hpp"
#include "schema_stage_impl.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "findings.hpp"
#include "pointer.hpp"
#include "signing/jcs.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// valijson formats limits with std::to_string(double): "2.000000" → "2".
std::string trim_number(std::string s) {
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

std::string after(const std::string& s, std::string_view prefix) { return s.substr(prefix.size()); }

// The property name in "<prefix>name'." (names may themselves contain quotes).
std::string quoted_name(const std::string& s, std::string_view prefix) {
    std::string name = s.substr(prefix.size());
    if (name.size() >= 2 && name.compare(name.size() - 2, 2, "'.") == 0) name.resize(name.size() - 2);
    return name;
}

// The integers after each '#' ("Elements at indexes #0 and #2 …").
std::vector<std::string> hash_numbers(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '#') continue;
        std::size_t j = i + 1;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        out.push_back(s.substr(i + 1, j - i - 1));
        i = j;
    }
    return out;
}

std::string context_pointer(const std::vector<std::string>& context) {
    std::string ptr;
    for (const auto& seg : context) {
        if (seg == "<root>") continue;
        if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']')
            ptr += "/" + pointer_token(std::string_view(seg).substr(1, seg.size() - 2));
        else
            ptr += "/" + pointer_token(seg);
    }
    return ptr;
}

// Messages that only repeat a failure already reported for a child value.
bool is_chain_message(const std::string& d) {
    static const char* const chains[] = {
        "Failed to validate against schema associated with property name",
        "Failed to validate item #",
        "Failed to validate against a conditional schema",
        "Failed to validate against child schema #",
        "Failed to validate against any schemas allowed by anyOf",
        "Failed to validate against any child schemas allowed by oneOf",
        "Failed to validate against schema associated with pattern",
        "Failed to validate against additional properties schema",
        "Failed to validate against dependent schema",
    };
    for (const char* c : chains)
        if (starts_with(d, c)) return true;
    return false;
}

std::string join_values(const json& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += " / ";
        out += v.is_string() ? v.get<std::string>() : json_text(v);
    }
    return out;
}

void add_schema_params(Finding& f, const json& schema) {
    if (f.rule != "S-ENUM" && f.rule != "S-TYPE") return;
    const json* node = schema_node_at(schema, f.path);
    if (!node) return;
    if (f.rule == "S-ENUM") {
        if (auto e = node->find("enum"); e != node->end() && e->is_array())
            f.params.push_back(Param::Text("allowed", join_values(*e)));
        else if (auto c = node->find("const"); c != node->end())
            f.params.push_back(Param::Text("allowed", join_values(json::array({*c}))));
    } else if (f.rule == "S-TYPE") {
        if (auto t = node->find("type"); t != node->end()) {
            std::string terms;
            for (const auto& name : t->is_array() ? *t : json::array({*t}))
                if (name.is_string()) terms += (terms.empty() ? "type." : "|type.") + name.get<std::string>();
            f.params.push_back(Param::Term("expected", terms));
        }
    }
}

// Maps one valijson leaf error to a finding; returns nullopt for chain messages.
std::optional<Finding> map_error(const std::vector<std::string>& context, const std::string& d) {
    if (is_chain_message(d)) return std::nullopt;
    const std::string at = context_pointer(context);
    auto with_limit = [&](const char* rule, const char* variant, std::string_view prefix, std::string_view suffix) {
        Finding f = error_finding(rule, variant, at);
        std::string n = after(d, prefix);
        if (!suffix.empty() && n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
            n.resize(n.size() - suffix.size());
        f.params.push_back(Param::Text("limit", trim_number(n)));
        return f;
    };
    static const std::string_view kRequired = "Missing required property '";
    static const std::string_view kDependency = "Missing dependency '";
    static const std::string_view kUnknown =
        "Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: '";
    if (starts_with(d, kRequired)) return error_finding("S-REQUIRED", "", at + "/" + pointer_token(quoted_name(d, kRequired)));
    if (starts_with(d, kDependency))
        return error_finding("S-REQUIRED", "", at + "/" + pointer_token(quoted_name(d, kDependency)));
    if (starts_with(d, kUnknown)) return error_finding("S-UNKNOWN-FIELD", "", at + "/" + pointer_token(quoted_name(d, kUnknown)));
    if (starts_with(d, "Value type not permitted") || starts_with(d, "Value could not be converted"))
        return error_finding("S-TYPE", "", at);
    if (starts_with(d, "Failed to match against any enum values"))
        return error_finding("S-ENUM", "", at);
    if (starts_with(d, "Failed to match expected value set by 'const'") ||
        starts_with(d, "Target value and comparison value are not equal"))
        return error_finding("S-ENUM", "const", at);
    if (starts_with(d, "Expected number greater than or equal to "))
        return with_limit("S-RANGE", "min", "Expected number greater than or equal to ", "");
    if (starts_with(d, "Expected number greater than "))
        return with_limit("S-RANGE", "exclusive-min", "Expected number greater than ", "");
    if (starts_with(d, "Expected number less than or equal to "))
        return with_limit("S-RANGE", "max", "Expected number less than or equal to ", "");
    if (starts_with(d, "Expected number less than "))
        return with_limit("S-RANGE", "exclusive-max", "Expected number less than ", "");
    if (starts_with(d, "Value should be a multiple of "))
        return with_limit("S-RANGE", "multiple", "Value should be a multiple of ", "");
    if (starts_with(d, "String should be no more than "))
        return with_limit("S-LENGTH", "max", "String should be no more than ", " characters in length.");
    if (starts_with(d, "String should be no fewer than "))
        return with_limit("S-LENGTH", "min", "String should be no fewer than ", " characters in length.");
    if (starts_with(d, "Array should contain no more than "))
        return with_limit("S-ITEMS", "max", "Array should contain no more than ", " elements.");
    if (starts_with(d, "Array should contain no fewer than "))
        return with_limit("S-ITEMS", "min", "Array should contain no fewer than ", " elements.");
    if (starts_with(d, "Object should have no more than "))
        return with_limit("S-ITEMS", "max-properties", "Object should have no more than ", " properties.");
    if (starts_with(d, "Object should have no fewer than "))
        return with_limit("S-ITEMS", "min-properties", "Object should have no fewer than ", " properties.");
    if (starts_with(d, "Array contains more items than allowed") || starts_with(d, "Cannot validate item #"))
        return error_finding("S-ITEMS", "extra", at);
    if (starts_with(d, "Failed to match regex specified by 'pattern'"))
        return error_finding("S-PATTERN", "", at);
    if (starts_with(d, "Target should not validate against schema specified in 'not'"))
        return error_finding("S-NOT-ALLOWED", "", at);
    if (starts_with(d, "Elements at indexes #")) {
        const auto nums = hash_numbers(d);
        return error_finding("S-UNIQUE", "", nums.size() == 2 ? at + "/" + nums[1] : at);
    }
    if (starts_with(d, "String should be a valid"))
        return error_finding("S-FORMAT", "", at);
    return error_finding("S-INVALID", "", at);
}

// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), capped at 3. Names of
// the form are short: longer strings, or lengths 3 apart, are simply "far" (3), so the rows live on the stack.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    constexpr std::size_t kLongest = 64;
    if (a.size() > b.size() + 3 || b.size() > a.size() + 3 || a.size() > kLongest || b.size() > kLongest) return 3;
    std::size_t before[kLongest + 1], previous[kLongest + 1], current[kLongest + 1];
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                             std::tolower(static_cast<unsigned char>(b[j - 1])) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::copy(previous, previous + b.size() + 1, before);
        std::copy(current, current + b.size() + 1, previous);
    }
    return std::min<std::size_t>(previous[b.size()], 3);
}

// A misspelt member shows up twice: as an unknown field and as the required field it should have been.
// Report it once, as an unknown field with the suggested name.
void pair_typos(std::vector<Finding>& findings) {
    auto split = [](const std::string& path) {
        const auto slash = path.rfind('/');
        return std::make_pair(path.substr(0, slash), unescape_token(path.substr(slash + 1)));
    };
    // The required-field findings by parent object, split once (a hostile file can have thousands of each).
    std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> requiredByParent;
    for (std::size_t j = 0; j < findings.size(); ++j)
        if (findings[j].rule == "S-REQUIRED") {
            auto [parent, name] = split(findings[j].path);
            requiredByParent[parent].emplace_back(j, std::move(name));
        }
    if (requiredByParent.empty()) return;
    std::vector<bool> drop(findings.size(), false);
    for (auto& unknown : findings) {
        if (unknown.rule != "S-UNKNOWN-FIELD" || unknown.path.empty()) continue;
        const auto [parent, name] = split(unknown.path);
        const auto candidates = requiredByParent.find(parent);
        if (candidates == requiredByParent.end()) continue;
        for (const auto& [j, reqName] : candidates->second) {
            const std::size_t allowed = std::min<std::size_t>(2, reqName.size() / 3);
            const std::size_t lengthGap = name.size() > reqName.size() ? name.size() - reqName.size() : reqName.size() - name.size();
            if (drop[j] || lengthGap > allowed || edit_distance(name, reqName) > allowed) continue;
            unknown.variant = "typo";
            unknown.params = {Param::Text("name", name), Param::Text("suggestion", reqName)};
            drop[j] = true;
            break;
        }
    }
    remove_flagged(findings, drop);
}

// valijson names only the first unknown member of an object; a filer wants every one of them, to fix all in one
// pass. Each S-UNKNOWN-FIELD is widened to every member of its object that `properties` does not name, up to kUnknownListed per object and kUnknownListedPerFile in the whole file (a file
// with hundreds is of another format altogether), then one finding per object with the count of the rest.
constexpr std::size_t kUnknownListed = 50, kUnknownListedPerFile = 200;

void list_every_unknown_member(std::vector<Finding>& findings, const json& document, const json& schema) {
    const std::size_t count = findings.size();
    std::size_t budget = kUnknownListedPerFile;
    for (std::size_t i = 0; i < count; ++i) {
        if (findings[i].rule != "S-UNKNOWN-FIELD" || findings[i].path.empty()) continue;
        const std::string parent = findings[i].path.substr(0, findings[i].path.rfind('/'));
        const json* object = nullptr;
        try {
            object = &document.at(json::json_pointer(parent));
        } catch (const std::exception&) {
            continue;
        }
        const json* node = schema_node_at(schema, parent);
        if (!object->is_object() || !node || !node->is_object()) continue;
        // Members allowed by a pattern (the explanations' rule IDs) are judged by valijson alone: its one finding.
        if (node->contains("patternProperties")) continue;
        const auto props = node->find("properties");
        std::size_t listed = 0, more = 0;
        for (auto member = object->begin(); member != object->end(); ++member) {
            const std::string& name = member.key();
            if (props != node->end() && props->is_object() && props->contains(name)) continue;
            if (listed == 0) {  // valijson names the first one (in the object's key order): already in the list
                ++listed;
                continue;
            }
            if (listed >= kUnknownListed || budget == 0) {
                ++more;
                continue;
            }
            ++listed;
            --budget;
            findings.push_back(error_finding("S-UNKNOWN-FIELD", "", parent + "/" + pointer_token(name)));
        }
        if (more) findings.push_back(error_finding("S-UNKNOWN-FIELD", "more", parent, {Param::Int("count", static_cast<std::int64_t>(more))}));
    }
}

}  // namespace

const json* schema_node_at(const json& schema, const std::string& pointer) {
    const json* node = &schema;
    auto resolve = [&](const json* n) -> const json* {
        for (int hops = 0; n && n->is_object() && hops < 16; ++hops) {
            auto r = n->find("$ref");
            if (r == n->end() || !r->is_string()) return n;
            const std::string ref = r->get<std::string>();
            if (ref.rfind("#/", 0) != 0) return nullptr;
            try {
                n = &schema.at(json::json_pointer(ref.substr(1)));
            } catch (const std::exception&) {
                return nullptr;
            }
        }
        return n;
    };
    node = resolve(node);
    for (const std::string& key : split_pointer(pointer)) {
        if (!node) break;
        const json* nextNode = nullptr;
        if (auto props = node->find("properties"); props != node->end() && props->is_object()) {
            if (auto p = props->find(key); p != props->end()) nextNode = &*p;
        }
        if (!nextNode) {
            if (auto items = node->find("items"); items != node->end() && items->is_object()) nextNode = &*items;
        }
        node = resolve(nextNode);
    }
    return node;
}

SchemaStage::~SchemaStage() = default;
SchemaStage::SchemaStage(SchemaStage&&) noexcept = default;

std::vector<Finding> SchemaStage::validate(const json& document) const {
    std::vector<Finding> findings;
    try {
        // One validator per thread: it caches compiled regexes, which are costly to build.
        thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(document);
        if (validator.validate(impl_->schema, target, &results)) return findings;

        std::set<std::tuple<std::string, std::string, std::string>> seen;
        std::string deepest;
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            const std::string at = context_pointer(error.context);
            if (at.size() > deepest.size()) deepest = at;
            auto f = map_error(error.context, error.description);
            if (!f || !seen.emplace(f->rule, f->variant, f->path).second) continue;
            add_schema_params(*f, document_);
            findings.push_back(std::move(*f));
        }
        if (findings.empty()) findings.push_back(error_finding("S-INVALID", "", deepest));
        list_every_unknown_member(findings, document, document_);
        pair_typos(findings);
    } catch (const std::exception& e) {
        Finding f = error_finding("S-INTERNAL", "", "");
        f.params.push_back(Param::Text("detail", e.what()));
        findings.push_back(std::move(f));
    }
    return findings;
}

}  // namespace cxjf
