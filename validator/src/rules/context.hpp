#pragma once
// What every rule sees: the filing, the forms data, the dates, and a way to emit findings.
// Rules run on any document, valid or not: accessors return nullopt for missing or mistyped values,
// which the schema stage already reports, so a rule only judges the values it can read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../forms.hpp"
#include "cxjf/check.hpp"
#include "cxjf/finding.hpp"

namespace cxjf {

using nlohmann::json;

inline const json* member(const json* object, const char* key) {
    if (!object || !object->is_object()) return nullptr;
    auto it = object->find(key);
    return it == object->end() ? nullptr : &*it;
}
inline std::optional<std::int64_t> integer(const json* v) {
    if (v && v->is_number_integer()) return v->get<std::int64_t>();
    return std::nullopt;
}
inline std::optional<std::string_view> text(const json* v) {
    if (v && v->is_string()) return std::string_view(v->get_ref<const std::string&>());
    return std::nullopt;
}
inline std::optional<bool> boolean(const json* v) {
    if (v && v->is_boolean()) return v->get<bool>();
    return std::nullopt;
}
inline bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

struct RuleContext {
    const json& filing;
    const Engine::Data& data;
    Date checkDate;
    Date referenceDate;  // declaration.date when valid, else checkDate
    std::vector<Finding>& out;

    void emit(const char* rule, const char* variant, std::string path, std::vector<Param> params = {}) const {
        Finding f;
        f.rule = rule;
        f.variant = variant;
        f.severity = data.severity_of(f.rule, f.variant);
        f.path = std::move(path);
        f.params = std::move(params);
        out.push_back(std::move(f));
    }

    const json* section(const char* key) const { return member(&filing, key); }
    // The annual entries that are objects, with their index in the array.
    std::vector<std::pair<std::size_t, const json*>> years() const {
        std::vector<std::pair<std::size_t, const json*>> out_;
        const json* annual = section("annual");
        if (annual && annual->is_array())
            for (std::size_t i = 0; i < annual->size(); ++i)
                if ((*annual)[i].is_object()) out_.emplace_back(i, &(*annual)[i]);
        return out_;
    }
    // The latest fiscal year entry (the last object in annual), or nullptr.
    const json* latest_year() const {
        auto ys = years();
        return ys.empty() ? nullptr : ys.back().second;
    }
    std::optional<Date> established_on() const {
        auto t = text(member(section("enterprise"), "establishedOn"));
        return t ? Date::parse(*t) : std::nullopt;
    }
};

inline std::string annual_path(std::size_t i, const char* field = nullptr) {
    std::string p = "/annual/" + std::to_string(i);
    if (field) p += std::string("/") + field;
    return p;
}

// One function per rule family; each appends its findings to ctx.out.
void check_identity(const RuleContext& ctx);       // R-ID-*
void check_dates(const RuleContext& ctx);          // R-DATE-*
void check_annual(const RuleContext& ctx);         // R-YEARS, R-FIN-*, R-STAFF-*, R-IP-SUBSET
void check_qualifications(const RuleContext& ctx); // R-QUAL-*
void check_scale(const RuleContext& ctx, std::string* derivedScale);  // R-SCALE
void check_financing(const RuleContext& ctx);      // R-LOAN, R-DECLARATION

}  // namespace cxjf
