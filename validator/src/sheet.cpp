#include "sheet.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "cxjf/report.hpp"
#include "forms.hpp"
#include "pointer.hpp"
#include "rules/context.hpp"

namespace cxjf {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::runtime_error(what); }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

const json& required_text(const json& c, const char* key, const std::string& where) {
    auto it = c.find(key);
    if (it == c.end() || !it->is_string()) bad(where + ": \"" + key + "\" must be a string");
    return *it;
}

// An amount in 元 written in 万元, exactly: 218463726 → "21846.3726", -5000 → "-0.5".
std::string wan_text(std::int64_t yuan) {
    const bool negative = yuan < 0;
    const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(yuan) : static_cast<std::uint64_t>(yuan);
    std::string s = (negative ? "-" : "") + std::to_string(v / 10000);
    if (auto frac = v % 10000) {
        char buf[8];
        std::snprintf(buf, sizeof buf, ".%04u", static_cast<unsigned>(frac));
        std::string f = buf;
        while (f.back() == '0') f.pop_back();
        s += f;
    }
    return s;
}

const json* at_path(const json& root, const std::vector<std::string>& path) {
    const json* v = &root;
    for (const auto& key : path) {
        v = member(v, key.c_str());
        if (!v) return nullptr;
    }
    return v;
}

const json* annual_entry(const json& filing, int year) {
    const json* annual = member(&filing, "annual");
    if (!annual || !annual->is_array()) return nullptr;
    for (const auto& entry : *annual)
        if (integer(member(&entry, "year")) == year) return &entry;
    return nullptr;
}

std::string label(const Sheet& sheet, const std::string& table, const std::string& value, Lang lang) {
    auto t = sheet.labels.find(table);
    if (t == sheet.labels.end()) return value;
    auto l = t->second.find(value);
    if (l == t->second.end()) return value;
    return lang == Lang::zh ? l->second.zh : l->second.en;
}

// The cell of a plain JSON value: text as is, integers (in 万元 when asked), booleans and enums by label.
std::string value_cell(const Engine::Data& data, const SheetSource& src, const json* v, Lang lang) {
    if (!v || v->is_null()) return "";
    if (src.count) return v->is_array() ? std::to_string(v->size()) : "";
    if (!src.list.empty()) {
        if (!v->is_array()) return "";
        std::string out;
        for (const auto& id : *v) {
            auto t = text(&id);
            if (!t) continue;
            auto bank = data.bankNames.find(std::string(*t));
            if (!out.empty()) out += lang == Lang::zh ? "、" : "; ";
            out += bank == data.bankNames.end() ? std::string(*t) : lang == Lang::zh ? bank->second.zh : bank->second.en;
        }
        return out;
    }
    if (v->is_boolean()) return label(data.sheet, src.labels.empty() ? "bool" : src.labels, v->get<bool>() ? "true" : "false", lang);
    if (auto i = integer(v)) return src.wan ? wan_text(*i) : std::to_string(*i);
    if (auto t = text(v)) return src.labels.empty() ? std::string(*t) : label(data.sheet, src.labels, std::string(*t), lang);
    return "";
}

std::string region_name(const Engine::Data& data, const std::string& code) {
    if (code.size() != 6) return "";
    std::string out;
    for (const auto& part : {code.substr(0, 2) + "0000", code.substr(0, 4) + "00", code}) {
        auto it = data.regionNames.find(part);
        if (it == data.regionNames.end() || it->second == "市辖区" || it->second == "县") continue;
        if (!out.empty() && out.size() >= it->second.size() && out.compare(out.size() - it->second.size(), it->second.size(), it->second) == 0) continue;
        if (!out.empty()) out += " ";
        out += it->second;
    }
    return out;
}

