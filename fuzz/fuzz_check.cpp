// libFuzzer target: the whole check of one file, as the CLI's `check` and the page run it.
// Input: the bytes of a file (a filing or an envelope). Engine::builtin().check() with a fixed check date, full
// score detail and the sheet row: strict reading, schema stage, rules, all scoring profiles, the batch-sheet row;
// then the report (result_json) and every finding's message in both languages.
// Invariants (fuzz_common.hpp): check() never throws; counts and status agree with the findings; every finding
// has a rule id the engine declares and never X-INTERNAL; unreadable ⇒ exactly the one reading finding; scores
// finite, one per profile; number cells of the sheet are decimals; the report is strict JSON.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const cxjf::Engine& engine = cxjf::Engine::builtin();
    cxjf::CheckOptions options = fuzz::options();
    options.scores = cxjf::ScoreDetail::full;
    options.sheet = true;
    options.sheetLang = size % 2 ? cxjf::Lang::en : cxjf::Lang::zh;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const cxjf::CheckResult r = engine.check(bytes, options);
    fuzz::check_result(engine, r, options);
    fuzz::check_report(engine, r);
    for (const auto& f : r.findings) {
        FUZZ_ASSERT(!cxjf::render_message(engine, f, cxjf::Lang::zh).empty(), f.rule);
        FUZZ_ASSERT(!cxjf::render_message(engine, f, cxjf::Lang::en).empty(), f.rule);
    }
    if (!r.sheet.empty()) (void)cxjf::csv_row(engine.sheetColumns(), r.sheet);
    return 0;
}
