#pragma once
// The per-file time cap (Limits::maxMillis), counted from when the file began to be read (CheckOptions::startedAt).
// The reader asks once per MiB of input, the check between its stages; the reading limits keep each stage short, so
// the cap catches whatever still runs long (a slow machine, a huge file allowed by --max-bytes, a slow pipe).
#include <chrono>
#include <cstdint>

namespace cxjf {

struct TimeUp {};  // not a std::exception: only Engine::check catches it

class Deadline {
public:
    using clock = std::chrono::steady_clock;
    Deadline(std::int64_t maxMillis, clock::time_point start) : maxMillis_(maxMillis), start_(start) {}
    // Throws TimeUp once the cap has passed; never with a cap of 0.
    void check() const {
        if (passed()) throw TimeUp{};
    }
    bool passed() const { return maxMillis_ > 0 && clock::now() - start_ > std::chrono::milliseconds(maxMillis_); }

private:
    std::int64_t maxMillis_;
    clock::time_point start_;
};

}  // namespace cxjf