std::string computed_cell(const Engine::Data& data, const SheetSource& src, const CheckResult& r, Lang lang) {
    const std::string& c = src.computed;
    if (c == "regionName") return region_name(data, r.summary.regionCode);
    if (c == "industryName") {
        const std::string code = r.summary.industryCode.size() == 5 ? r.summary.industryCode.substr(1) : "";
        auto it = data.industryNames.find(code);
        return it == data.industryNames.end() ? "" : it->second;
    }
    if (c == "scaleDerived") return r.summary.scaleDerived.empty() ? "" : label(data.sheet, src.labels, r.summary.scaleDerived, lang);
    if (c == "status") return label(data.sheet, src.labels, to_string(r.status), lang);
    if (c == "errors") return std::to_string(r.errors);
    if (c == "warnings") return std::to_string(r.warnings);
    if (c == "signature") return label(data.sheet, src.labels, to_string(r.signature), lang);
    if (c == "keyId") return r.signatureInfo.keyId;
    if (c == "signedAt") return r.signatureInfo.signedAt;
    if (c == "score" || c == "bonus" || c == "eligible") {
        if (src.profile >= r.scores.size()) return "";
        const ProfileScore& s = r.scores[src.profile];
        if (c == "score") return std::isfinite(s.score) ? points_text(s.score) : "";  // the base: bonus has its own column
        if (c == "bonus") return std::isfinite(s.bonus) ? points_text(s.bonus) : "";
        return s.hasEligibility ? label(data.sheet, src.labels, s.eligible ? "true" : "false", lang) : "";
    }
    if (c == "stage") {
        for (const auto& s : r.scores)
            if (!s.stage.empty()) return label(data.sheet, src.labels, s.stage, lang);
        return "";
    }
    return "";
}

}  // namespace

Sheet load_sheet(const json& spec, int filingYear, const std::vector<ProfileInfo>& profiles) {
    Sheet sheet;
    if (!spec.is_object() || !spec.contains("columns") || !spec["columns"].is_array()) bad("\"columns\" must be an array");
    if (spec.contains("labels")) {
        if (!spec["labels"].is_object()) bad("\"labels\" must be an object");
        for (auto t = spec["labels"].begin(); t != spec["labels"].end(); ++t)
            for (auto v = t.value().begin(); v != t.value().end(); ++v) {
                if (!v.value().is_array() || v.value().size() != 2 || !v.value()[0].is_string() || !v.value()[1].is_string())
                    bad("labels/" + t.key() + "/" + v.key() + " must be [zh, en]");
                sheet.labels[t.key()][v.key()] = Text2{v.value()[0].get<std::string>(), v.value()[1].get<std::string>()};
            }
    }
    static const char* const computedNames[] = {"regionName", "industryName", "scaleDerived", "score", "bonus", "eligible",
                                                "stage", "status", "errors", "warnings", "signature", "keyId", "signedAt"};
    std::size_t index = 0;
    for (const auto& c : spec["columns"]) {
        const std::string where = "columns/" + std::to_string(index++);
        if (!c.is_object()) bad(where + " must be an object");
        const std::string key = required_text(c, "key", where), zh = required_text(c, "zh", where), en = required_text(c, "en", where);
        SheetSource src;
        src.wan = c.value("unit", "") == "wan";
        src.count = c.value("count", false);
        src.labels = c.value("labels", "");
        src.list = c.value("list", "");
        if (!src.labels.empty() && !sheet.labels.count(src.labels)) bad(where + ": unknown labels \"" + src.labels + "\"");
        if (!src.list.empty() && src.list != "banks") bad(where + ": unknown list \"" + src.list + "\"");
        const bool number = src.wan || src.count || (c.contains("annual")) || c.value("number", false);
        auto add = [&](const std::string& k, const std::string& hz, const std::string& he, const SheetSource& s, bool isNumber) {
            sheet.columns.push_back(SheetColumn{k, Text2{hz, he}, isNumber});
            sheet.sources.push_back(s);
        };
        if (c.contains("from")) {
            const std::string& pointer = required_text(c, "from", where);
            if (pointer.empty() || pointer[0] != '/') bad(where + ": \"from\" must be a JSON Pointer");
            src.path = split_pointer(pointer);
            add(key, zh, en, src, number);
        } else if (c.contains("annual")) {
            src.kind = SheetSource::Kind::annual;
            src.path = {required_text(c, "annual", where).get<std::string>()};
            if (!c.contains("years") || !c["years"].is_array()) bad(where + ": \"years\" must be an array of offsets");
            for (const auto& offset : c["years"]) {
                if (!offset.is_number_integer()) bad(where + ": year offsets must be integers");
                src.year = filingYear + offset.get<int>();
                const std::string y = std::to_string(src.year);
                add(replace_all(key, "{y}", y), replace_all(zh, "{y}", y), replace_all(en, "{y}", y), src, true);
            }
        } else if (c.contains("computed")) {
            src.kind = SheetSource::Kind::computed;
            src.computed = required_text(c, "computed", where);
            bool known = false;
            for (const char* n : computedNames) known = known || src.computed == n;
            if (!known) bad(where + ": unknown computed value \"" + src.computed + "\"");
            const bool isNumber = src.computed == "score" || src.computed == "bonus" || src.computed == "errors" ||
                                  src.computed == "warnings";
            if (src.computed == "score" || src.computed == "bonus" || src.computed == "eligible") {
                for (std::size_t p = 0; p < profiles.size(); ++p) {
                    if (src.computed == "bonus" && !profiles[p].hasBonus) continue;
                    src.profile = p;
                    const auto& info = profiles[p];
                    // An estimate says so in every header that shows it (非官方估算 / unofficial estimate).
                    const std::string titleZh = info.title.zh + (info.label ? "（" + info.label->zh + "）" : "");
                    const std::string titleEn = info.title.en + (info.label ? " (" + info.label->en + ")" : "");
                    add(replace_all(key, "{profile}", info.id), replace_all(zh, "{profile}", titleZh),
                        replace_all(en, "{profile}", titleEn), src, isNumber);
                }
            } else {
                add(key, zh, en, src, isNumber);
            }
        } else {
            bad(where + ": needs \"from\", \"annual\" or \"computed\"");
        }
    }
    for (std::size_t i = 0; i < sheet.columns.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sheet.columns[i].key == sheet.columns[j].key) bad("column key \"" + sheet.columns[i].key + "\" repeats");
    return sheet;
}

