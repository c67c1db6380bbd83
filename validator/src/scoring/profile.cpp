#include <algorithm>
#include "profile.hpp"

#include "../signing/jcs.hpp"

#include <set>
#include <stdexcept>

namespace cxjf::scoring {
namespace {

using nlohmann::json;

struct Loader {
    const json& doc;
    std::string where;
    Profile p;

    [[noreturn]] void fail(const std::string& at, const std::string& what) const {
        throw std::runtime_error(where + ": " + (at.empty() ? "/" : at) + ": " + what);
    }

    Text2 text2(const json& v) const { return Text2{v.value("zh", ""), v.value("en", "")}; }

    Rational number(const json& v, const std::string& at) const {
        std::optional<Rational> r;
        if (v.is_number_integer()) r = Rational::integer(v.get<std::int64_t>());
        else if (v.is_string()) r = parse_rational(v.get<std::string>());
        if (!r) fail(at, "not a number: " + json_text(v));
        return *r;
    }
    static std::string number_text(const json& v) { return v.is_string() ? v.get<std::string>() : json_text(v); }

    FieldRef field(const std::string& text, const std::string& at) const {
        FieldRef f;
        f.text = text;
        const auto dot = text.find('.');
        if (dot == std::string::npos) fail(at, "field reference without a scope: " + text);
        const std::string scope = text.substr(0, dot);
        f.name = text.substr(dot + 1);
        static const std::set<std::string> annual = {
            "revenue", "mainBusinessRevenue", "highTechRevenue", "totalCostExpense", "rdExpense", "rdExpenseDomestic",
            "netProfit", "taxPaid", "totalAssets", "totalLiabilities", "techContractTurnover", "equityFinancing",
            "employees", "techStaff", "rdStaff", "masters", "doctors", "freshGraduates"};
        static const std::map<std::string, std::set<std::string>> sections = {
            {"ip", {"inventionPatents", "inventionPatentsHighValue", "inventionPatentsAcquired", "utilityModels", "designs",
                    "softwareCopyrights", "icLayouts", "plantVarieties", "newDrugs", "pctApplications",
                    "nationalCropVarieties", "firstGradeTcmVarieties"}},
            {"enterprise", {"registeredCapital", "strategicEmergingIndustry", "scale", "listing"}},
            {"qualifications", {"smeTier", "nationalTechInnovationDemoYear", "nationalIpAdvantageYear",
                                "nationalIpDemonstrationYear"}},
            {"financing", {"needsLoan", "needsEquity"}}};

        if (scope == "latest" || scope == "previous" || scope == "sum3") {
            f.scope = scope == "latest" ? FieldRef::Scope::latest : scope == "previous" ? FieldRef::Scope::previous : FieldRef::Scope::sum3;
            if (!annual.count(f.name)) fail(at, "unknown annual field " + f.name);
        } else {
            f.scope = FieldRef::Scope::section;
            f.section = scope;
            auto s = sections.find(scope);
            if (s == sections.end() || !s->second.count(f.name)) fail(at, "unknown field " + text);
            // Optional counts the filing gained after its first version (DESIGN §2: fields are only added): a file
            // without them has none, so they read 0, and sums that include them give what they gave before.
            f.absentIsZero = scope == "ip" && (f.name == "nationalCropVarieties" || f.name == "firstGradeTcmVarieties");
        }
        return f;
    }

    std::shared_ptr<const Measure> operand(const json& v, const std::string& at, int depth) {
        if (v.is_object()) return measure("", v, at, depth + 1);
        const std::string s = v.get<std::string>();
        if (s.find('.') != std::string::npos) {
            auto m = std::make_shared<Measure>();
            m->kind = Measure::Kind::field;
            m->name = s;
            m->fields = {field(s, at)};
            m->unit = field_unit(m->fields[0]);
            return m;
        }
        return named(s, at, depth + 1);
    }

    std::map<std::string, std::shared_ptr<const Measure>> built;
    std::set<std::string> building;

    std::shared_ptr<const Measure> named(const std::string& name, const std::string& at, int depth) {
        if (auto it = built.find(name); it != built.end()) return it->second;
        auto def = doc["measures"].find(name);
        if (def == doc["measures"].end()) fail(at, "unknown measure " + name);
        if (!building.insert(name).second || depth > 20) fail("/measures/" + name, "measures refer to each other in a circle");
        auto m = measure(name, *def, "/measures/" + name, depth);
        building.erase(name);
        built[name] = m;
        return m;
    }

