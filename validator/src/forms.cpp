#include "forms.hpp"

#include <stdexcept>

#include "cxjf/report.hpp"
#include "strict_json.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& file, const std::string& what) {
    throw std::runtime_error("forms/" + file + ": " + what);
}

json parse_form(const std::map<std::string, std::string>& texts, const std::string& name) {
    auto it = texts.find(name);
    if (it == texts.end()) refuse(name, "missing");
    Limits limits;
    limits.maxBytes = 16 * 1024 * 1024;
    limits.maxDepth = 128;
    limits.maxStringBytes = limits.maxBytes;  // the forms are the engine's own data, not a filer's
    limits.maxItems = limits.maxBytes;
    StrictRead read = read_strict_json(it->second, limits);
    if (read.error) refuse(name, "not strict JSON (" + read.error->rule + " " + read.error->variant + " at '" + read.error->path + "')");
    return std::move(read.value);
}

Severity parse_severity(const json& v, const std::string& where) {
    if (v == "error") return Severity::error;
    if (v == "warning") return Severity::warning;
    refuse("rules.json", where + ": severity must be \"error\" or \"warning\"");
}

void load_rules(Engine::Data& d, const json& rules) {
    if (!rules.contains("ruleset") || !rules["ruleset"].is_string()) refuse("rules.json", "ruleset missing");
    d.ruleset = rules["ruleset"].get<std::string>();
    if (!rules.contains("filingYear") || !rules["filingYear"].is_number_integer()) refuse("rules.json", "filingYear missing");
    d.filingYear = rules["filingYear"].get<int>();
    if (!rules.contains("rules") || !rules["rules"].is_object()) refuse("rules.json", "rules missing");
    for (auto it = rules["rules"].begin(); it != rules["rules"].end(); ++it) {
        const json& r = it.value();
        RuleInfo info;
        if (!r.contains("severity")) refuse("rules.json", it.key() + ": severity missing");
        info.severity = parse_severity(r["severity"], it.key());
        if (auto v = r.find("variants"); v != r.end() && v->is_object())
            for (auto m = v->begin(); m != v->end(); ++m)
                info.variantSeverity[m.key()] = parse_severity(m.value(), it.key() + "/" + m.key());
        if (auto s = r.find("supersedes"); s != r.end() && s->is_array())
            for (const auto& id : *s) info.supersedes.push_back(id.get<std::string>());
        d.rules.emplace(it.key(), std::move(info));
    }
    d.ruleParams = rules.value("params", json::object());
}

void load_scale(Engine::Data& d, const json& scale) {
    if (!scale.contains("categories") || !scale["categories"].is_array()) refuse("scale.json", "categories missing");
    static const char* const tierNames[3] = {"large", "medium", "small"};
    for (const auto& c : scale["categories"]) {
        ScaleCategory cat;
        cat.id = c.value("id", "");
        cat.nameZh = c.value("name_zh", "");
        for (const auto& m : c.at("match")) cat.match.push_back(m.get<std::string>());
        for (int t = 0; t < 3; ++t) {
            if (!c.contains(tierNames[t]) || !c[tierNames[t]].is_object()) refuse("scale.json", cat.id + ": " + tierNames[t] + " missing");
            for (auto b = c[tierNames[t]].begin(); b != c[tierNames[t]].end(); ++b) {
                if (b.key() != "X" && b.key() != "Y" && b.key() != "Z") refuse("scale.json", cat.id + ": unknown indicator " + b.key());
                if (!b.value().is_number_integer() || b.value().get<std::int64_t>() < 0)
                    refuse("scale.json", cat.id + ": bound of " + b.key() + " must be an integer ≥ 0");
                cat.tiers[t][b.key()] = b.value().get<std::int64_t>();
            }
        }
        d.scaleCategories.push_back(std::move(cat));
    }
}

void check_messages(const Engine::Data& d) {
    static const char* const files[2] = {"messages.zh.json", "messages.en.json"};
    for (const auto& id : emitted_rule_ids()) {
        if (!d.rules.count(id)) refuse("rules.json", id + " is emitted by the engine but not catalogued");
        for (int lang = 0; lang < 2; ++lang) {
            bool found = d.messages[lang].contains(id);
            for (auto it = d.messages[lang].begin(); !found && it != d.messages[lang].end(); ++it)
                found = it.key().rfind(id + ".", 0) == 0;
            if (!found) refuse(files[lang], "no message for " + id);
        }
    }
}

}  // namespace

const std::vector<std::string>& form_file_names() {
    static const std::vector<std::string> names = {
        "filing.schema.json", "rules.json", "scale.json", "messages.zh.json", "messages.en.json",
        "labels.zh.json", "labels.en.json", "regions.json", "industries.json", "banks.json", "profile.schema.json",
        "profiles/tech-sme.json", "profiles/high-tech.json", "profiles/innovative-sme.json",
        "profiles/innovation-points-estimate.json", "sheet.json"};
    return names;
}

Severity Engine::Data::severity_of(const std::string& rule, const std::string& variant) const {
    auto it = rules.find(rule);
    if (it == rules.end()) return Severity::error;
    if (!variant.empty()) {
        auto v = it->second.variantSeverity.find(variant);
        if (v != it->second.variantSeverity.end()) return v->second;
    }
    return it->second.severity;
}

const json& Engine::Data::param(const std::string& rule, const std::string& key) const {
    static const json null;
    auto r = ruleParams.find(rule);
    if (r == ruleParams.end()) return null;
    auto k = r->find(key);
    return k == r->end() ? null : *k;
}