std::vector<std::string> sheet_row(const Engine::Data& data, const json& filing, const CheckResult& result, Lang lang) {
    std::vector<std::string> row;
    row.reserve(data.sheet.sources.size());
    for (const auto& src : data.sheet.sources) {
        switch (src.kind) {
            case SheetSource::Kind::pointer: row.push_back(value_cell(data, src, at_path(filing, src.path), lang)); break;
            case SheetSource::Kind::annual: {
                const json* entry = annual_entry(filing, src.year);
                row.push_back(value_cell(data, src, entry ? member(entry, src.path[0].c_str()) : nullptr, lang));
                break;
            }
            case SheetSource::Kind::computed: row.push_back(computed_cell(data, src, result, lang)); break;
        }
    }
    return row;
}

std::vector<std::string> sheet_cells(const Engine& engine, const CheckResult& result, Lang lang) {
    const Engine::Data& data = engine.data();
    std::vector<std::string> row = lang != result.sheetLang && !result.sheetOtherLang.empty() ? result.sheetOtherLang : result.sheet;
    if (row.size() != data.sheet.sources.size()) return row;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (data.sheet.sources[i].kind == SheetSource::Kind::computed) row[i] = computed_cell(data, data.sheet.sources[i], result, lang);
    return row;
}

std::string neutralise_cell(const std::string& text) {
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        return "'" + text;
    return text;
}

bool is_decimal(const std::string& s) {
    std::size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0, digits = 0, dots = 0;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9') ++digits;
        else if (s[i] == '.' && digits && ++dots == 1) continue;
        else return false;
    }
    return digits > 0 && s.back() != '.';
}

namespace {
std::string quote(const std::string& cell) {
    std::string out = "\"";
    for (char ch : cell) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}
}  // namespace

std::string csv_quoted(const std::string& text) { return quote(neutralise_cell(text)); }

std::string csv_line(const std::vector<std::string>& cells, const std::vector<bool>& number) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        // A number column's cell is written raw only when it is one; anything else from a mistyped field is text.
        const bool isNumber = i < number.size() && number[i] && is_decimal(cells[i]);
        const std::string cell = isNumber ? cells[i] : neutralise_cell(cells[i]);
        line += cell.find_first_of(",\"\r\n") == std::string::npos ? cell : quote(cell);
    }
    return line + "\r\n";
}

std::string csv_header(const std::vector<SheetColumn>& columns, Lang lang) {
    std::vector<std::string> cells;
    for (const auto& c : columns) cells.push_back(lang == Lang::zh ? c.header.zh : c.header.en);
    return csv_line(cells, {});
}

std::string csv_row(const std::vector<SheetColumn>& columns, const std::vector<std::string>& row) {
    std::vector<bool> number;
    for (const auto& c : columns) number.push_back(c.number);
    return csv_line(row, number);
}

}  // namespace cxjf
