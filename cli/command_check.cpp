// cxjf check: check every filing under the given paths with a pool of worker threads.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "exit_code.hpp"
#include "inputs.hpp"
#include "openssl_crypto.hpp"
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
  --forms DIR                     use the forms in DIR instead of the built-in forms/2025
  --profile FILE                  add a scoring profile (cxjf.profile/1), or replace the built-in one with its id
  --keys FILE                     the bureau's key registry (cxjf.keys/1): flags unknown and changed keys
  --require-signature             an unsigned file or a bad signature is an error (exit 1)

Signed envelopes are verified (Ed25519, SM2-SM3) and re-checked; a difference from the check they claim is
reported under "signature".
exit status: 0 no file has an error, 1 some file has an error or cannot be read as JSON (or, with
             --require-signature, is unsigned or badly signed), 2 usage error or a file that cannot be read from disk.
)";

struct CheckArgs {
    std::string format = "text";
    Lang lang = Lang::zh;
    unsigned jobs = 0;
    std::string out;
    std::string formsDir;
    std::vector<std::string> profiles;
    std::string keysFile;
    CheckOptions options;
    std::vector<std::string> paths;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::uint64_t parse_count(const std::string& flag, const std::string& v, std::uint64_t max) {
    if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(flag + " expects a positive integer, got '" + v + "'");
    const std::uint64_t n = std::stoull(v);
    if (n == 0 || n > max) throw UsageError(flag + " must be between 1 and " + std::to_string(max));
    return n;
}

CheckArgs parse_args(const std::vector<std::string>& args) {
    CheckArgs a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
            return args[++i];
        };
        if (arg == "--format") {
            a.format = value();
        } else if (arg == "--lang") {
            const std::string v = value();
            if (v != "zh" && v != "en") throw UsageError("--lang is zh or en");
            a.lang = v == "zh" ? Lang::zh : Lang::en;
        } else if (arg == "--jobs" || arg == "-j") {
            a.jobs = static_cast<unsigned>(parse_count(arg, value(), 1024));
        } else if (arg == "--out" || arg == "-o") {
            a.out = value();
        } else if (arg == "--check-date") {
            const auto d = Date::parse(value());
            if (!d) throw UsageError("--check-date expects YYYY-MM-DD");
            a.options.checkDate = *d;
        } else if (arg == "--max-bytes") {
            a.options.limits.maxBytes = static_cast<std::size_t>(parse_count(arg, value(), 1ULL << 31));
        } else if (arg == "--max-depth") {
            a.options.limits.maxDepth = static_cast<int>(parse_count(arg, value(), 1000));
        } else if (arg == "--forms") {
            a.formsDir = value();
        } else if (arg == "--profile") {
            a.profiles.push_back(value());
        } else if (arg == "--keys") {
            a.keysFile = value();
        } else if (arg == "--require-signature") {
            a.options.requireSignature = true;
        } else if (arg == "-" || arg.empty() || arg[0] != '-') {
            a.paths.push_back(arg);
        } else {
            throw UsageError("unknown option " + arg);
        }
    }
    if (a.paths.empty()) throw UsageError("no PATH given");
    if (a.format != "text" && a.format != "json" && a.format != "ndjson" && a.format != "csv")
        throw UsageError("--format is text, json, ndjson or csv");
    return a;
}

CheckResult check_input(const Engine& engine, const Input& input, const CheckOptions& options, bool& ioFailure) {
    InputBytes in = read_input(input, options.limits.maxBytes);
    if (in.tooLarge) {
        Finding f;
        f.rule = "J-SIZE";
        f.params = {Param::Int("bytes", static_cast<std::int64_t>(in.size)),
                    Param::Int("limit", static_cast<std::int64_t>(options.limits.maxBytes))};
        return Engine::unreadable(std::move(f));
    }
    if (!in.ok) {
        ioFailure = true;
        Finding f;
        f.rule = "F-IO";
        f.params = {Param::Text("detail", in.problem)};
        return Engine::unreadable(std::move(f));
    }
    return engine.check(in.bytes, options);
}

