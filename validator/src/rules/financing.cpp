// R-LOAN, R-DECLARATION
#include <set>

#include "context.hpp"

namespace cxjf {

void check_financing(const RuleContext& ctx) {
    const json* financing = ctx.section("financing");
    const json* loan = member(financing, "loan");
    if (boolean(member(financing, "needsLoan")).value_or(false) && !loan)
        ctx.emit("R-LOAN", "missing", "/financing/loan");
    const json* banks = member(loan, "preferredBanks");
    if (banks && banks->is_array()) {
        std::set<std::string_view> seen;
        for (std::size_t i = 0; i < banks->size(); ++i) {
            const auto id = text(&(*banks)[i]);
            if (!id) continue;
            const std::string path = "/financing/loan/preferredBanks/" + std::to_string(i);
            if (!seen.insert(*id).second)
                ctx.emit("R-LOAN", "duplicate-bank", path, {Param::Text("bank", std::string(*id))});
            else if (!ctx.data.bankIds.count(std::string(*id)))
                ctx.emit("R-LOAN", "unknown-bank", path, {Param::Text("bank", std::string(*id))});
        }
    }
    if (boolean(member(ctx.section("declaration"), "truthful")) == false)
        ctx.emit("R-DECLARATION", "", "/declaration/truthful");
}

}  // namespace cxjf
