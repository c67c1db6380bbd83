// libFuzzer target: scoring (forms/2025/profiles/*.json evaluated on filings; cxjf.profile/1 loading).
// The first byte chooses what the rest is:
//   even: a filing, checked with every profile in full detail (indicators, bands, hints, conditions, routes);
//         each profile's score_json and hint texts are written, and the batch percentiles computed.
//   odd:  a cxjf.profile/1 text for Engine::withProfile(): it either throws std::runtime_error with a message or
//         gives an engine whose profiles then score every example filing (examples/*.json, loaded once).
// Invariants: as fuzz_check's (counts, status, finite scores, one result per profile), score_json is strict JSON,
// percentiles lie in [0, 100]; withProfile throws nothing but std::runtime_error.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "cxjf/score.hpp"
#include "fuzz_common.hpp"

namespace {

const std::vector<std::string>& examples() {
    static const std::vector<std::string> texts = [] {
        std::vector<std::string> t;
        for (const auto& path : fuzz::json_files(fuzz::source_dir() + "/examples")) t.push_back(fuzz::read_file(path));
        return t;
    }();
    return texts;
}

cxjf::CheckOptions options() {
    cxjf::CheckOptions o = fuzz::options();
    o.scores = cxjf::ScoreDetail::full;
    return o;
}

void check_scores(const cxjf::Engine& engine, const cxjf::CheckResult& r, const cxjf::CheckOptions& o) {
    fuzz::check_result(engine, r, o);
    std::vector<cxjf::PeerInput> peers;
    for (const auto& s : r.scores) {
        const std::string text = cxjf::score_json(engine, s);
        const cxjf::StrictRead read = cxjf::read_strict_json(text, fuzz::unlimited(text.size()));
        FUZZ_ASSERT(!read.error, "score_json is not strict JSON: " + text.substr(0, 200));
        for (const auto& i : s.indicators)
            if (i.hint) {
                (void)cxjf::hint_text(engine, *i.hint, cxjf::Lang::zh);
                (void)cxjf::hint_text(engine, *i.hint, cxjf::Lang::en);
            }
        peers.push_back({s.id.substr(0, 1), s.stage, s.score});
    }
    const auto ranks = cxjf::peer_percentiles(peers);
    FUZZ_ASSERT(ranks.size() == peers.size(), "one rank per input");
    for (const auto& p : ranks) {
        FUZZ_ASSERT(p.percentile >= 0 && p.percentile <= 100, std::to_string(p.percentile));
        FUZZ_ASSERT(p.overallPercentile >= 0 && p.overallPercentile <= 100, std::to_string(p.overallPercentile));
        FUZZ_ASSERT(p.groupSize >= 1 && p.groupSize <= p.overallSize && p.overallSize == peers.size(), p.group);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)examples();
    (void)cxjf::Engine::builtin();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool profileMode = data[0] & 1;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    cxjf::CheckOptions o = options();
    o.sheet = profileMode;  // the sheet's columns are rebuilt for the profiles
    if (!profileMode) {
        const cxjf::Engine& engine = cxjf::Engine::builtin();
        check_scores(engine, engine.check(text, o), o);
        return 0;
    }
    std::optional<cxjf::Engine> engine;
    try {
        engine.emplace(cxjf::Engine::builtin().withProfile(text, "fuzz-profile.json"));
    } catch (const std::runtime_error& e) {
        FUZZ_ASSERT(e.what() && *e.what(), "an empty error message");
        return 0;
    }
    // Anything but std::runtime_error escapes: libFuzzer reports the uncaught exception.
    const std::size_t before = cxjf::Engine::builtin().profileIds().size();
    const std::size_t after = engine->profileIds().size();
    FUZZ_ASSERT(after == before || after == before + 1, std::to_string(after));
    for (const auto& example : examples()) check_scores(*engine, engine->check(example, o), o);
    return 0;
}
