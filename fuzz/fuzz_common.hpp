#pragma once
// Helpers shared by the libFuzzer targets (fuzz/*.cpp): a loud failure that libFuzzer reports as a crash, the
// fixed check date (no clock), the repository's files, and the structural invariants of a CheckResult.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <string>
#include <string_view>
#include <vector>

#include "cxjf/check.hpp"
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"
#include "forms.hpp"
#include "strict_json.hpp"

#ifndef CXJF_SOURCE_DIR
#define CXJF_SOURCE_DIR "."
#endif

namespace fuzz {

// An invariant failed: say which, then abort (libFuzzer saves the input as crash-<sha1>).
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "\n*** cxjf fuzz invariant violated: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
    std::fflush(stderr);
    __builtin_trap();
}
#define FUZZ_ASSERT(cond, detail)                       \
    do {                                                \
        if (!(cond)) ::fuzz::fail(#cond, (detail));     \
    } while (0)

// The check date of every target (R-DATE-FUTURE's clock): fixed, so runs are reproducible.
inline const cxjf::Date kCheckDate{2025, 6, 30};

// Limits for reading back what the engine wrote (reports, canonical texts): only their form is checked.
inline cxjf::Limits unlimited(std::size_t bytes) {
    cxjf::Limits l;
    l.maxBytes = bytes + 1;
    l.maxStringBytes = bytes + 1;
    l.maxItems = bytes + 1;
    l.maxMillis = 0;
    return l;
}

// The engine reads two clocks: Date::today() when CheckOptions::checkDate is absent, and the per-file time cap
// (Limits::maxMillis, steady_clock, F-TIME). Every target passes a check date and turns the cap off, so a result
// depends on the input alone; a slow input is caught by libFuzzer's -timeout instead.
inline cxjf::CheckOptions options() {
    cxjf::CheckOptions o;
    o.checkDate = kCheckDate;
    o.limits.maxMillis = 0;
    return o;
}

// The source tree (examples/, forms/): CXJF_SOURCE_DIR from the environment, else the one compiled in.
inline std::string source_dir() {
    const char* env = std::getenv("CXJF_SOURCE_DIR");
    return env && *env ? env : CXJF_SOURCE_DIR;
}

inline std::string read_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) fail("cannot open a fixture", path);
    std::string text;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    return text;
}

// The *.json files of a directory, sorted by name (deterministic order).
inline std::vector<std::string> json_files(const std::string& dir) {
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0) names.push_back(dir + "/" + n);
        }
        closedir(d);
    }
    std::sort(names.begin(), names.end());
    if (names.empty()) fail("no .json files found", dir);
    return names;
}

// Not a bug, a gap between two standards (README "Fuzzing"): RFC 8785 writes every double below 1e21 in integer
// form, so a double of 2^53 or more written with a fraction or an exponent (4.0000000002e19) comes out as integer
// digits ("40000000002000000000"), which I-JSON reading refuses as an integer beyond ±(2^53-1) (J-NUMBER-RANGE).
// Such a canonical text does not read back strictly. No signable filing holds such a number: every number in the
// filing schema is an integer type with a maximum below 2^53.
inline bool big_integer_from_double(const cxjf::StrictRead& read) {
    return read.error && read.error->rule == "J-NUMBER-RANGE" && read.error->variant == "integer";
}

