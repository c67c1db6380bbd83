// R-YEARS, R-FIN-*, R-STAFF-*, R-IP-SUBSET: the three fiscal years and the IP counts.
#include "context.hpp"

namespace cxjf {
namespace {

struct Year {
    std::size_t index;
    const json* data;
    std::optional<std::int64_t> get(const char* field) const { return integer(member(data, field)); }
};

// a > b, both present.
bool above(std::optional<std::int64_t> a, std::optional<std::int64_t> b) { return a && b && *a > *b; }

void check_years(const RuleContext& ctx, const std::vector<Year>& years) {
    const int first = ctx.data.filingYear - 3;
    for (const auto& y : years) {
        auto year = y.get("year");
        const std::int64_t expected = first + static_cast<std::int64_t>(y.index);
        if (year && *year != expected)
            ctx.emit("R-YEARS", "", annual_path(y.index, "year"),
                     {Param::Int("expected", expected), Param::Int("first", first), Param::Int("middle", first + 1),
                      Param::Int("last", first + 2)});
    }
}

void check_figures(const RuleContext& ctx, const Year& y) {
    const auto revenue = y.get("revenue"), rd = y.get("rdExpense");
    if (above(rd, y.get("totalCostExpense")))
        ctx.emit("R-FIN-RD-COST", "", annual_path(y.index, "rdExpense"),
                 {Param::Money("rdExpense", *rd), Param::Money("totalCostExpense", *y.get("totalCostExpense"))});
    if (above(y.get("rdExpenseDomestic"), rd))
        ctx.emit("R-FIN-RD-DOMESTIC", "", annual_path(y.index, "rdExpenseDomestic"),
                 {Param::Money("rdExpenseDomestic", *y.get("rdExpenseDomestic")), Param::Money("rdExpense", *rd)});
    for (const char* part : {"mainBusinessRevenue", "highTechRevenue"})
        if (above(y.get(part), revenue))
            ctx.emit("R-FIN-REV-PARTS", "", annual_path(y.index, part),
                     {Param::Money("part", *y.get(part)), Param::Money("revenue", *revenue)});
    if (above(y.get("totalLiabilities"), y.get("totalAssets")))
        ctx.emit("R-FIN-INSOLVENT", "", annual_path(y.index, "totalLiabilities"),
                 {Param::Money("totalLiabilities", *y.get("totalLiabilities")), Param::Money("totalAssets", *y.get("totalAssets"))});
    if (above(rd, revenue))
        ctx.emit("R-FIN-RD-GT-REV", "", annual_path(y.index, "rdExpense"),
                 {Param::Money("rdExpense", *rd), Param::Money("revenue", *revenue)});
    if (above(y.get("netProfit"), revenue))
        ctx.emit("R-FIN-PROFIT-GT-REV", "", annual_path(y.index, "netProfit"),
                 {Param::Money("netProfit", *y.get("netProfit")), Param::Money("revenue", *revenue)});
}

void check_staff(const RuleContext& ctx, const Year& y) {
    const auto employees = y.get("employees");
    if (!employees) return;
    for (const auto& f : ctx.data.param("R-STAFF-SUBSET", "fields")) {
        const std::string field = f.get<std::string>();
        const auto count = y.get(field.c_str());
        if (count && *count > *employees)
            ctx.emit("R-STAFF-SUBSET", "", annual_path(y.index, field.c_str()),
                     {Param::Int("count", *count), Param::Int("employees", *employees)});
    }
    const auto masters = y.get("masters"), doctors = y.get("doctors");
    if (masters && doctors && *masters + *doctors > *employees)
        ctx.emit("R-STAFF-SUBSET", "graduates", annual_path(y.index, "masters"),
                 {Param::Int("count", *masters + *doctors), Param::Int("employees", *employees),
                  Param::Int("year", y.get("year").value_or(ctx.data.filingYear - 3 + static_cast<int>(y.index)))});
    const auto revenue = y.get("revenue");
    if (*employees == 0 && revenue && *revenue > 0)
        ctx.emit("R-STAFF-NONE", "", annual_path(y.index, "employees"), {Param::Money("revenue", *revenue)});
}

void check_before_founding(const RuleContext& ctx, const Year& y) {
    const auto established = ctx.established_on();
    const auto year = y.get("year");
    if (!established || !year || *year >= established->year) return;  // the year ends on 31 Dec, after founding
    for (const auto& f : ctx.data.param("R-FIN-BEFORE-FOUNDING", "fields")) {
        const auto v = y.get(f.get<std::string>().c_str());
        if (v && *v != 0) {
            ctx.emit("R-FIN-BEFORE-FOUNDING", "", annual_path(y.index),
                     {Param::Int("year", *year), Param::Text("establishedOn", established->iso())});
            return;
        }
    }
}

// +1 when b is at least factor × a, -1 when a is at least factor × b, 0 otherwise (or when not comparable).
int jump(std::optional<std::int64_t> a, std::optional<std::int64_t> b, std::int64_t factor, std::int64_t minLarger) {
    if (!a || !b || *a <= 0 || *b <= 0) return 0;
    // Amounts are at most 10^15 (schema) and factor is small, so the products stay far inside int64; guard anyway.
    const std::int64_t limit = INT64_MAX / factor;
    if (*b >= minLarger && (*a > limit ? false : *b >= *a * factor)) return 1;
    if (*a >= minLarger && (*b > limit ? false : *a >= *b * factor)) return -1;
    return 0;
}

void check_unit_jumps(const RuleContext& ctx, const std::vector<Year>& years) {
    const std::int64_t factor = ctx.data.param("R-FIN-UNIT-JUMP", "factor").get<std::int64_t>();
    const std::int64_t minLarger = ctx.data.param("R-FIN-UNIT-JUMP", "minLarger").get<std::int64_t>();
    const std::size_t wholeYear = ctx.data.param("R-FIN-UNIT-JUMP", "wholeYearFields").get<std::size_t>();
    struct Jump {
        std::size_t prev, cur;  // positions in `years`
        std::string field;
    };
    std::vector<Jump> found;
    for (const auto& f : ctx.data.param("R-FIN-UNIT-JUMP", "fields")) {
        const std::string field = f.get<std::string>();
        std::vector<int> jumps;
        for (std::size_t i = 1; i < years.size(); ++i)
            jumps.push_back(jump(years[i - 1].get(field.c_str()), years[i].get(field.c_str()), factor, minLarger));
        for (std::size_t i = 0; i < jumps.size(); ++i) {
            if (jumps[i] == 0) continue;
            found.push_back(Jump{i, i + 1, field});
            // Up then down (or down then up) around one year: that year is the odd one out, report it once.
            if (i + 1 < jumps.size() && jumps[i + 1] == -jumps[i]) ++i;
        }
    }
    // Many figures of one year off by the factor: the whole column was typed in the wrong unit. One finding.
    std::vector<std::size_t> perYear(years.size(), 0);
    for (const auto& j : found) ++perYear[j.cur];
    for (std::size_t y = 0; y < years.size(); ++y)
        if (perYear[y] >= wholeYear)
            ctx.emit("R-FIN-UNIT-JUMP", "year", annual_path(years[y].index),
                     {Param::Int("year", years[y].get("year").value_or(0)),
                      Param::Int("count", static_cast<std::int64_t>(perYear[y])), Param::Int("factor", factor)});
    for (const auto& j : found) {
        if (perYear[j.cur] >= wholeYear) continue;
        const Year& prev = years[j.prev];
        const Year& cur = years[j.cur];
        ctx.emit("R-FIN-UNIT-JUMP", "", annual_path(cur.index, j.field.c_str()),
                 {Param::Int("previousYear", prev.get("year").value_or(0)), Param::Money("from", *prev.get(j.field.c_str())),
                  Param::Money("to", *cur.get(j.field.c_str())), Param::Int("factor", factor)});
    }
}

void check_ip(const RuleContext& ctx) {
    const json* ip = ctx.section("ip");
    const auto total = integer(member(ip, "inventionPatents"));
    for (const char* part : {"inventionPatentsHighValue", "inventionPatentsAcquired"}) {
        const auto count = integer(member(ip, part));
        if (above(count, total))
            ctx.emit("R-IP-SUBSET", "", std::string("/ip/") + part, {Param::Int("count", *count), Param::Int("total", *total)});
    }
}

}  // namespace

void check_annual(const RuleContext& ctx) {
    std::vector<Year> years;
    for (const auto& [index, data] : ctx.years()) years.push_back(Year{index, data});
    check_years(ctx, years);
    for (const auto& y : years) {
        check_figures(ctx, y);
        check_staff(ctx, y);
        check_before_founding(ctx, y);
    }
    check_unit_jumps(ctx, years);
    check_ip(ctx);
}

}  // namespace cxjf