    std::shared_ptr<const Measure> measure(const std::string& name, const json& def, const std::string& at, int depth) {
        auto m = std::make_shared<Measure>();
        m->name = name;
        m->unit = def.at("unit").get<std::string>();
        if (def.contains("title")) m->title = text2(def["title"]);
        static const char* const kinds[] = {"field", "sum", "difference", "ratio", "growth", "count", "flag",
                                            "enumValue", "highTechValid", "ageYears", "ageDays"};
        int found = 0;
        for (const char* k : kinds) found += def.contains(k);
        if (found != 1) fail(at, "a measure needs exactly one of field, sum, difference, ratio, growth, count, flag, enumValue, highTechValid, ageYears, ageDays");
        if (def.contains("field")) {
            m->kind = Measure::Kind::field;
            m->fields = {field(def["field"], at + "/field")};
        } else if (def.contains("sum") || def.contains("difference")) {
            const bool sum = def.contains("sum");
            m->kind = sum ? Measure::Kind::sum : Measure::Kind::difference;
            const json& list = sum ? def["sum"] : def["difference"];
            for (std::size_t i = 0; i < list.size(); ++i)
                m->fields.push_back(field(list[i], at + (sum ? "/sum/" : "/difference/") + std::to_string(i)));
        } else if (def.contains("ratio")) {
            m->kind = Measure::Kind::ratio;
            m->num = operand(def["ratio"]["num"], at + "/ratio/num", depth);
            m->den = operand(def["ratio"]["den"], at + "/ratio/den", depth);
        } else if (def.contains("growth")) {
            m->kind = Measure::Kind::growth;
            m->fields = {field("latest." + def["growth"].get<std::string>(), at + "/growth")};
        } else if (def.contains("count")) {
            m->kind = Measure::Kind::count;
            const json& c = def["count"];
            if (c.contains("list") == c.contains("years")) fail(at + "/count", "a count has either list or years");
            if (c.contains("list")) m->list = c["list"].get<std::string>();
            else
                for (std::size_t i = 0; i < c["years"].size(); ++i)
                    m->fields.push_back(field(c["years"][i], at + "/count/years/" + std::to_string(i)));
            if (c.contains("years") && c.contains("where")) fail(at + "/count/where", "where belongs to a count of a list");
            m->withinYears = c.value("withinYears", 0);
            if (c.contains("where"))
                for (auto it = c["where"].begin(); it != c["where"].end(); ++it) {
                    Match match;
                    if (it->is_array()) for (const auto& s : *it) match.values.push_back(s.get<std::string>());
                    else {
                        if (it->contains("min")) match.min = (*it)["min"].get<std::int64_t>();
                        if (it->contains("max")) match.max = (*it)["max"].get<std::int64_t>();
                    }
                    m->where[it.key()] = std::move(match);
                }
        } else if (def.contains("flag")) {
            m->kind = Measure::Kind::flag;
            m->fields = {field(def["flag"], at + "/flag")};
        } else if (def.contains("enumValue")) {
            m->kind = Measure::Kind::enumValue;
            m->fields = {field(def["enumValue"]["field"], at + "/enumValue/field")};
            for (auto it = def["enumValue"]["values"].begin(); it != def["enumValue"]["values"].end(); ++it)
                m->enumValues[it.key()] = it->get<std::int64_t>();
        } else if (def.contains("highTechValid")) {
            m->kind = Measure::Kind::highTechValid;
            m->validYears = def["highTechValid"]["years"].get<int>();
        } else {
            m->kind = def.contains("ageDays") ? Measure::Kind::ageDays : Measure::Kind::ageYears;
        }
        return m;
    }

