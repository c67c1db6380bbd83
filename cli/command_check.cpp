// cxjf check: check every filing under the given paths with a pool of worker threads.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "exit_code.hpp"
#include "batch.hpp"
#include "inputs.hpp"
#include "output.hpp"

namespace cxjf::cli {
namespace {

}  // namespace

const char* const kCheckHelp = R"(usage: cxjf check [options] PATH...

PATH is a filing or envelope file, a directory (searched recursively for *.json), or - for standard input.

options:
  --format text|json|ndjson|csv   report format (default text)
  --lang zh|en                    language of the text report (default zh)
  --jobs N                        worker threads (default: the number of cores)
  --out FILE                      write the report to FILE instead of standard output
  --check-date YYYY-MM-DD         the date "today" for R-DATE-FUTURE (default: today)
  --max-bytes N                   largest file accepted, in bytes (default 5242880)
  --max-depth N                   deepest nesting accepted (default 64)
  --max-string-bytes N            longest text value or key accepted, in bytes (default 65536)
  --max-items N                   most entries of one list or members of one object (default 1000)
  --max-ms N                      time cap for reading and checking one file, in milliseconds; 0 = none (default 2000)
  --forms DIR                     use the forms in DIR instead of the built-in forms/2025
  --profile FILE                  add a scoring profile (cxjf.profile/1), or replace the built-in one with its id
  --keys FILE                     the bureau's key registry (cxjf.keys/1): flags unknown and changed keys
  --require-signature             an unsigned file or a bad signature is an error (exit 1)

Signed envelopes are verified (Ed25519, SM2-SM3) and re-checked; a difference from the check they claim is
reported under "signature".
exit status: 0 no file has an error, 1 some file has an error or cannot be read as JSON (or, with
             --require-signature, is unsigned or badly signed), 2 usage error or a file that cannot be read from disk.
)";

namespace {

struct CheckArgs : BatchArgs {
    std::string format = "text";
    std::string out;
};

CheckArgs parse_check_args(const std::vector<std::string>& raw) {
    CheckArgs a;
    const Args own = parse_batch_args(raw, {{"--format", "--out"}, {"--require-signature"}, {{"-o", "--out"}}}, a);
    a.format = own.value("--format").value_or("text");
    a.out = own.value("--out").value_or("");
    a.options.requireSignature = own.has("--require-signature");
    if (a.format != "text" && a.format != "json" && a.format != "ndjson" && a.format != "csv")
        throw UsageError("--format is text, json, ndjson or csv");
    return a;
}

}  // namespace

int command_check(const std::vector<std::string>& rawArgs) {
    CheckArgs args = parse_check_args(rawArgs);
    const BatchSetup setup(args.formsDir, args.profiles, args.keysFile, args.options);
    const Engine& engine = setup.engine();
    const std::vector<Input> inputs = collect_inputs("check", args.paths);
    args.options.scores = ScoreDetail::summary;  // the report shows score, eligibility and stage, not indicator texts

    std::ofstream file;
    if (!args.out.empty()) {
        file.open(args.out, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write " + args.out);
    }
    std::ostream& out = args.out.empty() ? std::cout : file;

    ReportOptions reportOptions;
    reportOptions.lang = args.lang;
    reportOptions.color = args.out.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    reportOptions.checkDate = args.options.checkDate->iso();
    auto report = make_report(args.format, engine, reportOptions);

    struct Done {
        Status status;
        bool ioFailure;
        std::string rendered;
        std::optional<PeerInput> peer;  // the estimate, for the batch percentiles
    };
    auto peer_of = [](const CheckResult& r) -> std::optional<PeerInput> {
        for (const auto& s : r.scores)
            if (s.id == kEstimateProfile) return PeerInput{r.summary.industryCode.substr(0, 1), s.stage, s.score + s.bonus};
        return std::nullopt;
    };
    Progress progress(inputs.size(), isatty(STDERR_FILENO));
    StatusCounts summary;
    bool anyIoFailure = false;
    // A report with peer percentiles needs the whole batch before it can write; the others stream.
    const bool ranked = report->wantsPeers();
    std::vector<Done> held;
    report->begin(out);
    auto work = [&](std::size_t i) {
        bool ioFailure = false;
        const CheckResult r = check_input(engine, inputs[i], args.options, ioFailure);
        try {
            return Done{r.status, ioFailure, report->render(inputs[i].name, r), peer_of(r)};
        } catch (const std::exception& e) {  // never lose a file, even when its report cannot be written
            const CheckResult failed = Engine::unreadable(ReadFailure{ReadFailure::Kind::internal, e.what(), 0});
            return Done{failed.status, ioFailure, report->render(inputs[i].name, failed), std::nullopt};
        }
    };
    run_ordered(inputs.size(), args.jobs, work, [&](std::size_t i, Done&& d) {
        summary.add(d.status);
        anyIoFailure = anyIoFailure || d.ioFailure;
        if (ranked) held.push_back(std::move(d));
        else report->write(out, d.rendered, nullptr, i == 0);
        progress.update(i + 1);
    });
    progress.finish();
    if (ranked) {
        std::vector<PeerInput> peers;
        for (const auto& d : held)
            if (d.peer) peers.push_back(*d.peer);
        const std::vector<PeerRank> ranks = peer_percentiles(peers);
        std::size_t k = 0;
        for (std::size_t i = 0; i < held.size(); ++i) {
            const PeerRank* rank = held[i].peer ? &ranks[k++] : nullptr;
            report->write(out, held[i].rendered, rank, i == 0);
            anyIoFailure = anyIoFailure || held[i].ioFailure;
        }
    }
    report->end(out, summary);
    out.flush();
    if (!out) {
        std::cerr << "cxjf check: failed writing the report\n";
        return kExitUsageOrIo;
    }
    if (anyIoFailure) return kExitUsageOrIo;
    return summary.errors || summary.unreadable ? kExitFindings : kExitOk;
}

}  // namespace cxjf::cli