namespace {

// A schema form file that passes the DESIGN §2 policy, ready to validate with.
std::shared_ptr<const SchemaStage> load_schema(const std::map<std::string, std::string>& texts, const std::string& name) {
    json schema = parse_form(texts, name);
    for (const auto& v : schema_policy_violations(schema)) refuse(name, v);
    try {
        return std::make_shared<const SchemaStage>(std::move(schema));
    } catch (const SchemaError& e) {
        refuse(name, e.what());
    }
}

}  // namespace

namespace {

// A code table's member as code → name: flat {"110101": "东城区"}, or nested by parent code
// {"1101": {"01": "东城区"}} as the wasm build embeds it (cmake/minify_json.py).
std::vector<std::pair<std::string, std::string>> code_table(const json& table, const char* member, const char* file) {
    std::vector<std::pair<std::string, std::string>> out;
    auto m = table.find(member);
    if (m == table.end() || !m->is_object()) refuse(file, std::string(member) + " missing");
    for (auto it = m->begin(); it != m->end(); ++it) {
        if (it.value().is_string()) {
            out.emplace_back(it.key(), it.value().get<std::string>());
            continue;
        }
        if (!it.value().is_object()) refuse(file, std::string(member) + "/" + it.key() + " must be a name or an object of names");
        for (auto in = it.value().begin(); in != it.value().end(); ++in) {
            if (!in.value().is_string()) refuse(file, std::string(member) + "/" + it.key() + "/" + in.key() + " must be a name");
            out.emplace_back(it.key() + in.key(), in.value().get<std::string>());
        }
    }
    return out;
}

}  // namespace

void build_sheet(Engine::Data& d, const json& spec) {
#if CXJF_WITHOUT_SHEET
    (void)d;
    (void)spec;
#else
    std::vector<ProfileInfo> profiles;
    for (const auto& p : d.profiles) profiles.push_back(scoring::profile_info(p));
    try {
        d.sheet = load_sheet(spec, d.filingYear, profiles);
    } catch (const std::runtime_error& e) {
        refuse("sheet.json", e.what());
    }
#endif
}

std::shared_ptr<const Engine::Data> load_forms(std::map<std::string, std::string> texts) {
    auto d = std::make_shared<Engine::Data>();
    d->schema = load_schema(texts, "filing.schema.json");
    load_rules(*d, parse_form(texts, "rules.json"));
    load_scale(*d, parse_form(texts, "scale.json"));
    d->messages[0] = parse_form(texts, "messages.zh.json");
    d->messages[1] = parse_form(texts, "messages.en.json");
    d->labels[0] = parse_form(texts, "labels.zh.json");
    d->labels[1] = parse_form(texts, "labels.en.json");
    check_messages(*d);

    const json regions = parse_form(texts, "regions.json");
    for (const auto& [code, name] : code_table(regions, "provinces", "regions.json")) {
        d->provinces.emplace(code, name);
        d->regionNames.emplace(code + "0000", name);
    }
    for (const auto& [code, name] : code_table(regions, "cities", "regions.json")) d->regionNames.emplace(code + "00", name);
    for (const auto& [code, name] : code_table(regions, "counties", "regions.json")) {
        d->counties.insert(code);
        d->regionNames.emplace(code, name);
    }

    const json industries = parse_form(texts, "industries.json");
    const json& divisions = industries.at("divisions");
    for (const auto& [code, name] : code_table(industries, "classes", "industries.json")) {
        auto div = divisions.find(code.substr(0, 2));
        if (div == divisions.end()) refuse("industries.json", "class " + code + " has no division");
        d->classSection.emplace(code, div->at("section").get<std::string>());
        d->industryNames.emplace(code, name);
    }
    const json banks = parse_form(texts, "banks.json");
    for (const auto& b : banks.at("banks")) {
        d->bankIds.insert(b.at("id").get<std::string>());
        d->bankNames[b.at("id").get<std::string>()] = Text2{b.at("name_zh").get<std::string>(), b.at("name_en").get<std::string>()};
    }

    // The enterprise page's engine leaves out what only a bureau or a province uses: the sheet (its forms and its
    // code: CXJF_WITHOUT_SHEET), and the schema that profile files given at run time are checked against (its own
    // profiles were checked when the native build loaded the same files).
    if (texts.count("profile.schema.json")) d->profileSchema = load_schema(texts, "profile.schema.json");
    for (const auto& name : form_file_names())
        if (name.rfind("profiles/", 0) == 0) d->profiles.push_back(parse_profile(*d, texts.at(name), "forms/" + name));
    if (texts.count("sheet.json")) build_sheet(*d, parse_form(texts, "sheet.json"));

    d->texts = std::move(texts);
    return d;
}

scoring::Profile parse_profile(const Engine::Data& data, const std::string& text, const std::string& where) {
    Limits limits;
    limits.maxBytes = 4 * 1024 * 1024;
    StrictRead read = read_strict_json(text, limits);
    auto shared = std::shared_ptr<const Engine::Data>(&data, [](const Engine::Data*) {});
    const Engine messages(shared);
    if (read.error)
        throw std::runtime_error(where + ": " + render_message(messages, *read.error, Lang::en));
    if (!data.profileSchema && where.rfind("forms/", 0) != 0)
        throw std::runtime_error(where + ": this engine takes no profile files (it was built without profile.schema.json)");
    const auto findings = data.profileSchema ? data.profileSchema->validate(read.value) : std::vector<Finding>{};
    if (!findings.empty()) {
        std::string what = where + ": ";
        for (std::size_t i = 0; i < findings.size() && i < 5; ++i)
            what += (i ? "; " : "") + (findings[i].path.empty() ? "/" : findings[i].path) + ": " +
                    render_message(messages, findings[i], Lang::en);
        if (findings.size() > 5) what += "; and " + std::to_string(findings.size() - 5) + " more";
        throw std::runtime_error(what);
    }
    return scoring::load_profile(read.value, where);
}

}  // namespace cxjf
