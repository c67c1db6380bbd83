#include "evaluate.hpp"

#include <algorithm>

namespace cxjf::scoring {

namespace {

using nlohmann::json;

const json* member(const json* object, const std::string& key) {
    if (!object || !object->is_object()) return nullptr;
    auto it = object->find(key);
    return it == object->end() ? nullptr : &*it;
}

std::optional<std::int64_t> integer(const json* v) {
    if (v && v->is_number_integer()) return v->get<std::int64_t>();
    return std::nullopt;
}

struct Ctx {
    const json& filing;
    Date ref;
    std::string stage;
    bool detail = true;
    std::vector<std::pair<std::size_t, const json*>> years;  // annual entries that are objects, with their index

    Ctx(const json& f, const Date& r) : filing(f), ref(r) {
        const json* annual = member(&filing, "annual");
        if (annual && annual->is_array())
            for (std::size_t i = 0; i < annual->size(); ++i)
                if ((*annual)[i].is_object()) years.emplace_back(i, &(*annual)[i]);
    }
    const std::pair<std::size_t, const json*>* year(std::size_t fromLast) const {
        return years.size() > fromLast ? &years[years.size() - 1 - fromLast] : nullptr;
    }
};

std::optional<Rational> field_value(const Ctx& c, const FieldRef& f) {
    switch (f.scope) {
        case FieldRef::Scope::latest:
        case FieldRef::Scope::previous: {
            const auto* y = c.year(f.scope == FieldRef::Scope::latest ? 0 : 1);
            auto v = y ? integer(member(y->second, f.name)) : std::nullopt;
            return v ? std::optional<Rational>(Rational::integer(*v)) : std::nullopt;
        }
        case FieldRef::Scope::sum3: {
            if (c.years.empty()) return std::nullopt;
            Rational sum;
            for (const auto& [index, y] : c.years) {
                auto v = integer(member(y, f.name));
                if (!v) return std::nullopt;
                sum = sum + Rational::integer(*v);
            }
            return sum;
        }
        case FieldRef::Scope::section: {
            const json* section = member(&c.filing, f.section);
            const json* v = member(section, f.name);
            if (!v && f.absentIsZero && section && section->is_object()) return Rational(0);
            if (auto i = integer(v)) return Rational::integer(*i);
            if (v && v->is_boolean()) return Rational(v->get<bool>() ? 1 : 0);
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string field_pointer(const Ctx& c, const FieldRef& f) {
    if (f.scope == FieldRef::Scope::section) return "/" + f.section + "/" + f.name;
    const auto* y = c.year(f.scope == FieldRef::Scope::previous ? 1 : 0);
    return y ? "/annual/" + std::to_string(y->first) + "/" + f.name : "";
}

// establishedOn, when it is a date on or before the reference date.
std::optional<Date> established(const Ctx& c) {
    const json* v = member(member(&c.filing, "enterprise"), "establishedOn");
    if (!v || !v->is_string()) return std::nullopt;
    auto est = Date::parse(v->get<std::string>());
    if (!est || c.ref < *est) return std::nullopt;
    return est;
}

std::optional<int> age_years(const Ctx& c) {
    auto est = established(c);
    if (!est) return std::nullopt;
    int years = c.ref.year - est->year;
    if (c.ref.month < est->month || (c.ref.month == est->month && c.ref.day < est->day)) --years;
    return years;
}

bool matches(const json& item, const std::map<std::string, Match>& where) {
    for (const auto& [field, match] : where) {
        const json* v = member(&item, field);
        if (!match.values.empty()) {
            if (!v || !v->is_string() || std::find(match.values.begin(), match.values.end(), v->get<std::string>()) == match.values.end())
                return false;
        } else {
            auto i = integer(v);
            if (!i || (match.min && *i < *match.min) || (match.max && *i > *match.max)) return false;
        }
    }
    return true;
}

std::optional<Rational> eval(const Measure& m, const Ctx& c) {
    switch (m.kind) {
        case Measure::Kind::field: return field_value(c, m.fields[0]);
        case Measure::Kind::sum: {
            Rational sum;
            for (const auto& f : m.fields) {
                auto v = field_value(c, f);
                if (!v) return std::nullopt;
                sum = sum + *v;
            }
            return sum;
        }
        case Measure::Kind::difference: {
            auto a = field_value(c, m.fields[0]), b = field_value(c, m.fields[1]);
            if (!a || !b) return std::nullopt;
            return *a - *b;
        }
        case Measure::Kind::ratio: {
            auto n = eval(*m.num, c), d = eval(*m.den, c);
            if (!n || !d || d->num <= 0) return std::nullopt;  // division by zero (or by a negative base): not applicable
            return Rational(n->num * d->den, n->den * d->num);
        }
        case Measure::Kind::growth: {
            FieldRef prev = m.fields[0];
            prev.scope = FieldRef::Scope::previous;
            auto cur = field_value(c, m.fields[0]), before = field_value(c, prev);
            if (!cur || !before || before->num <= 0) return std::nullopt;
            return Rational((*cur - *before).num * before->den, (*cur - *before).den * before->num);
        }
        case Measure::Kind::count: {
            auto inTime = [&](std::int64_t y) {
                return y <= c.ref.year && (!m.withinYears || y >= c.ref.year - m.withinYears + 1);
            };
            if (m.list.empty()) {  // a count of year fields: each present year in the window counts once
                std::int64_t n = 0;
                for (const auto& f : m.fields) {
                    auto y = field_value(c, f);
                    n += y && y->den == 1 && inTime(static_cast<std::int64_t>(y->num));
                }
                return Rational(n);
            }
            const auto dot = m.list.find('.');
            const json* list = member(member(&c.filing, m.list.substr(0, dot)), m.list.substr(dot + 1));
            if (!list || !list->is_array()) return Rational(0);
            std::int64_t n = 0;
            for (const auto& item : *list) {
                if (!item.is_object() || !matches(item, m.where)) continue;
                if (m.withinYears) {
                    auto y = integer(member(&item, "year"));
                    if (!y || !inTime(*y)) continue;
                }
                ++n;
            }
            return Rational(n);
        }
        case Measure::Kind::flag: {
            const json* v = m.fields[0].scope == FieldRef::Scope::section
                                ? member(member(&c.filing, m.fields[0].section), m.fields[0].name) : nullptr;
            if (!v || !v->is_boolean()) return std::nullopt;
            return Rational(v->get<bool>() ? 1 : 0);
        }
        case Measure::Kind::enumValue: {
            const json* v = member(member(&c.filing, m.fields[0].section), m.fields[0].name);
            if (!v || !v->is_string()) return std::nullopt;
            auto it = m.enumValues.find(v->get<std::string>());
            return it == m.enumValues.end() ? std::nullopt : std::optional<Rational>(Rational(it->second));
        }
        case Measure::Kind::highTechValid: {
            const json* hte = member(member(&c.filing, "qualifications"), "highTechEnterprise");
            if (hte && hte->is_null()) return Rational(0);
            const json* issued = member(hte, "issuedOn");
            if (!issued || !issued->is_string()) return Rational(0);
            auto d = Date::parse(issued->get<std::string>());
            return Rational(d && *d <= c.ref && c.ref <= d->plus_years(m.validYears) ? 1 : 0);
        }
        case Measure::Kind::ageYears: {
            auto a = age_years(c);
            return a ? std::optional<Rational>(Rational(*a)) : std::nullopt;
        }
        case Measure::Kind::ageDays: {  // calendar days (高企 工作指引: "一年以上" = 365 calendar days or more)
            auto est = established(c);
            return est ? std::optional<Rational>(Rational(c.ref.day_number() - est->day_number())) : std::nullopt;
        }
    }
    return std::nullopt;
}

std::string group_thousands(i128 v) {
    const bool negative = v < 0;
    std::string digits = Rational(negative ? -v : v).fixed(0), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (negative ? "-" : "") + out;
}

std::string value_text(const Rational& v, const std::string& unit) {
    // Rounded down: 4.9999992% shows as 4.99%, never as the 5.00% it does not reach.
    if (unit == "percent") return (v * Rational(100)).floor_fixed(2) + "%";
    if (unit == "yuan") return "¥" + group_thousands(v.num / v.den);
    if (unit == "flag") return v.num != 0 ? "1" : "0";
    return v.num % v.den == 0 ? Rational(v.num / v.den).fixed(0) : v.floor_fixed(2);
}

std::string band_text(const Band& b, const std::string& unit) {
    if (b.kind == Band::Kind::any) return "";
    std::string t = b.thresholdText;
    if (unit == "yuan" && t.find('%') == std::string::npos) t = "¥" + group_thousands(b.threshold.num / b.threshold.den);
    static const char* const ops[] = {"≥", ">", "≤", "<"};  // in Band::Kind order
    return ops[static_cast<int>(b.kind)] + t;
}

bool in_band(const Band& b, const Rational& v) {
    switch (b.kind) {
        case Band::Kind::min: return v >= b.threshold;
        case Band::Kind::above: return v > b.threshold;
        case Band::Kind::max: return v <= b.threshold;
        case Band::Kind::below: return v < b.threshold;
        case Band::Kind::any: return true;
    }
    return false;
}

Rational band_points(const Band& b, const Rational& max) { return b.share ? b.points * max : std::min(b.points, max); }

struct Lever {
    std::string pointer, unit;
    Rational current;
};

// What the filer can change to move a measure: its numerator's first field, or the list it counts.
std::optional<Lever> lever_of(const Measure& m, const Ctx& c) {
    switch (m.kind) {
        case Measure::Kind::field:
        case Measure::Kind::sum:
        case Measure::Kind::difference:
        case Measure::Kind::growth: {
            auto v = field_value(c, m.fields[0]);
            const std::string ptr = field_pointer(c, m.fields[0]);
            if (!v || ptr.empty()) return std::nullopt;
            return Lever{ptr, field_unit(m.fields[0]), *v};
        }
        case Measure::Kind::count: {
            if (m.list.empty()) return std::nullopt;  // years: no single field to move
            auto v = eval(m, c);
            return Lever{"/" + m.list.substr(0, m.list.find('.')) + "/" + m.list.substr(m.list.find('.') + 1), "count", *v};
        }
        default: return std::nullopt;
    }
}

// The change of the lever that brings the measure into band `b`, or nullopt when there is no simple one.
std::optional<std::int64_t> delta_for(const Measure& m, const Band& b, const Ctx& c, const Lever& lever) {
    if (b.kind == Band::Kind::any) return std::nullopt;
    // The integer nearest the current value inside the band: the smallest ≥ t (min) or > t (above), the largest
    // ≤ t (max) or < t (below).
    auto integer_bound = [&](const Rational& t) -> i128 {
        switch (b.kind) {
            case Band::Kind::min: return t.ceil();
            case Band::Kind::above: return t.floor() + 1;
            case Band::Kind::max: return t.floor();
            default: return t.ceil() - 1;
        }
    };
    i128 target;
    switch (m.kind) {
        case Measure::Kind::field:
        case Measure::Kind::sum:
        case Measure::Kind::difference:
        case Measure::Kind::count: {
            auto v = eval(m, c);
            if (!v) return std::nullopt;
            return static_cast<std::int64_t>(integer_bound(b.threshold) - v->ceil());
        }
        case Measure::Kind::ratio: {
            if (m.num->kind != Measure::Kind::field && m.num->kind != Measure::Kind::sum && m.num->kind != Measure::Kind::difference)
                return std::nullopt;
            auto n = eval(*m.num, c), d = eval(*m.den, c);
            if (!n || !d || d->num <= 0) return std::nullopt;
            target = integer_bound(b.threshold * *d);
            return static_cast<std::int64_t>(target - n->ceil());
        }
        case Measure::Kind::growth: {
            FieldRef prev = m.fields[0];
            prev.scope = FieldRef::Scope::previous;
            auto before = field_value(c, prev);
            if (!before || before->num <= 0) return std::nullopt;
            target = integer_bound(*before * (Rational(1) + b.threshold));
            return static_cast<std::int64_t>(target - lever.current.ceil());
        }
        default: return std::nullopt;
    }
}

Rational indicator_max(const Indicator& ind, const std::string& stage) {
    if (ind.maxByStage.empty()) return ind.max;
    auto it = ind.maxByStage.find(stage);
    return it == ind.maxByStage.end() ? ind.maxByStage.begin()->second : it->second;
}

struct IndicatorEval {
    IndicatorScore out;
    Rational points, max;
};

IndicatorEval evaluate_indicator(const Indicator& ind, const Ctx& c) {
    IndicatorEval r;
    r.max = indicator_max(ind, c.stage);
    IndicatorScore& s = r.out;
    s.id = ind.id;
    if (c.detail) s.title = ind.title;
    s.category = ind.category;
    s.bonus = ind.bonus;
    s.max = r.max.to_double();
    s.applicable = false;
    int winner = -1;
    std::vector<std::optional<Rational>> values;
    for (std::size_t i = 0; i < ind.options.size(); ++i) {
        const Option& o = ind.options[i];
        values.push_back(eval(*o.measure, c));
        if (!values.back()) continue;
        const auto band = std::find_if(o.bands.begin(), o.bands.end(), [&](const Band& b) { return in_band(b, *values.back()); });
        const Rational pts = band == o.bands.end() ? Rational(0) : band_points(*band, r.max);
        if (winner < 0 || r.points < pts) {
            winner = static_cast<int>(i);
            r.points = pts;
            s.applicable = true;
            s.value = values.back()->to_double();
            if (c.detail) {
                s.measure = o.measure->name;
                s.unit = o.measure->unit;
                s.valueText = value_text(*values.back(), o.measure->unit);
                s.valueExact = values.back()->exact_text();
                s.band = band == o.bands.end() ? "" : band_text(*band, o.measure->unit);
            }
        }
    }
    if (winner < 0) {
        s.measure = ind.options.front().measure->name;
        s.unit = ind.options.front().measure->unit;
    }
    s.points = r.points.to_double();
    if (!c.detail) return r;
    // The hint: the nearest better band, first of the winning option, then of the others.
    std::vector<std::size_t> order;
    if (winner >= 0) order.push_back(static_cast<std::size_t>(winner));
    for (std::size_t i = 0; i < ind.options.size(); ++i)
        if (static_cast<int>(i) != winner) order.push_back(i);
    for (std::size_t i : order) {
        const Option& o = ind.options[i];
        if (!values[i]) continue;
        const Band* nearest = nullptr;
        for (const Band& b : o.bands) {
            const Rational pts = band_points(b, r.max);
            if (b.kind != Band::Kind::any && r.points < pts && (!nearest || pts < band_points(*nearest, r.max))) nearest = &b;
        }
        if (!nearest) continue;
        const auto lever = lever_of(o.measure->kind == Measure::Kind::ratio ? *o.measure->num : *o.measure, c);
        if (!lever) continue;
        auto delta = delta_for(*o.measure, *nearest, c, *lever);
        if (!delta || *delta == 0) continue;
        Hint h;
        h.field = lever->pointer;
        h.delta = *delta;
        h.unit = lever->unit;
        h.pointsGain = (band_points(*nearest, r.max) - r.points).to_double();
        h.target = band_text(*nearest, o.measure->unit);
        s.hint = h;
        break;
    }
    return r;
}

std::string op_text(const std::string& op) {
    return op == "min" ? "≥ " : op == "max" ? "≤ " : op == "below" ? "< " : "> ";
}

std::string threshold_text(const Rational& t, const std::string& text, const std::string& unit) {
    if (unit == "yuan" && text.find('%') == std::string::npos) return "¥" + group_thousands(t.num / t.den);
    return text;
}

ConditionResult evaluate_condition(const Condition& cond, const Ctx& c, const std::map<std::string, Rational>& indicatorPoints) {
    ConditionResult r;
    r.id = cond.id;
    if (c.detail) r.title = cond.title;
    switch (cond.kind) {
        case Condition::Kind::compare: {
            auto v = eval(*cond.measure, c);
            r.applicable = v.has_value();
            r.passed = v && (cond.op == "min" ? *v >= cond.threshold : cond.op == "max" ? *v <= cond.threshold
                             : cond.op == "below" ? *v < cond.threshold : *v > cond.threshold);
            if (c.detail) {
                r.unit = cond.measure->unit;
                r.thresholdText = op_text(cond.op) + threshold_text(cond.threshold, cond.thresholdText, r.unit);
                if (v) r.valueText = value_text(*v, r.unit);
                if (v) r.valueExact = v->exact_text();
            }
            break;
        }
        case Condition::Kind::tiered: {
            auto by = eval(*cond.tierMeasure, c);
            auto v = eval(*cond.measure, c);
            r.unit = c.detail ? cond.measure->unit : "";
            if (!by || !v) { r.applicable = false; break; }
            const auto tier = std::find_if(cond.tiers.begin(), cond.tiers.end(),
                                           [&](const Condition::Tier& t) { return !t.upTo || *by <= *t.upTo; });
            r.passed = *v >= tier->min;
            if (c.detail) {
                r.valueText = value_text(*v, r.unit);
                r.valueExact = v->exact_text();
                r.thresholdText = "≥ " + tier->minText;
            }
            break;
        }
        case Condition::Kind::indicator: {
            auto it = indicatorPoints.find(cond.indicator);
            const Rational pts = it == indicatorPoints.end() ? Rational(0) : it->second;
            r.passed = pts >= cond.minPoints;
            if (c.detail) {
                r.unit = "points";
                r.valueText = pts.points_text();
                r.valueExact = pts.exact_text();
                r.thresholdText = "≥ " + cond.minPoints.points_text();
            }
            break;
        }
        case Condition::Kind::all:
        case Condition::Kind::any: {
            const bool all = cond.kind == Condition::Kind::all;
            r.passed = all;
            for (const auto& child : cond.children) {
                const bool p = evaluate_condition(child, c, indicatorPoints).passed;
                r.passed = all ? (r.passed && p) : (r.passed || p);
            }
            break;
        }
    }
    return r;
}

}  // namespace

ProfileScore evaluate(const Profile& p, const json& filing, const Date& referenceDate, bool detail) {
    Ctx c(filing, referenceDate);
    c.detail = detail;
    ProfileScore s;
    s.id = p.id;
    if (detail) s.title = p.title;
    s.kind = p.kind;
    s.label = p.label;
    if (!p.stages.empty()) {
        const auto age = age_years(c);
        const Stage* stage = &p.stages.back();
        if (age)
            for (const auto& st : p.stages)
                if (st.maxAgeYears && *age < *st.maxAgeYears) { stage = &st; break; }
        c.stage = stage->id;
        s.stage = stage->id;
        if (detail) s.stageTitle = stage->title;
    }

    if (p.kind == "conditions") {
        int passed = 0;
        for (const auto& cond : p.conditions) {
            ConditionResult r = evaluate_condition(cond, c, {});
            passed += r.passed;
            if (detail) s.conditions.push_back(std::move(r));
        }
        s.score = passed;
        s.max = static_cast<double>(p.conditions.size());
        s.hasEligibility = true;
        s.eligible = passed == static_cast<int>(p.conditions.size());
        s.eligibleBy = s.eligible ? "conditions" : "";
        return s;
    }

    std::map<std::string, Rational> indicatorPoints;
    std::map<std::string, std::pair<Rational, Rational>> categorySums;  // points, max
    Rational base, baseMax, bonus, bonusMax;
    for (const auto& ind : p.indicators) {
        IndicatorEval e = evaluate_indicator(ind, c);
        indicatorPoints[ind.id] = e.points;
        if (!ind.category.empty()) {
            auto& sum = categorySums[ind.category];
            sum.first = sum.first + e.points;
            sum.second = sum.second + e.max;
        }
        (ind.bonus ? bonus : base) = (ind.bonus ? bonus : base) + e.points;
        (ind.bonus ? bonusMax : baseMax) = (ind.bonus ? bonusMax : baseMax) + e.max;
        s.indicators.push_back(std::move(e.out));
    }
    bool categoriesMet = true;
    for (const auto& cat : p.categories) {
        CategoryScore cs;
        cs.id = cat.id;
        if (detail) cs.title = cat.title;
        auto sum = categorySums[cat.id];
        if (cat.cap) {
            sum.first = std::min(sum.first, *cat.cap);
            sum.second = std::min(sum.second, *cat.cap);
        }
        cs.points = sum.first.to_double();
        cs.max = sum.second.to_double();
        cs.min = cat.min ? cat.min->to_double() : 0;
        cs.metMinimum = !cat.min || sum.first >= *cat.min;
        categoriesMet = categoriesMet && cs.metMinimum;
        s.categories.push_back(std::move(cs));
    }
    if (p.bonusCap) {
        bonus = std::min(bonus, *p.bonusCap);
        bonusMax = std::min(bonusMax, *p.bonusCap);
    }
    s.score = base.to_double();
    s.max = baseMax.to_double();
    s.bonus = bonus.to_double();
    s.bonusMax = bonusMax.to_double();

    if (p.hasByScore || !p.require.empty() || !p.routes.empty()) {
        s.hasEligibility = true;
        bool required = true;
        for (const auto& cond : p.require) {
            ConditionResult r = evaluate_condition(cond, c, indicatorPoints);
            required = required && r.passed;
            if (detail) s.conditions.push_back(std::move(r));
        }
        bool byScore = p.hasByScore && (!p.minScore || base >= *p.minScore) && (!p.categoryMinimums || categoriesMet);
        for (const auto& cond : p.scoreAlso) {
            ConditionResult r = evaluate_condition(cond, c, indicatorPoints);
            byScore = byScore && r.passed;
            if (detail) s.conditions.push_back(std::move(r));
        }
        std::string route;
        for (const auto& cond : p.routes) {
            ConditionResult r = evaluate_condition(cond, c, indicatorPoints);
            if (route.empty() && r.passed) route = cond.id;
            if (detail) s.routes.push_back(std::move(r));
        }
        s.eligible = required && (byScore || !route.empty());
        s.eligibleBy = !s.eligible ? "" : byScore ? "score" : "route:" + route;
    }
    return s;
}

}  // namespace cxjf::scoring

namespace cxjf {

std::vector<PeerRank> peer_percentiles(const std::vector<PeerInput>& inputs) {
    std::map<std::string, std::vector<double>> groups;
    std::vector<double> all;
    auto key = [](const PeerInput& in) { return (in.section.empty() ? "?" : in.section) + "/" + (in.stage.empty() ? "?" : in.stage); };
    for (const auto& in : inputs) {
        groups[key(in)].push_back(in.score);
        all.push_back(in.score);
    }
    for (auto& [k, v] : groups) std::sort(v.begin(), v.end());
    std::sort(all.begin(), all.end());
    // Percentile rank: the share of the group scoring below, ties counted half (100 × (below + equal/2) / n).
    auto rank = [](const std::vector<double>& sorted, double score) {
        const auto lo = std::lower_bound(sorted.begin(), sorted.end(), score);
        const auto hi = std::upper_bound(sorted.begin(), sorted.end(), score);
        const double below = static_cast<double>(lo - sorted.begin()), equal = static_cast<double>(hi - lo);
        return 100.0 * (below + equal / 2) / static_cast<double>(sorted.size());
    };
    std::vector<PeerRank> out;
    out.reserve(inputs.size());
    for (const auto& in : inputs) {
        const auto& g = groups[key(in)];
        out.push_back(PeerRank{key(in), g.size(), all.size(), rank(g, in.score), rank(all, in.score)});
    }
    return out;
}

}  // namespace cxjf
