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
  --max-ms N                      time cap for checking one file, in milliseconds; 0 = none (default 2000)
  --forms DIR                     use the forms in DIR instead of the built-in forms/2025
  --profile FILE                  add a scoring profile (cxjf.profile/1), or replace the built-in one with its id
  --keys FILE                     the bureau's key registry (cxjf.keys/1): flags unknown and changed keys
  --require-signature             an unsigned file or a bad signature is an error (exit 1)

Signed envelopes are verified (Ed25519, SM2-SM3) and re-checked; a difference from the check they claim is
reported under "signature".
exit status: 0 no file has an error, 1 some file has an error or cannot be read as JSON (or, with
             --require-signature, is unsigned or badly signed), 2 usage error or a file that cannot be read from disk.
)";

struct CheckArgs : BatchArgs {
    std::string format = "text";
    std::string out;
};

CheckArgs parse_args(const std::vector<std::string>& args) {
    CheckArgs a;
    parse_batch_args(args, a, [&](const std::string& arg, const auto& value) {
        if (arg == "--format") a.format = value();
        else if (arg == "--out" || arg == "-o") a.out = value();
        else if (arg == "--require-signature") a.options.requireSignature = true;
        else return false;
        return true;
    });
    if (a.format != "text" && a.format != "json" && a.format != "ndjson" && a.format != "csv")
        throw UsageError("--format is text, json, ndjson or csv");
    return a;
}

}  // namespace

int command_check(const std::vector<std::string>& rawArgs) {
    for (const auto& a : rawArgs)
        if (a == "--help" || a == "-h") {
            std::cout << kCheckHelp;
            return kExitOk;
        }
    CheckArgs args;
    try {
        args = parse_args(rawArgs);
    } catch (const UsageError& e) {
        std::cerr << "cxjf check: " << e.what() << "\n\n" << kCheckHelp;
        return kExitUsageOrIo;
    }
    std::optional<BatchSetup> setup;
    try {
        setup.emplace(args.formsDir, args.profiles, args.keysFile, args.options);
    } catch (const std::exception& e) {
        std::cerr << "cxjf check: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    const Engine& engine = setup->engine();
    args.options.scores = ScoreDetail::summary;  // the report shows score, eligibility and stage, not indicator texts

    std::ofstream file;
    if (!args.out.empty()) {
        file.open(args.out, std::ios::binary);
        if (!file) {
            std::cerr << "cxjf check: cannot write " << args.out << "\n";
            return kExitUsageOrIo;
        }
    }
    std::ostream& out = args.out.empty() ? std::cout : file;

    const std::vector<Input> inputs = expand_inputs(args.paths);
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
    BatchSummary summary;
    bool anyIoFailure = false;
    // A report with peer percentiles needs the whole batch before it can write; the others stream.
    const bool ranked = report->wantsPeers();
    std::vector<Done> held;
    report->begin(out);
    auto work = [&](std::size_t i) {
        bool ioFailure = false;
        try {
            const CheckResult r = check_input(engine, inputs[i], args.options, ioFailure);
            return Done{r.status, ioFailure, report->render(inputs[i].name, r), peer_of(r)};
        } catch (const std::exception& e) {  // never lose a file: report it as unreadable
            Finding f;
            f.rule = "X-INTERNAL";
            f.params = {Param::Text("detail", e.what())};
            const CheckResult r = Engine::unreadable(std::move(f));
            return Done{r.status, false, report->render(inputs[i].name, r), std::nullopt};
        }
    };
    run_ordered(inputs.size(), args.jobs, work, [&](std::size_t i, Done&& d) {
        summary.add(d.status);
        anyIoFailure = anyIoFailure || d.ioFailure;
        if (ranked) held.push_back(std::move(d));
        else report->write(out, d.rendered, i == 0);
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
            report->write(out, report->with_peer(held[i].rendered, rank), i == 0);
            anyIoFailure = anyIoFailure || held[i].ioFailure;
        }
    }
    report->end(out, summary);
    out.flush();
    if (!out) {
        std::cerr << "cxjf check: failed writing the report\n";
        return kExitUsageOrIo;
    }
    if (anyIoFailure || inputs.empty()) return kExitUsageOrIo;
    return summary.errors || summary.unreadable ? kExitFindings : kExitOk;
}

}  // namespace cxjf::cli