class Progress {
public:
    Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled && total > 1), start_(clock::now()) {}
    void update(std::size_t done) {
        if (!enabled_) return;
        const auto now = clock::now();
        if (done != total_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const double secs = std::chrono::duration<double>(now - start_).count();
        const double rate = secs > 0 ? done / secs : 0;
        const int width = 30, filled = static_cast<int>(width * done / total_);
        std::fprintf(stderr, "\r[%s%s] %zu/%zu  %.0f/s  ETA %.0fs ", std::string(filled, '#').c_str(),
                     std::string(width - filled, ' ').c_str(), done, total_, rate,
                     rate > 0 ? (total_ - done) / rate : 0.0);
        std::fflush(stderr);
    }
    void finish() {
        if (enabled_) std::fprintf(stderr, "\r%*s\r", 70, "");
    }

private:
    using clock = std::chrono::steady_clock;
    std::size_t total_;
    bool enabled_;
    clock::time_point start_, last_{};
};

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
    std::optional<Engine> custom;
    if (!args.formsDir.empty()) custom.emplace(Engine::fromDirectory(args.formsDir));
    for (const auto& file : args.profiles) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            std::cerr << "cxjf check: cannot read profile " << file << "\n";
            return kExitUsageOrIo;
        }
        try {
            custom.emplace((custom ? *custom : Engine::builtin()).withProfile(text.str(), file));
        } catch (const std::exception& e) {
            std::cerr << "cxjf check: profile refused: " << e.what() << "\n";
            return kExitUsageOrIo;
        }
    }
    const Engine& engine = custom ? *custom : Engine::builtin();
    if (!args.options.checkDate) args.options.checkDate = Date::today();
    std::optional<KeyRegistry> keys;
    if (!args.keysFile.empty()) {
        try {
            std::ifstream in(args.keysFile, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (!in) throw std::runtime_error("cannot read " + args.keysFile);
            keys = KeyRegistry::parse(text.str());
        } catch (const std::exception& e) {
            std::cerr << "cxjf check: " << e.what() << "\n";
            return kExitUsageOrIo;
        }
        args.options.keys = &*keys;
    }
    const crypto::NativeVerifier verifier;
    args.options.verifier = &verifier;
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
    const unsigned jobs = std::max(1u, std::min<unsigned>(args.jobs ? args.jobs : std::thread::hardware_concurrency(),
                                                          static_cast<unsigned>(std::max<std::size_t>(1, inputs.size()))));
    const std::size_t window = 64 * jobs;  // results waiting for their turn to be written
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable cv;
    std::map<std::size_t, Done> done;
    std::size_t written = 0;

    auto worker = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (i >= inputs.size()) return;
            {
                std::unique_lock<std::mutex> lock(mutex);
                cv.wait(lock, [&] { return i < written + window; });
            }
            bool ioFailure = false;
            Done d;
            try {
                const CheckResult r = check_input(engine, inputs[i], args.options, ioFailure);
                d = Done{r.status, ioFailure, report->render(inputs[i].name, r), peer_of(r)};
            } catch (const std::exception& e) {  // never lose a file: report it as unreadable
                Finding f;
                f.rule = "X-INTERNAL";
                f.params = {Param::Text("detail", e.what())};
                const CheckResult r = Engine::unreadable(std::move(f));
                d = Done{r.status, false, report->render(inputs[i].name, r), std::nullopt};
            }
            std::lock_guard<std::mutex> lock(mutex);
            done.emplace(i, std::move(d));
            cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);

    Progress progress(inputs.size(), isatty(STDERR_FILENO));
    BatchSummary summary;
    bool anyIoFailure = false;
    // A report with peer percentiles needs the whole batch before it can write; the others stream.
    const bool ranked = report->wantsPeers();
    std::vector<Done> held;
    report->begin(out);
    while (written < inputs.size()) {
        Done d;
        {
            std::unique_lock<std::mutex> lock(mutex);
            cv.wait(lock, [&] { return done.count(written) > 0; });
            auto it = done.find(written);
            d = std::move(it->second);
            done.erase(it);
        }
        summary.add(d.status);
        anyIoFailure = anyIoFailure || d.ioFailure;
        if (ranked) held.push_back(std::move(d));
        else report->write(out, d.rendered, written == 0);
        {
            std::lock_guard<std::mutex> lock(mutex);
            ++written;
        }
        cv.notify_all();
        progress.update(written);
    }
    for (auto& t : pool) t.join();
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