    std::vector<Band> bands(const json& list, const std::string& at, const Indicator& ind) {
        std::vector<Band> out;
        Rational maxPoints = ind.max;
        for (const auto& [stage, m] : ind.maxByStage) maxPoints = std::max(maxPoints, m);
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json& b = list[i];
            const std::string bat = at + "/" + std::to_string(i);
            Band band;
            static const char* const bounds[] = {"min", "above", "max", "below"};  // in Band::Kind order
            for (int k = 0; k < 4; ++k) {
                if (!b.contains(bounds[k])) continue;
                if (band.kind != Band::Kind::any) fail(bat, "a band has one of min, above, max or below, not two");
                band.kind = static_cast<Band::Kind>(k);
                band.threshold = number(b[bounds[k]], bat + "/" + bounds[k]);
                band.thresholdText = number_text(b[bounds[k]]);
            }
            if (b.contains("points") == b.contains("share")) fail(bat, "a band has either points or share");
            band.share = b.contains("share");
            band.points = number(band.share ? b["share"] : b["points"], bat + (band.share ? "/share" : "/points"));
            if (band.points < Rational(0)) fail(bat, "negative points");
            if (band.share && Rational(1) < band.points) fail(bat + "/share", "a share is at most 1");
            if (!band.share && maxPoints < band.points) fail(bat + "/points", "points above the indicator's max");
            if (!out.empty() && out.back().kind == Band::Kind::any) fail(bat, "no band can follow a band without a bound");
            if (!out.empty() && band.kind != Band::Kind::any) {
                const Band& prev = out.back();
                const bool lower = band.kind <= Band::Kind::above;
                if (lower != (prev.kind <= Band::Kind::above))
                    fail(bat, "bands mix lower bounds (min, above) and upper bounds (max, below): the ranges would overlap");
                // Lower bounds go down, upper bounds go up; one threshold may stand twice only as "above t" then
                // "min t" (the second band holds exactly t) or "below t" then "max t".
                const bool onward = lower ? band.threshold < prev.threshold : prev.threshold < band.threshold;
                const bool edge = band.threshold == prev.threshold && static_cast<int>(band.kind) + 1 == static_cast<int>(prev.kind);
                const char* key = bounds[static_cast<int>(band.kind)];
                if (!onward && !edge)
                    fail(bat + "/" + key, std::string("bands overlap: ") + key + " " + band.thresholdText + " after " +
                                              bounds[static_cast<int>(prev.kind)] + " " + prev.thresholdText +
                                              (lower ? " (thresholds must go down)" : " (thresholds must go up)"));
            }
            out.push_back(band);
        }
        return out;
    }

    Indicator indicator(const json& d, const std::string& at, bool bonus) {
        Indicator ind;
        ind.id = d["id"].get<std::string>();
        ind.title = text2(d["title"]);
        ind.category = d.value("category", "");
        ind.bonus = bonus;
        const json& max = d["max"];
        if (max.is_object()) {
            if (p.stages.empty()) fail(at + "/max", "a max per stage needs the profile's stages");
            for (const auto& s : p.stages) {
                if (!max.contains(s.id)) fail(at + "/max", "no max for stage " + s.id);
                ind.maxByStage[s.id] = number(max[s.id], at + "/max/" + s.id);
            }
            if (max.size() != p.stages.size()) fail(at + "/max", "max names a stage the profile does not have");
        } else {
            ind.max = number(max, at + "/max");
        }
        if (d.contains("measure") == d.contains("best")) fail(at, "an indicator has either measure and bands, or best");
        if (d.contains("measure")) {
            if (!d.contains("bands")) fail(at, "bands missing");
            Option o;
            o.measure = named(d["measure"], at + "/measure", 0);
            o.bands = bands(d["bands"], at + "/bands", ind);
            ind.options.push_back(std::move(o));
        } else {
            if (d.contains("bands")) fail(at + "/bands", "bands belong inside each option of best");
            for (std::size_t i = 0; i < d["best"].size(); ++i) {
                const json& od = d["best"][i];
                const std::string oat = at + "/best/" + std::to_string(i);
                Option o;
                o.measure = named(od["measure"], oat + "/measure", 0);
                if (od.contains("title")) o.title = text2(od["title"]);
                o.bands = bands(od["bands"], oat + "/bands", ind);
                ind.options.push_back(std::move(o));
            }
        }
        return ind;
    }

