#pragma once
// Runs work(i) for every index of a batch in a pool of threads and hands each result to consume(i, result) on the
// calling thread, in index order, holding at most a window of finished results (so a batch streams in constant
// memory). work must not throw; consume may.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "inputs.hpp"
#include "openssl_crypto.hpp"

namespace cxjf::cli {

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

// One input checked: a file that cannot be read from disk is F-IO (ioFailure set), one above the size limit J-SIZE.
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
    const std::size_t window = 64 * jobs;
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable cv;
    std::map<std::size_t, Result> done;
    std::size_t written = 0;
    auto worker = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (i >= count) return;
            {
                std::unique_lock<std::mutex> lock(mutex);
                cv.wait(lock, [&] { return i < written + window; });
            }
            Result r = work(i);
            std::lock_guard<std::mutex> lock(mutex);
            done.emplace(i, std::move(r));
            cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
    struct Joiner {
        std::vector<std::thread>& pool;
        std::atomic<std::size_t>& next;
        std::size_t count;
        std::mutex& mutex;
        std::size_t& written;
        std::condition_variable& cv;
        ~Joiner() {  // on an exception from consume: stop handing out work, release waiting workers, join
            next = count;
            {
                std::lock_guard<std::mutex> lock(mutex);
                written = count;
            }
            cv.notify_all();
            for (auto& t : pool) t.join();
        }
    } joiner{pool, next, count, mutex, written, cv};
    while (written < count) {
        Result r;
        {
            std::unique_lock<std::mutex> lock(mutex);
            cv.wait(lock, [&] { return done.count(written) > 0; });
            auto it = done.find(written);
            r = std::move(it->second);
            done.erase(it);
        }
        consume(written, std::move(r));
        {
            std::lock_guard<std::mutex> lock(mutex);
            ++written;
        }
        cv.notify_all();
    }
}

}  // namespace cxjf::cli
