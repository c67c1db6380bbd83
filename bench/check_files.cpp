// Check time per file, native: each file checked --reps times (the built-in forms, a fixed check date, the
// default limits without the time cap), the median printed as one JSON line per file.
//
//   build/bench_check_files [--reps N] FILE...   → {"file","bytes","status","rules":[…],"ms"} per line
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "cxjf/check.hpp"
#include "signing/jcs.hpp"

int main(int argc, char** argv) {
    const auto [reps, files] = bench::parse_args(argc, argv, 5);
    const cxjf::Engine& engine = cxjf::Engine::builtin();
    cxjf::CheckOptions options;
    options.checkDate = cxjf::Date::parse("2025-06-30");
    options.limits.maxMillis = 0;  // measure the whole check, however long
    for (const auto& file : files) {
        const std::string bytes = bench::slurp(file);
        std::vector<double> times;
        cxjf::CheckResult result;
        for (int r = 0; r < reps; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            result = engine.check(bytes, options);
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(times.begin(), times.end());
        std::set<std::string> rules;
        for (const auto& f : result.findings) rules.insert(f.rule);
        std::string line = "{\"file\":" + cxjf::json_text(nlohmann::json(file)) + ",\"bytes\":" + std::to_string(bytes.size()) +
                           ",\"status\":\"" + cxjf::to_string(result.status) + "\",\"rules\":[";
        bool first = true;
        for (const auto& r : rules) line += (first ? "" : ",") + cxjf::json_text(nlohmann::json(r)), first = false;
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.4f", times[times.size() / 2]);
        std::cout << line << "],\"ms\":" << ms << "}\n";
    }
    return 0;
}
