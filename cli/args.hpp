#pragma once
// The one argument parser of the cxjf commands: options with a value, flags, short aliases, and the paths.
// `--help` and `-h` never reach it: main.cpp answers them with the command's own help.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cxjf::cli {

// A mistake in the command line: main.cpp prints it with the command's help and exits 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::set<std::string> withValue;            // "--out FILE"
    std::set<std::string> flags;                // "--force"
    std::map<std::string, std::string> aliases; // "-o" → "--out"
};

struct Args {
    std::vector<std::string> positional;                       // paths, "-" included
    std::vector<std::pair<std::string, std::string>> options;  // in command-line order, aliases resolved
    std::set<std::string> flags;

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;   // every one given (a repeatable option)
};

// Throws UsageError for an unknown option or an option without its value.
Args parse_args(const std::vector<std::string>& raw, const OptionSpec& spec);

// A count option: digits only, from `min` to `max`; the message says exactly what is accepted.
std::uint64_t parse_count(const std::string& option, const std::string& value, std::uint64_t min, std::uint64_t max);

}  // namespace cxjf::cli
