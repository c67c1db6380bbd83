#pragma once
// Turning PATH arguments into the list of files to check, and reading one of them.
#include <cstdint>
#include <string>
#include <vector>

namespace cxjf::cli {

struct Input {
    std::string name;       // as shown in reports: the path as given or found, "-" for standard input
    bool isStdin = false;
    std::string problem;    // set when the walk already knows the file cannot be read
};

// Files as given; directories searched recursively for *.json (sorted; directory symlinks are not followed
// below the top level, so link loops cannot trap the walk). A missing path becomes an input with a problem.
std::vector<Input> expand_inputs(const std::vector<std::string>& paths);

struct InputBytes {
    bool ok = false;
    std::string bytes;
    std::string problem;          // why it could not be read (ok == false)
    bool tooLarge = false;        // larger than maxBytes: not read at all
    std::uintmax_t size = 0;
};

InputBytes read_input(const Input& input, std::size_t maxBytes);

}  // namespace cxjf::cli
