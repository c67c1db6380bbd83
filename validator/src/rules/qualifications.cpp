// R-QUAL-HTE-NO, R-QUAL-HTE-EXPIRED, R-QUAL-TECHSME-SIZE
#include "context.hpp"

namespace cxjf {
namespace {

constexpr const char* kHte = "/qualifications/highTechEnterprise";

// "GR" + 4-digit year + 2-digit province + 6 digits, e.g. GR202333001234.
bool certificate_shaped(std::string_view no) {
    return no.size() == 14 && no.substr(0, 2) == "GR" && all_digits(no.substr(2));
}

void check_high_tech(const RuleContext& ctx, const json* hte) {
    if (!hte || !hte->is_object()) return;
    const auto no = text(member(hte, "certificateNo"));
    const auto issuedText = text(member(hte, "issuedOn"));
    const auto issued = issuedText ? Date::parse(*issuedText) : std::nullopt;
    if (no) {
        if (!certificate_shaped(*no)) {
            ctx.emit("R-QUAL-HTE-NO", "", std::string(kHte) + "/certificateNo", {Param::Text("value", std::string(*no))});
        } else {
            const std::string certYear(no->substr(2, 4)), certProvince(no->substr(6, 2));
            if (issued && std::to_string(issued->year) != certYear)
                ctx.emit("R-QUAL-HTE-NO", "year", std::string(kHte) + "/certificateNo",
                         {Param::Text("certificateYear", certYear), Param::Int("issuedYear", issued->year)});
            const auto region = text(member(ctx.section("enterprise"), "regionCode"));
            if (region && region->size() == 6 && all_digits(*region) && region->substr(0, 2) != certProvince)
                ctx.emit("R-QUAL-HTE-NO", "province", std::string(kHte) + "/certificateNo",
                         {Param::Text("certificateProvince", certProvince), Param::Text("regionProvince", std::string(region->substr(0, 2)))});
        }
    }
    if (issued) {
        const int validYears = ctx.data.param("R-QUAL-HTE-EXPIRED", "validYears").get<int>();
        const Date expires = issued->plus_years(validYears);
        if (expires < ctx.referenceDate)
            ctx.emit("R-QUAL-HTE-EXPIRED", "", std::string(kHte) + "/issuedOn",
                     {Param::Text("issuedOn", issued->iso()), Param::Int("validYears", validYears),
                      Param::Text("expiresOn", expires.iso()), Param::Text("referenceDate", ctx.referenceDate.iso())});
    }
}

void check_tech_sme(const RuleContext& ctx, const json* techSme) {
    if (!techSme || !techSme->is_object()) return;
    const json* latest = ctx.latest_year();
    if (!latest) return;
    auto over = [&](const char* field, const char* limitKey, const char* variant, bool money) {
        const auto value = integer(member(latest, field));
        const std::int64_t limit = ctx.data.param("R-QUAL-TECHSME-SIZE", limitKey).get<std::int64_t>();
        if (value && *value > limit)
            ctx.emit("R-QUAL-TECHSME-SIZE", variant, "/qualifications/techSme",
                     money ? std::vector<Param>{Param::Money("value", *value), Param::Money("limit", limit)}
                           : std::vector<Param>{Param::Int("value", *value), Param::Int("limit", limit)});
    };
    over("employees", "maxEmployees", "employees", false);
    over("revenue", "maxRevenue", "revenue", true);
    over("totalAssets", "maxAssets", "assets", true);
}

}  // namespace

void check_qualifications(const RuleContext& ctx) {
    const json* q = ctx.section("qualifications");
    check_high_tech(ctx, member(q, "highTechEnterprise"));
    check_tech_sme(ctx, member(q, "techSme"));
}

}  // namespace cxjf
