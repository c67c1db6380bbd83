#include "cxjf/report.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "forms.hpp"
#include "display.hpp"
#include "json_writer.hpp"
#include "pointer.hpp"
#include "signing/jcs.hpp"

namespace cxjf {

namespace {

using nlohmann::json;

std::string group_thousands(std::uint64_t v) {
    std::string digits = std::to_string(v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Yuan as 万元 with up to four decimals, exact ("1,234.5万元"); in English "CNY 12,345,000".
std::string format_money(std::int64_t yuan, Lang lang) {
    const bool negative = yuan < 0;
    const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(yuan) : static_cast<std::uint64_t>(yuan);
    if (lang == Lang::en) return std::string(negative ? "-" : "") + "CNY " + group_thousands(abs);
    std::string out = (negative ? "-" : "") + group_thousands(abs / 10000);
    if (const auto frac = abs % 10000) {
        std::string f = std::to_string(frac);
        f = std::string(4 - f.size(), '0') + f;
        while (f.back() == '0') f.pop_back();
        out += "." + f;
    }
    return out + "万元";
}

const json& messages(const Engine::Data& d, Lang lang) { return d.messages[lang == Lang::zh ? 0 : 1]; }

std::string message_text(const Engine::Data& d, Lang lang, const std::string& key) {
    const json& m = messages(d, lang);
    auto it = m.find(key);
    return it != m.end() && it->is_string() ? it->get<std::string>() : key;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

bool is_index(const std::string& s) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The label entry for a path: exact, or with array indices (and explanation keys) as '*'.
const json* label_entry(const Engine::Data& d, Lang lang, const std::vector<std::string>& segs) {
    const json& labels = d.labels[lang == Lang::zh ? 0 : 1];
    std::string pattern;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const bool wildcard = is_index(segs[i]) || (i == 1 && segs[0] == "explanations");
        pattern += "/" + (wildcard ? std::string("*") : segs[i]);
    }
    auto it = labels.find(pattern);
    return it == labels.end() ? nullptr : &*it;
}

std::string field_label(const Engine::Data& d, Lang lang, const std::string& path, std::string* format) {
    const auto segs = split_pointer(path);
    const json* entry = label_entry(d, lang, segs);
    std::string label;
    if (entry && entry->is_string()) label = entry->get<std::string>();
    else if (entry && entry->is_object()) {
        label = entry->value("label", "");
        if (format) *format = entry->value("format", "");
    }
    if (label.empty()) return segs.empty() ? path : segs.back();
    for (std::size_t i = 0; i < segs.size(); ++i) {
        if (!is_index(segs[i])) continue;
        const long index = std::stol(segs[i]);
        replace_all(label, "{n}", std::to_string(index + 1));
        if (i == 1 && segs[0] == "annual") replace_all(label, "{year}", std::to_string(d.filingYear - 3 + index));
    }
    if (segs.size() >= 2 && segs[0] == "explanations") replace_all(label, "{key}", segs[1]);
    return label;
}

std::string param_text(const Engine::Data& d, const Param& p, Lang lang) {
    switch (p.kind) {
        case Param::Kind::integer: return std::to_string(p.number);
        case Param::Kind::money: return format_money(p.number, lang);
        case Param::Kind::term: {
            std::string out;
            std::size_t start = 0;
            while (start <= p.text.size()) {
                const std::size_t bar = p.text.find('|', start);
                const std::string key = p.text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
                if (!out.empty()) out += " / ";
                out += message_text(d, lang, key);
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            return out;
        }
        case Param::Kind::text: break;
    }
    return p.text;
}


}  // namespace

std::string points_text(double points) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", points);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string percent_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string hint_text(const Engine& engine, const Hint& h, Lang lang) {
    const Engine::Data& d = engine.data();
    const std::string sign = h.delta < 0 ? "−" : "+";
    const std::int64_t magnitude = h.delta < 0 ? -h.delta : h.delta;
    std::string amount;
    if (h.unit == "yuan") {
        amount = format_money(magnitude, lang);
    } else {
        amount = std::to_string(magnitude);
        const std::string unit = message_text(d, lang, "unit." + h.unit);
        if (!unit.empty() && unit != "unit." + h.unit) amount += (lang == Lang::zh ? " " : " ") + unit;
    }
    std::string tpl = message_text(d, lang, "hint");
    replace_all(tpl, "{field}", field_label(d, lang, h.field, nullptr));
    replace_all(tpl, "{delta}", sign + amount);
    replace_all(tpl, "{points}", points_text(h.pointsGain));
    replace_all(tpl, "{target}", h.target);
    return tpl;
}

std::string message_term(const Engine& engine, const std::string& key, Lang lang) {
    return message_text(engine.data(), lang, key);
}

std::string render_message(const Engine& engine, const Finding& f, Lang lang) {
    const Engine::Data& d = engine.data();
    const json& m = messages(d, lang);
    std::string tpl;
    if (!f.variant.empty()) {
        auto it = m.find(f.rule + "." + f.variant);
        if (it != m.end()) tpl = it->get<std::string>();
    }
    if (tpl.empty()) {
        auto it = m.find(f.rule);
        tpl = it != m.end() ? it->get<std::string>() : f.rule;
    }
    if (tpl.find("{field}") != std::string::npos || tpl.find("{format}") != std::string::npos) {
        std::string format;
        replace_all(tpl, "{field}", field_label(d, lang, f.path, &format));
        replace_all(tpl, "{format}", format.empty() ? message_text(d, lang, "format.default") : format);
    }
    for (const auto& p : f.params) replace_all(tpl, "{" + p.key + "}", param_text(d, p, lang));
    return tpl;
}

const char* to_string(SignatureStatus s) {
    switch (s) {
        case SignatureStatus::absent: return "absent";
        case SignatureStatus::unverified: return "unverified";
        case SignatureStatus::valid: return "valid";
        case SignatureStatus::invalid: return "invalid";
    }
    return "invalid";
}

// {"status", "alg", "keyId", "signedAt", "digest", "check": {"matches", "differences": [...]}}; only status when absent.
std::string signature_json(const SignatureInfo& s) {
    JsonWriter w;
    w.begin_object().member("status", to_string(s.status));
    if (s.status != SignatureStatus::absent) {
        w.member("alg", s.alg).member("keyId", s.keyId).member("signedAt", s.signedAt).member("digest", s.signedDigest);
        if (s.status == SignatureStatus::valid || s.status == SignatureStatus::unverified) {
            w.key("check").begin_object().member("matches", s.claimMatches).key("differences").begin_array();
            for (const auto& d : s.differences)
                w.begin_object().member("field", d.field).member("claimed", d.claimed).member("actual", d.actual).end_object();
            w.end_array().end_object();
        }
    }
    w.end_object();
    return std::move(w.text());
}

std::string scores_summary_json(const CheckResult& r) {
    JsonWriter w;
    w.begin_object();
    for (const auto& p : r.scores) {
        w.key(p.id).begin_object();
        w.key("score").number(p.score);
        w.key("max").number(p.max);
        if (p.bonusMax > 0) {
            w.key("bonus").number(p.bonus);
            w.key("bonusMax").number(p.bonusMax);
        }
        if (p.hasEligibility) {
            w.member("eligible", p.eligible);
            if (!p.eligibleBy.empty()) w.member("eligibleBy", p.eligibleBy);
        }
        if (!p.stage.empty()) w.member("stage", p.stage);
        if (p.label) w.key("label").begin_object().member("zh", p.label->zh).member("en", p.label->en).end_object();
        w.end_object();
    }
    w.end_object();
    return std::move(w.text());
}

std::string result_json(const Engine& engine, const CheckResult& r, const std::string* file) {
    return result_json_open(engine, r, file) + "}";
}

std::string result_json_open(const Engine& engine, const CheckResult& r, const std::string* file) {
    JsonWriter w;  // "file" and "status" first, for people reading ndjson
    w.text().reserve(1024);
    w.begin_object();
    if (file) {
        w.member("file", file_name_text(*file));
        if (!is_utf8(*file)) w.member("fileHex", hex_text(*file));
    }
    w.member("status", to_string(r.status));
    w.key("counts").begin_object().member("errors", r.errors).member("warnings", r.warnings).member("explained", r.explained).end_object();
    w.key("issues").begin_array();
    for (const auto& f : r.findings) {
        w.begin_object()
            .member("rule", f.rule)
            .member("severity", to_string(f.severity))
            .member("path", f.path)
            .member("message_zh", render_message(engine, f, Lang::zh))
            .member("message_en", render_message(engine, f, Lang::en));
        if (!f.variant.empty()) w.member("case", f.variant);
        if (f.severity == Severity::warning) w.member("explained", f.explained);
        if (!f.params.empty()) {
            w.key("values").begin_object();
            for (const auto& p : f.params) {
                if (p.kind == Param::Kind::integer || p.kind == Param::Kind::money) w.member(p.key, p.number);
                else w.member(p.key, p.text);
            }
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.key("signature").raw(signature_json(r.signatureInfo));
    w.member("envelope", r.envelope);
    const auto& s = r.summary;
    w.key("enterprise").begin_object()
        .member("uscc", s.uscc).member("name", s.name).member("regionCode", s.regionCode)
        .member("industryCode", s.industryCode).member("scaleDeclared", s.scaleDeclared).member("scaleDerived", s.scaleDerived)
        .end_object();
    w.key("scores").raw(scores_summary_json(r));
    if (!r.sheet.empty()) {
        w.key("sheet").begin_array();
        for (const auto& cell : r.sheet) w.value(cell);
        w.end_array();
    }
    return std::move(w.text());  // open: the caller closes it
}

std::string score_json(const Engine& engine, const ProfileScore& p) {
    JsonWriter w;
    auto text2 = [&](std::string_view key, const Text2& t) {
        w.key(key).begin_object().member("zh", t.zh).member("en", t.en).end_object();
    };
    w.begin_object().member("profile", p.id);
    text2("title", p.title);
    w.member("kind", p.kind);
    if (p.label) text2("label", *p.label);
    if (!p.stage.empty()) {
        w.key("stage").begin_object().member("id", p.stage);
        text2("title", p.stageTitle);
        w.end_object();
    }
    w.key("score").number(p.score);
    w.key("max").number(p.max);
    if (p.bonusMax > 0) {
        w.key("bonus").number(p.bonus);
        w.key("bonusMax").number(p.bonusMax);
    }
    if (p.hasEligibility) w.member("eligible", p.eligible).member("eligibleBy", p.eligibleBy);
    w.key("indicators").begin_array();
    for (const auto& i : p.indicators) {
        w.begin_object().member("id", i.id);
        text2("title", i.title);
        w.member("category", i.category).member("bonus", i.bonus).member("applicable", i.applicable)
            .member("measure", i.measure).member("unit", i.unit);
        w.key("value").raw(ecmascript_number(i.value));  // every digit a double has: no rounding across a band edge
        w.member("valueText", i.valueText).member("valueExact", i.valueExact).member("band", i.band);
        w.key("points").number(i.points);
        w.key("max").number(i.max);
        if (i.hint) {
            w.key("hint").begin_object().member("field", i.hint->field).member("delta", i.hint->delta).member("unit", i.hint->unit);
            w.key("points").number(i.hint->pointsGain);
            w.member("target", i.hint->target)
                .member("text_zh", hint_text(engine, *i.hint, Lang::zh))
                .member("text_en", hint_text(engine, *i.hint, Lang::en))
                .end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.key("categories").begin_array();
    for (const auto& c : p.categories) {
        w.begin_object().member("id", c.id);
        text2("title", c.title);
        w.key("points").number(c.points);
        w.key("max").number(c.max);
        w.key("min").number(c.min);
        w.member("metMinimum", c.metMinimum).end_object();
    }
    w.end_array();
    auto conditions = [&](std::string_view key, const std::vector<ConditionResult>& list) {
        w.key(key).begin_array();
        for (const auto& c : list) {
            w.begin_object().member("id", c.id);
            text2("title", c.title);
            w.member("applicable", c.applicable).member("passed", c.passed).member("unit", c.unit)
                .member("value", c.valueText).member("valueExact", c.valueExact).member("threshold", c.thresholdText).end_object();
        }
        w.end_array();
    };
    conditions("conditions", p.conditions);
    conditions("routes", p.routes);
    w.end_object();
    return std::move(w.text());
}

}  // namespace cxjf
