#pragma once
// What the native benches share: `[--reps N] FILE...` on the command line, and the bytes of a file.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bench {

struct Args {
    int reps;
    std::vector<std::string> files;
};

inline Args parse_args(int argc, char** argv, int defaultReps) {
    Args a{defaultReps, {}};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--reps" && i + 1 < argc) a.reps = std::max(1, std::atoi(argv[++i]));
        else a.files.push_back(arg);
    }
    return a;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace bench
