// Scoring cost per filing, native: each profile evaluated alone on the parsed filing, and the whole check with and
// without the profiles. Prints a markdown table.
//
//   build/bench_score [--reps N] examples/*.json
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "cxjf/check.hpp"
#include "forms.hpp"
#include "scoring/evaluate.hpp"
#include "strict_json.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// Median over `reps` rounds of the mean time per filing of fn(filing) over all filings, in microseconds.
template <class Fn>
double median_us(std::size_t filings, int reps, Fn fn) {
    std::vector<double> rounds;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = clock_type::now();
        for (std::size_t i = 0; i < filings; ++i) fn(i);
        rounds.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count() / static_cast<double>(filings));
    }
    std::sort(rounds.begin(), rounds.end());
    return rounds[rounds.size() / 2];
}

volatile double sink = 0;

}  // namespace

int main(int argc, char** argv) {
    const auto [reps, files] = bench::parse_args(argc, argv, 200);
    if (files.empty()) {
        std::fprintf(stderr, "usage: bench_score [--reps N] FILE...\n");
        return 2;
    }
    const cxjf::Engine& engine = cxjf::Engine::builtin();
    const auto& data = engine.data();
    std::vector<std::string> texts;
    std::vector<nlohmann::json> filings;
    for (const auto& f : files) {
        texts.push_back(bench::slurp(f));
        auto read = cxjf::read_strict_json(texts.back(), cxjf::Limits{});
        if (read.error) continue;
        filings.push_back(std::move(read.value));
    }
    const cxjf::Date ref{2025, 6, 30};
    cxjf::CheckOptions options;
    options.checkDate = ref;

    std::printf("Median of %d rounds over %zu filings, µs per filing.\n\n", reps, filings.size());
    std::printf("| stage | summary (batch) µs | full detail (filer) µs |\n|---|---|---|\n");
    for (const auto& profile : data.profiles) {
        const double summary = median_us(filings.size(), reps, [&](std::size_t i) {
            sink = sink + cxjf::scoring::evaluate(profile, filings[i], ref, false).score;
        });
        const double full = median_us(filings.size(), reps, [&](std::size_t i) {
            sink = sink + cxjf::scoring::evaluate(profile, filings[i], ref, true).score;
        });
        std::printf("| profile `%s` | %.2f | %.2f |\n", profile.id.c_str(), summary, full);
    }
    double four[2];
    for (int detail = 0; detail < 2; ++detail)
        four[detail] = median_us(filings.size(), reps, [&](std::size_t i) {
            for (const auto& profile : data.profiles) sink = sink + cxjf::scoring::evaluate(profile, filings[i], ref, detail).score;
        });
    std::printf("| all four profiles | %.2f | %.2f |\n", four[0], four[1]);
    double check[3];
    const cxjf::ScoreDetail modes[3] = {cxjf::ScoreDetail::none, cxjf::ScoreDetail::summary, cxjf::ScoreDetail::full};
    for (int m = 0; m < 3; ++m) {
        options.scores = modes[m];
        check[m] = median_us(texts.size(), reps / 4 + 1, [&](std::size_t i) { sink = sink + engine.check(texts[i], options).errors; });
    }
    std::printf("| whole check (read + schema + rules), without profiles | %.2f | |\n", check[0]);
    std::printf("| whole check with the four profiles | %.2f | %.2f |\n", check[1], check[2]);
    return 0;
}
