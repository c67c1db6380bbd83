// R-ID-USCC, R-ID-USCC-ORG, R-ID-USCC-KIND, R-ID-REGION, R-ID-REGION-USCC, R-ID-INDUSTRY
#include "../codes.hpp"
#include "context.hpp"

namespace cxjf {
namespace {

std::string province_label(const RuleContext& ctx, const std::string& code) {
    auto it = ctx.data.provinces.find(code);
    return it == ctx.data.provinces.end() ? code : code + " " + it->second;
}

void check_uscc(const RuleContext& ctx, std::string_view uscc) {
    for (std::size_t i = 0; i < uscc.size(); ++i)
        if (!uscc_char_allowed(uscc[i])) {
            ctx.emit("R-ID-USCC", "charset", "/enterprise/uscc",
                     {Param::Int("position", static_cast<std::int64_t>(i + 1)), Param::Text("char", std::string(1, uscc[i]))});
            return;
        }
    const auto expected = uscc_check_char(uscc.substr(0, 17));
    if (!expected) return;
    if (*expected != uscc[17])
        ctx.emit("R-ID-USCC", "", "/enterprise/uscc",
                 {Param::Text("expected", std::string(1, *expected)), Param::Text("actual", std::string(1, uscc[17]))});
    const auto orgExpected = org_code_check_char(uscc.substr(8, 8));
    if (orgExpected && *orgExpected != uscc[16])
        ctx.emit("R-ID-USCC-ORG", "", "/enterprise/uscc",
                 {Param::Text("expected", std::string(1, *orgExpected)), Param::Text("actual", std::string(1, uscc[16]))});
    if (uscc.substr(0, 2) != "91")
        ctx.emit("R-ID-USCC-KIND", "", "/enterprise/uscc", {Param::Text("prefix", std::string(uscc.substr(0, 2)))});
}

}  // namespace

void check_identity(const RuleContext& ctx) {
    const json* enterprise = ctx.section("enterprise");
    auto uscc = text(member(enterprise, "uscc"));
    const bool usccShaped = uscc && uscc->size() == 18;
    if (usccShaped) check_uscc(ctx, *uscc);

    auto region = text(member(enterprise, "regionCode"));
    if (region && region->size() == 6 && all_digits(*region)) {
        const std::string code(*region), province = code.substr(0, 2);
        if (!ctx.data.provinces.count(province)) {
            ctx.emit("R-ID-REGION", "", "/enterprise/regionCode", {Param::Text("code", code), Param::Text("province", province)});
        } else {
            if (!ctx.data.counties.count(code))
                ctx.emit("R-ID-REGION", "not-in-table", "/enterprise/regionCode", {Param::Text("code", code)});
            if (usccShaped && all_digits(uscc->substr(2, 2)) && uscc->substr(2, 2) != province)
                ctx.emit("R-ID-REGION-USCC", "", "/enterprise/uscc",
                         {Param::Text("usccProvince", province_label(ctx, std::string(uscc->substr(2, 2)))),
                          Param::Text("regionProvince", province_label(ctx, province))});
        }
    }

    auto industry = text(member(enterprise, "industryCode"));
    if (industry && industry->size() == 5 && all_digits(industry->substr(1))) {
        const std::string code(*industry), cls = code.substr(1);
        auto it = ctx.data.classSection.find(cls);
        if (it == ctx.data.classSection.end())
            ctx.emit("R-ID-INDUSTRY", "", "/enterprise/industryCode", {Param::Text("code", code)});
        else if (it->second != code.substr(0, 1))
            ctx.emit("R-ID-INDUSTRY", "section", "/enterprise/industryCode",
                     {Param::Text("code", code), Param::Text("class", cls), Param::Text("expected", it->second)});
    }
}

}  // namespace cxjf