inline bool known_rule(const std::string& id) {
    const auto& ids = cxjf::emitted_rule_ids();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

inline void check_number(double v, const char* what) {
    if (!std::isfinite(v)) fail("a score number is not finite", what);
}

// What must hold for any CheckResult whatever the input.
inline void check_result(const cxjf::Engine& engine, const cxjf::CheckResult& r, const cxjf::CheckOptions& o) {
    using cxjf::Severity;
    using cxjf::Status;
    int errors = 0, warnings = 0, explained = 0;
    for (const auto& f : r.findings) {
        FUZZ_ASSERT(!f.rule.empty(), "a finding without a rule id");
        FUZZ_ASSERT(known_rule(f.rule), f.rule);
        // X-INTERNAL means an exception escaped the stages: a bug for any input.
        FUZZ_ASSERT(f.rule != "X-INTERNAL", f.params.empty() ? std::string() : f.params[0].text);
        FUZZ_ASSERT(f.path.empty() || f.path[0] == '/', f.rule + " at " + f.path);
        FUZZ_ASSERT(!f.explained || f.severity == Severity::warning, f.rule);
        if (f.severity == Severity::error) ++errors;
        else {
            ++warnings;
            if (f.explained) ++explained;
        }
    }
    FUZZ_ASSERT(r.errors == errors, "errors count");
    FUZZ_ASSERT(r.warnings == warnings, "warnings count");
    FUZZ_ASSERT(r.explained == explained, "explained count");
    if (r.status == Status::unreadable) {
        // Unreadable: exactly the reading finding, an error, and nothing computed from the (absent) filing.
        FUZZ_ASSERT(r.findings.size() == 1, std::to_string(r.findings.size()) + " findings");
        FUZZ_ASSERT(r.findings[0].rule.rfind("J-", 0) == 0 || r.findings[0].rule == "F-TIME", r.findings[0].rule);
        FUZZ_ASSERT(r.findings[0].severity == Severity::error, r.findings[0].rule);
        FUZZ_ASSERT(r.scores.empty(), "scores of an unreadable file");
        FUZZ_ASSERT(r.sheet.empty(), "sheet row of an unreadable file");
        FUZZ_ASSERT(!r.envelope, "an unreadable envelope");
    } else {
        const Status expected = errors ? Status::errors : warnings > explained ? Status::warnings : Status::ok;
        FUZZ_ASSERT(r.status == expected, std::string(cxjf::to_string(r.status)) + " != " + cxjf::to_string(expected));
        for (const auto& f : r.findings) FUZZ_ASSERT(f.rule.rfind("J-", 0) != 0, "reading finding on a read file: " + f.rule);
    }
    FUZZ_ASSERT(r.signature == r.signatureInfo.status, "signature status");
    if (!r.envelope) FUZZ_ASSERT(r.signature == cxjf::SignatureStatus::absent, "signature outside an envelope");
    if (r.signature == cxjf::SignatureStatus::valid) FUZZ_ASSERT(o.verifier != nullptr, "valid without a verifier");

    // Scores: none for an unreadable file (or an envelope without a filing), else one per profile.
    const std::size_t profiles = engine.profileIds().size();
    if (o.scores == cxjf::ScoreDetail::none) FUZZ_ASSERT(r.scores.empty(), "scores without asking");
    else if (!r.scores.empty()) FUZZ_ASSERT(r.scores.size() == profiles, std::to_string(r.scores.size()));
    for (const auto& s : r.scores) {
        check_number(s.score, "score");
        check_number(s.max, "max");
        check_number(s.bonus, "bonus");
        check_number(s.bonusMax, "bonusMax");
        FUZZ_ASSERT(!s.eligible || s.hasEligibility, s.id);
        FUZZ_ASSERT(s.eligible == !s.eligibleBy.empty() || !s.hasEligibility, s.id + " eligibleBy=" + s.eligibleBy);
        for (const auto& i : s.indicators) {
            check_number(i.points, "indicator points");
            check_number(i.max, "indicator max");
            check_number(i.value, "indicator value");
            if (i.hint) check_number(i.hint->pointsGain, "hint pointsGain");
        }
        for (const auto& c : s.categories) {
            check_number(c.points, "category points");
            check_number(c.max, "category max");
        }
    }

    if (o.sheet && !r.scores.empty()) {
        const auto& columns = engine.sheetColumns();
        FUZZ_ASSERT(r.sheet.size() == columns.size(), std::to_string(r.sheet.size()) + " cells");
        // A number column holds decimals or nothing, except where the filing's value has the wrong type: that is
        // a schema error, and the cell is then the text as filed (csv_line writes it as a neutralised text cell).
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].number && r.errors == 0)
                FUZZ_ASSERT(r.sheet[i].empty() || cxjf::is_decimal(r.sheet[i]), columns[i].key + "=" + r.sheet[i]);
    }
}

// The report of a result is itself strict JSON.
inline void check_report(const cxjf::Engine& engine, const cxjf::CheckResult& r) {
    const std::string file = "fuzz.json";
    const std::string report = cxjf::result_json(engine, r, &file);
    const cxjf::StrictRead read = cxjf::read_strict_json(report, unlimited(report.size()));
    FUZZ_ASSERT(!read.error, "result_json is not strict JSON: " + (read.error ? read.error->rule : "") + " " + report.substr(0, 200));
}

}  // namespace fuzz
