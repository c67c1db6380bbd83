#include "args.hpp"

#include <cstdint>

namespace cxjf::cli {

bool Args::has(const std::string& name) const { return flags.count(name) || value(name).has_value(); }

std::optional<std::string> Args::value(const std::string& name) const {
    std::optional<std::string> last;
    for (const auto& [option, v] : options)
        if (option == name) last = v;
    return last;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> all;
    for (const auto& [option, v] : options)
        if (option == name) all.push_back(v);
    return all;
}

Args parse_args(const std::vector<std::string>& raw, const OptionSpec& spec) {
    Args a;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::string arg = raw[i];
        if (auto alias = spec.aliases.find(arg); alias != spec.aliases.end()) arg = alias->second;
        if (spec.withValue.count(arg)) {
            if (i + 1 >= raw.size()) throw UsageError(arg + " needs a value");
            a.options.emplace_back(arg, raw[++i]);
        } else if (spec.flags.count(arg)) {
            a.flags.insert(arg);
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw UsageError("unknown option " + arg);
        } else {
            a.positional.push_back(arg);
        }
    }
    return a;
}

std::uint64_t parse_count(const std::string& option, const std::string& value, std::uint64_t min, std::uint64_t max) {
    const std::string accepted = min == 0 ? "0 (no cap) or an integer from 1 to " + std::to_string(max)
                                          : "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (value.empty() || value.size() > 12 || value.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(option + " expects " + accepted + ", got '" + value + "'");
    const std::uint64_t n = std::stoull(value);
    if (n < min || n > max) throw UsageError(option + " expects " + accepted + ", got " + value);
    return n;
}

}  // namespace cxjf::cli