    Condition condition(const json& d, const std::string& at, bool needsId) {
        Condition c;
        c.id = d.value("id", "");
        if (d.contains("title")) c.title = text2(d["title"]);
        if (needsId && (c.id.empty() || !d.contains("title"))) fail(at, "a condition needs an id and a title");
        const int ops = d.contains("min") + d.contains("max") + d.contains("below") + d.contains("above");
        const int forms = (d.contains("measure") && ops == 1 && !d.contains("minBy")) +
                          (d.contains("measure") && ops == 0 && d.contains("minBy")) +
                          (d.contains("indicator") && d.contains("minPoints")) + d.contains("all") + d.contains("any");
        if (forms != 1 || (d.contains("measure") && (d.contains("indicator") || d.contains("all") || d.contains("any"))))
            fail(at, "a condition is one of: measure with min/max/below/above, measure with minBy, indicator with minPoints, all, any");
        if (d.contains("minBy")) {
            c.kind = Condition::Kind::tiered;
            c.measure = named(d["measure"], at + "/measure", 0);
            c.tierMeasure = named(d["minBy"]["measure"], at + "/minBy/measure", 0);
            const json& tiers = d["minBy"]["tiers"];
            for (std::size_t i = 0; i < tiers.size(); ++i) {
                const std::string tat = at + "/minBy/tiers/" + std::to_string(i);
                Condition::Tier t;
                if (tiers[i].contains("upTo")) {
                    t.upTo = number(tiers[i]["upTo"], tat + "/upTo");
                    t.upToText = number_text(tiers[i]["upTo"]);
                    if (!c.tiers.empty() && !(*c.tiers.back().upTo < *t.upTo)) fail(tat + "/upTo", "tiers overlap (upTo must go up)");
                } else if (i + 1 != tiers.size()) {
                    fail(tat, "only the last tier may omit upTo");
                }
                t.min = number(tiers[i]["min"], tat + "/min");
                t.minText = number_text(tiers[i]["min"]);
                c.tiers.push_back(std::move(t));
            }
        } else if (d.contains("measure")) {
            c.kind = Condition::Kind::compare;
            c.measure = named(d["measure"], at + "/measure", 0);
            for (const char* op : {"min", "max", "below", "above"})
                if (d.contains(op)) {
                    c.op = op;
                    c.threshold = number(d[op], at + "/" + op);
                    c.thresholdText = number_text(d[op]);
                }
        } else if (d.contains("indicator")) {
            c.kind = Condition::Kind::indicator;
            c.indicator = d["indicator"].get<std::string>();
            c.minPoints = number(d["minPoints"], at + "/minPoints");
            bool known = false;
            for (const auto& i : p.indicators) known = known || i.id == c.indicator;
            if (!known) fail(at + "/indicator", "unknown indicator " + c.indicator);
        } else {
            c.kind = d.contains("all") ? Condition::Kind::all : Condition::Kind::any;
            const json& list = d.contains("all") ? d["all"] : d["any"];
            for (std::size_t i = 0; i < list.size(); ++i)
                c.children.push_back(condition(list[i], at + (d.contains("all") ? "/all/" : "/any/") + std::to_string(i), false));
        }
        return c;
    }

    std::vector<Condition> conditions(const json& list, const std::string& at) {
        std::vector<Condition> out;
        std::set<std::string> ids;
        for (std::size_t i = 0; i < list.size(); ++i) {
            out.push_back(condition(list[i], at + "/" + std::to_string(i), true));
            if (!ids.insert(out.back().id).second) fail(at + "/" + std::to_string(i) + "/id", "duplicate id " + out.back().id);
        }
        return out;
    }

