#pragma once
// Runs work(i) for every index of a batch in a pool of threads and hands each result to consume(i, result) on the
// calling thread, in index order, holding at most a window of finished results (so a batch streams in constant
// memory). work must not throw; consume may (the workers then stop after their current item).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "inputs.hpp"
#include "cxjf/native_crypto.hpp"

namespace cxjf::cli {

// What every batch command (check, export) is given: the paths, and the options that choose the engine, the key
// registry, the limits, the check date, the language and the number of jobs.
struct BatchArgs {
    Lang lang = Lang::zh;
    unsigned jobs = 0;
    std::string formsDir, keysFile;
    std::vector<std::string> profiles, paths;
    CheckOptions options;
};

// Parses the options every batch command takes (--lang, --jobs, --check-date, the limits, --forms, --profile,
// --keys, the paths) into a, and the command's own options (`own`) into the Args returned. Throws UsageError.
Args parse_batch_args(const std::vector<std::string>& raw, const OptionSpec& own, BatchArgs& a);

// What the batch commands share: the engine (built-in, or the forms of --forms DIR with --profile files added),
// the bureau's key registry (--keys) and the signature verifier, wired into the options (which must not outlive
// this). Throws std::runtime_error naming what cannot be read or is refused.
class BatchSetup {
public:
    BatchSetup(const std::string& formsDir, const std::vector<std::string>& profileFiles, const std::string& keysFile,
               CheckOptions& options);
    BatchSetup(const BatchSetup&) = delete;
    BatchSetup& operator=(const BatchSetup&) = delete;
    const Engine& engine() const { return custom_ ? *custom_ : Engine::builtin(); }

private:
    std::optional<Engine> custom_;
    std::optional<KeyRegistry> keys_;
    crypto::NativeVerifier verifier_;
};

// The files under the given paths (expand_inputs). A directory holding no *.json file is named on stderr; when no
// file is found at all, that is the error (std::runtime_error).
std::vector<Input> collect_inputs(const char* command, const std::vector<std::string>& paths);

// One input read and checked; never throws. A file that cannot be read is Engine::unreadable() (ioFailure is set
// for F-IO); a failure of the CLI itself while checking it, X-INTERNAL.
CheckResult check_input(const Engine& engine, const Input& input, const CheckOptions& options, bool& ioFailure);

// A progress bar with rate and time left on stderr, when it is a terminal.
class Progress {
public:
    Progress(std::size_t total, bool enabled);
    void update(std::size_t done);
    void finish();

private:
    using clock = std::chrono::steady_clock;
    std::size_t total_;
    bool enabled_;
    clock::time_point start_, last_{};
};

template <class Work, class Consume>
void run_ordered(std::size_t count, unsigned jobs, Work work, Consume consume) {
    using Result = decltype(work(std::size_t{}));
    jobs = std::max(1u, std::min<unsigned>(jobs ? jobs : std::thread::hardware_concurrency(),
                                           static_cast<unsigned>(std::max<std::size_t>(1, count))));
    if (jobs == 1) {  // one job: no thread hand-offs (each costs a wake-up and a context switch)
        for (std::size_t i = 0; i < count; ++i) consume(i, work(i));
        return;
    }
    // Hand-offs are batched: the consumer is woken when a batch of results is ready (or the batch is ending, or a
    // worker waits for room), and takes every consecutive ready result at once; a wake-up per file would cost
    // more than a tenth of a check.
    const std::size_t window = 64 * jobs, batch = 16;
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable consumerCv, workersCv;
    std::map<std::size_t, Result> done;
    std::size_t written = 0, waitingWorkers = 0;
    bool stop = false;
    auto worker = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (i >= count) {
                consumerCv.notify_one();
                return;
            }
            {
                std::unique_lock<std::mutex> lock(mutex);
                if (!(i < written + window || stop)) {
                    ++waitingWorkers;
                    consumerCv.notify_one();
                    workersCv.wait(lock, [&] { return i < written + window || stop; });
                    --waitingWorkers;
                }
                if (stop) return;
            }
            Result r = work(i);
            std::lock_guard<std::mutex> lock(mutex);
            done.emplace(i, std::move(r));
            if (done.size() >= batch || next >= count || waitingWorkers) consumerCv.notify_one();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
    struct Joiner {
        std::vector<std::thread>& pool;
        std::mutex& mutex;
        bool& stop;
        std::condition_variable& workersCv;
        ~Joiner() {  // also on an exception from consume: release waiting workers, let them finish, join
            {
                std::lock_guard<std::mutex> lock(mutex);
                stop = true;
            }
            workersCv.notify_all();
            for (auto& t : pool) t.join();
        }
    } joiner{pool, mutex, stop, workersCv};
    std::vector<Result> ready;
    while (written < count) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            consumerCv.wait(lock, [&] {
                return done.count(written) && (done.size() >= batch || next >= count || waitingWorkers);
            });
            for (auto it = done.find(written); it != done.end() && it->first == written + ready.size(); it = done.erase(it))
                ready.push_back(std::move(it->second));
        }
        for (auto& r : ready) {
            consume(written, std::move(r));
            std::lock_guard<std::mutex> lock(mutex);
            ++written;
        }
        ready.clear();
        std::lock_guard<std::mutex> lock(mutex);
        if (waitingWorkers) workersCv.notify_all();
    }
}

}  // namespace cxjf::cli
