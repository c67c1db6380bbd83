#include "batch.hpp"

#include <cstdio>
#include <iostream>

#include "cxjf/report.hpp"
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cxjf::cli {
namespace {

}  // namespace

std::vector<Input> collect_inputs(const char* command, const std::vector<std::string>& paths) {
    std::vector<std::string> empty;
    std::vector<Input> inputs = expand_inputs(paths, &empty);
    std::string names;
    for (const auto& dir : empty) names += (names.empty() ? "" : ", ") + display_text(dir);
    if (inputs.empty()) throw std::runtime_error("no *.json file found in " + names);
    if (!names.empty()) std::cerr << "cxjf " << command << ": no *.json file found in " << names << "\n";
    return inputs;
}

Args parse_batch_args(const std::vector<std::string>& raw, const OptionSpec& own, BatchArgs& a) {
    OptionSpec spec = own;
    spec.withValue.insert({"--lang", "--jobs", "--check-date", "--max-bytes", "--max-depth", "--max-string-bytes",
                           "--max-items", "--max-ms", "--forms", "--profile", "--keys"});
    spec.aliases.emplace("-j", "--jobs");
    const Args args = parse_args(raw, spec);
    for (const auto& [option, v] : args.options) {
        if (option == "--lang") {
            if (v != "zh" && v != "en") throw UsageError("--lang is zh or en");
            a.lang = v == "zh" ? Lang::zh : Lang::en;
        } else if (option == "--jobs") {
            a.jobs = static_cast<unsigned>(parse_count(option, v, 1, 1024));
        } else if (option == "--check-date") {
            const auto d = Date::parse(v);
            if (!d) throw UsageError("--check-date expects YYYY-MM-DD");
            a.options.checkDate = *d;
        } else if (option == "--max-bytes") {
            a.options.limits.maxBytes = static_cast<std::size_t>(parse_count(option, v, 1, 1ULL << 31));
        } else if (option == "--max-depth") {
            a.options.limits.maxDepth = static_cast<int>(parse_count(option, v, 1, 1000));
        } else if (option == "--max-string-bytes") {
            a.options.limits.maxStringBytes = static_cast<std::size_t>(parse_count(option, v, 1, 1ULL << 31));
        } else if (option == "--max-items") {
            a.options.limits.maxItems = static_cast<std::size_t>(parse_count(option, v, 1, 1ULL << 31));
        } else if (option == "--max-ms") {
            a.options.limits.maxMillis = static_cast<std::int64_t>(parse_count(option, v, 0, 86400000));
        } else if (option == "--forms") {
            a.formsDir = v;
        } else if (option == "--profile") {
            a.profiles.push_back(v);
        } else if (option == "--keys") {
            a.keysFile = v;
        }
    }
    a.paths = args.positional;
    if (a.paths.empty()) throw UsageError("no PATH given");
    return args;
}

BatchSetup::BatchSetup(const std::string& formsDir, const std::vector<std::string>& profileFiles,
                       const std::string& keysFile, CheckOptions& options) {
    if (!formsDir.empty()) custom_.emplace(Engine::fromDirectory(formsDir));
    for (const auto& file : profileFiles) {
        const std::string text = read_text(file, "profile");
        try {
            custom_.emplace(engine().withProfile(text, file));
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("profile refused: ") + e.what());
        }
    }
    if (!keysFile.empty()) options.keys = &keys_.emplace(KeyRegistry::parse(read_text(keysFile, "key registry")));
    options.verifier = &verifier_;
    if (!options.checkDate) options.checkDate = Date::today();
}

CheckResult check_input(const Engine& engine, const Input& input, const CheckOptions& options, bool& ioFailure) {
    try {
        const auto start = std::chrono::steady_clock::now();  // the time cap counts the reading too
        const InputBytes in = read_input(input, options.limits, start);
        if (in.failure) {
            ioFailure = ioFailure || in.failure->kind == ReadFailure::Kind::io;
            return Engine::unreadable(*in.failure, options.limits);
        }
        CheckOptions timed = options;
        timed.startedAt = start;
        return engine.check(in.bytes, timed);
    } catch (const std::exception& e) {  // never lose a file (e.g. no memory for its bytes): it is unreadable
        return Engine::unreadable(ReadFailure{ReadFailure::Kind::internal, e.what(), 0}, options.limits);
    }
}

Progress::Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled && total > 1), start_(clock::now()) {}

void Progress::update(std::size_t done) {
    if (!enabled_) return;
    const auto now = clock::now();
    if (done != total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? done / secs : 0;
    const int width = 30, filled = static_cast<int>(width * done / total_);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu  %.0f/s  ETA %.0fs ", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), done, total_, rate, rate > 0 ? (total_ - done) / rate : 0.0);
    std::fflush(stderr);
}

void Progress::finish() {
    if (enabled_) std::fprintf(stderr, "\r%*s\r", 70, "");
}

}  // namespace cxjf::cli