    Profile load() {
        p.id = doc["id"].get<std::string>();
        p.kind = doc["kind"].get<std::string>();
        p.title = text2(doc["title"]);
        p.basis = text2(doc["basis"]);
        if (doc.contains("label")) p.label = text2(doc["label"]);
        if (doc.contains("stages")) {
            std::set<std::string> ids;
            for (std::size_t i = 0; i < doc["stages"].size(); ++i) {
                const json& s = doc["stages"][i];
                Stage st{s["id"].get<std::string>(), text2(s["title"]), std::nullopt};
                if (s.contains("maxAgeYears")) st.maxAgeYears = s["maxAgeYears"].get<int>();
                if (!ids.insert(st.id).second) fail("/stages/" + std::to_string(i), "duplicate stage " + st.id);
                if (st.maxAgeYears && !p.stages.empty() && (!p.stages.back().maxAgeYears || *p.stages.back().maxAgeYears >= *st.maxAgeYears))
                    fail("/stages/" + std::to_string(i), "stages must go from younger to older");
                if (!st.maxAgeYears && i + 1 != doc["stages"].size()) fail("/stages/" + std::to_string(i), "only the last stage may omit maxAgeYears");
                p.stages.push_back(std::move(st));
            }
        }
        for (auto it = doc["measures"].begin(); it != doc["measures"].end(); ++it) p.measures[it.key()] = named(it.key(), "/measures", 0);
        std::set<std::string> categoryIds;
        if (doc.contains("categories"))
            for (std::size_t i = 0; i < doc["categories"].size(); ++i) {
                const json& c = doc["categories"][i];
                Category cat{c["id"].get<std::string>(), text2(c["title"]), std::nullopt, std::nullopt};
                if (c.contains("min")) cat.min = number(c["min"], "/categories/" + std::to_string(i) + "/min");
                if (c.contains("cap")) cat.cap = number(c["cap"], "/categories/" + std::to_string(i) + "/cap");
                if (!categoryIds.insert(cat.id).second) fail("/categories/" + std::to_string(i), "duplicate category " + cat.id);
                p.categories.push_back(std::move(cat));
            }
        std::set<std::string> indicatorIds;
        for (const char* list : {"indicators", "bonus"}) {
            if (!doc.contains(list)) continue;
            for (std::size_t i = 0; i < doc[list].size(); ++i) {
                const std::string at = std::string("/") + list + "/" + std::to_string(i);
                Indicator ind = indicator(doc[list][i], at, std::string(list) == "bonus");
                if (!indicatorIds.insert(ind.id).second) fail(at + "/id", "duplicate indicator " + ind.id);
                if (!ind.category.empty() && !categoryIds.count(ind.category)) fail(at + "/category", "unknown category " + ind.category);
                p.indicators.push_back(std::move(ind));
            }
        }
        if (doc.contains("bonusCap")) p.bonusCap = number(doc["bonusCap"], "/bonusCap");
        if (p.kind == "points" && p.indicators.empty()) fail("/indicators", "a points profile needs indicators");
        if (p.kind == "conditions") {
            if (!doc.contains("conditions") || doc["conditions"].empty()) fail("/conditions", "a conditions profile needs conditions");
            if (!p.indicators.empty()) fail("/indicators", "a conditions profile has no indicators");
            p.conditions = conditions(doc["conditions"], "/conditions");
        } else if (doc.contains("conditions")) {
            fail("/conditions", "conditions belong to a conditions profile; use eligibility in a points profile");
        }
        if (doc.contains("eligibility")) {
            const json& e = doc["eligibility"];
            if (e.contains("require")) p.require = conditions(e["require"], "/eligibility/require");
            if (e.contains("byScore")) {
                p.hasByScore = true;
                const json& b = e["byScore"];
                if (b.contains("minScore")) p.minScore = number(b["minScore"], "/eligibility/byScore/minScore");
                p.categoryMinimums = b.value("categoryMinimums", false);
                if (b.contains("also")) p.scoreAlso = conditions(b["also"], "/eligibility/byScore/also");
            }
            if (e.contains("routes")) p.routes = conditions(e["routes"], "/eligibility/routes");
        }
        return std::move(p);
    }
};

}  // namespace

std::string field_unit(const FieldRef& f) {
    static const std::set<std::string> persons = {"employees", "techStaff", "rdStaff", "masters", "doctors", "freshGraduates"};
    if (f.scope == FieldRef::Scope::section) return f.name == "registeredCapital" ? "yuan" : "count";
    return persons.count(f.name) ? "persons" : "yuan";
}

Profile load_profile(const json& document, const std::string& where) {
    Loader loader{document, where, {}, {}, {}};
    try {
        return loader.load();
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(where + ": malformed profile (" + std::string(e.what()) + ")");
    }
}

ProfileInfo profile_info(const Profile& p) {
    ProfileInfo i;
    i.id = p.id;
    i.title = p.title;
    i.kind = p.kind;
    i.label = p.label;
    i.hasEligibility = p.kind == "conditions" || p.hasByScore || !p.require.empty() || !p.routes.empty();
    i.hasBonus = std::any_of(p.indicators.begin(), p.indicators.end(), [](const Indicator& ind) { return ind.bonus; });
    i.hasStages = !p.stages.empty();
    return i;
}

}  // namespace cxjf::scoring
