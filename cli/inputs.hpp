#pragma once
// Turning PATH arguments into the list of files to check, and reading one of them.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cxjf/check.hpp"

namespace cxjf::cli {

struct Input {
    std::string name;       // as shown in reports: the path as given or found, "-" for standard input
    bool isStdin = false;
    std::string problem;    // set when the walk already knows the file cannot be read
};

// Files as given; directories searched recursively for *.json (sorted; directory symlinks are not followed
// below the top level, so link loops cannot trap the walk). A missing path becomes an input with a problem.
// Each directory given that holds no *.json file at all is added to emptyDirectories.
std::vector<Input> expand_inputs(const std::vector<std::string>& paths, std::vector<std::string>* emptyDirectories = nullptr);

// The whole text of a side file (a key, a key registry, a profile); throws std::runtime_error naming `what`.
std::string read_text(const std::string& path, const char* what);

struct InputBytes {
    std::string bytes;                   // the whole file, when failure is unset
    std::optional<ReadFailure> failure;  // why it could not be read: F-IO, J-SIZE or F-TIME (Engine::unreadable)
};

// Reads one input, regular file, pipe or terminal alike, to its end: whatever size the system reports (a file in
// /proc says 0), and never more than limits.maxBytes + 1 bytes (an endless stream is J-SIZE). The time cap
// limits.maxMillis, counted from `start`, bounds the reading: it is looked at once per MiB and while waiting for
// a pipe or terminal.
InputBytes read_input(const Input& input, const Limits& limits, std::chrono::steady_clock::time_point start);

}  // namespace cxjf::cli
