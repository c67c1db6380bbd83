#pragma once
// The per-file time cap (Limits::maxMillis). The check asks between its stages; the reading limits keep each
// stage short, so the cap catches whatever still runs long (a slow machine, a pathological but legal file).
#include <chrono>
#include <cstdint>

namespace cxjf {

struct TimeUp {};  // not a std::exception: only Engine::check catches it

class Deadline {
public:
    explicit Deadline(std::int64_t maxMillis) : maxMillis_(maxMillis), start_(std::chrono::steady_clock::now()) {}
    // Throws TimeUp once the cap has passed; never with a cap of 0.
    void check() const {
        if (maxMillis_ > 0 && std::chrono::steady_clock::now() - start_ > std::chrono::milliseconds(maxMillis_))
            throw TimeUp{};
    }

private:
    std::int64_t maxMillis_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace cxjf
