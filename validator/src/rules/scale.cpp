// R-SCALE: the size class of 统计上大中小微型企业划分办法（2017） from the latest fiscal year.
#include "context.hpp"

namespace cxjf {
namespace {

const ScaleCategory* category_for(const std::vector<ScaleCategory>& categories, const std::string& industryCode) {
    // Most specific key first: section+class ("K7010"), section+division ("I65"), section ("C"), fallback "*".
    const std::string keys[] = {industryCode, industryCode.substr(0, 3), industryCode.substr(0, 1), "*"};
    for (const auto& key : keys)
        for (const auto& c : categories)
            for (const auto& m : c.match)
                if (m == key) return &c;
    return nullptr;
}

// The tier index (0 large … 3 micro) of the figures in their category.
int tier_of(const ScaleCategory& category, std::int64_t employees, std::int64_t revenue, std::int64_t mainRevenue,
            std::int64_t assets) {
    // X in persons; Y and Z in yuan, compared with bounds given in 万元 (× 10,000, exact).
    const std::int64_t y = mainRevenue > 0 ? mainRevenue : revenue;
    auto reaches = [&](const std::map<std::string, std::int64_t>& bounds) {
        for (const auto& [indicator, bound] : bounds) {
            const std::int64_t value = indicator == "X" ? employees : indicator == "Y" ? y : assets;
            const std::int64_t scaled = indicator == "X" ? bound : bound * 10000;
            if (value < scaled) return false;
        }
        return true;
    };
    for (int t = 0; t < 3; ++t)
        if (reaches(category.tiers[t])) return t;
    return 3;
}

const char* const kTierNames[] = {"large", "medium", "small", "micro"};

}  // namespace

std::string Engine::scaleOf(const ScaleFigures& f) const {
    if (f.industryCode.size() != 5) return "";
    const ScaleCategory* category = category_for(data().scaleCategories, f.industryCode);
    if (!category) return "";
    return kTierNames[tier_of(*category, f.employees, f.revenue, f.mainBusinessRevenue, f.totalAssets)];
}

void check_scale(const RuleContext& ctx, std::string* derivedScale) {
    const json* enterprise = ctx.section("enterprise");
    const auto industry = text(member(enterprise, "industryCode"));
    const json* latest = ctx.latest_year();
    if (!industry || industry->size() != 5 || !latest) return;
    const auto employees = integer(member(latest, "employees"));
    const auto revenue = integer(member(latest, "revenue"));
    const auto mainRevenue = integer(member(latest, "mainBusinessRevenue"));
    const auto assets = integer(member(latest, "totalAssets"));
    if (!employees || !revenue || !assets) return;
    const ScaleCategory* category = category_for(ctx.data.scaleCategories, std::string(*industry));
    if (!category) return;
    const int tier = tier_of(*category, *employees, *revenue, mainRevenue.value_or(0), *assets);
    const auto& names = kTierNames;
    if (derivedScale) *derivedScale = names[tier];

    const auto declared = text(member(enterprise, "scale"));
    if (!declared || *declared == names[tier]) return;
    for (const char* n : names)
        if (*declared == n) {
            ctx.emit("R-SCALE", "", "/enterprise/scale",
                     {Param::Term("declared", "scale." + std::string(*declared)),
                      Param::Term("derived", std::string("scale.") + names[tier]),
                      Param::Term("category", "scale-category." + category->id),
                      Param::Int("year", integer(member(latest, "year")).value_or(ctx.data.filingYear - 1))});
            return;
        }
}

}  // namespace cxjf
