// R-DATE-INVALID, R-DATE-FUTURE
#include "context.hpp"

namespace cxjf {
namespace {

// Shaped like YYYY-MM-DD (what the schema pattern accepts); other strings are S-PATTERN's business.
bool date_shaped(std::string_view s) {
    return s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5, 2)) &&
           all_digits(s.substr(8, 2));
}

void check_date(const RuleContext& ctx, const json* value, const std::string& path, bool isEstablishment) {
    auto t = text(value);
    if (!t || !date_shaped(*t)) return;
    const auto d = Date::parse(*t);
    if (!d) {
        ctx.emit("R-DATE-INVALID", "", path, {Param::Text("value", std::string(*t))});
        return;
    }
    if (ctx.checkDate < *d)
        ctx.emit("R-DATE-FUTURE", "", path, {Param::Text("value", d->iso()), Param::Text("today", ctx.checkDate.iso())});
    if (isEstablishment) {
        const auto earliest = Date::parse(ctx.data.param("R-DATE-FUTURE", "earliestEstablished").get<std::string>());
        if (earliest && *d < *earliest) ctx.emit("R-DATE-FUTURE", "before-1949", path, {Param::Text("value", d->iso())});
    }
}

void check_year(const RuleContext& ctx, const json* value, const std::string& path) {
    auto y = integer(value);
    if (y && *y > ctx.checkDate.year)
        ctx.emit("R-DATE-FUTURE", "year", path, {Param::Int("value", *y), Param::Text("today", ctx.checkDate.iso())});
}

template <typename Fn>
void for_each_item(const json* array, const std::string& base, Fn fn) {
    if (!array || !array->is_array()) return;
    for (std::size_t i = 0; i < array->size(); ++i) fn(&(*array)[i], base + "/" + std::to_string(i));
}

}  // namespace

void check_dates(const RuleContext& ctx) {
    check_date(ctx, member(ctx.section("enterprise"), "establishedOn"), "/enterprise/establishedOn", true);
    const json* q = ctx.section("qualifications");
    check_date(ctx, member(member(q, "highTechEnterprise"), "issuedOn"), "/qualifications/highTechEnterprise/issuedOn", false);
    check_year(ctx, member(member(q, "techSme"), "year"), "/qualifications/techSme/year");
    for (const char* honour : {"nationalTechInnovationDemoYear", "nationalIpAdvantageYear", "nationalIpDemonstrationYear"})
        check_year(ctx, member(q, honour), std::string("/qualifications/") + honour);
    for_each_item(member(q, "rdInstitutions"), "/qualifications/rdInstitutions", [&](const json* item, const std::string& p) {
        check_date(ctx, member(item, "approvedOn"), p + "/approvedOn", false);
    });
    for (const char* list : {"awards", "standards", "projects"})
        for_each_item(member(q, list), std::string("/qualifications/") + list, [&](const json* item, const std::string& p) {
            check_year(ctx, member(item, "year"), p + "/year");
        });
    check_date(ctx, member(ctx.section("declaration"), "date"), "/declaration/date", false);
}

}  // namespace cxjf
