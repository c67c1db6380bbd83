#include "batch.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cxjf::cli {
namespace {

std::string read_text(const std::string& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error(std::string("cannot read ") + what + " " + file);
    return text.str();
}

std::uint64_t parse_count(const std::string& flag, const std::string& v, std::uint64_t max) {
    if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(flag + " expects a positive integer, got '" + v + "'");
    const std::uint64_t n = std::stoull(v);
    if (n == 0 || n > max) throw UsageError(flag + " must be between 1 and " + std::to_string(max));
    return n;
}

}  // namespace

void parse_batch_args(const std::vector<std::string>& args, BatchArgs& a, const OwnOption& own) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const std::function<const std::string&()> value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
            return args[++i];
        };
        if (arg == "--lang") {
            const std::string v = value();
            if (v != "zh" && v != "en") throw UsageError("--lang is zh or en");
            a.lang = v == "zh" ? Lang::zh : Lang::en;
        } else if (arg == "--jobs" || arg == "-j") {
            a.jobs = static_cast<unsigned>(parse_count(arg, value(), 1024));
        } else if (arg == "--check-date") {
            const auto d = Date::parse(value());
            if (!d) throw UsageError("--check-date expects YYYY-MM-DD");
            a.options.checkDate = *d;
        } else if (arg == "--max-bytes") {
            a.options.limits.maxBytes = static_cast<std::size_t>(parse_count(arg, value(), 1ULL << 31));
        } else if (arg == "--max-depth") {
            a.options.limits.maxDepth = static_cast<int>(parse_count(arg, value(), 1000));
        } else if (arg == "--max-string-bytes") {
            a.options.limits.maxStringBytes = static_cast<std::size_t>(parse_count(arg, value(), 1ULL << 31));
        } else if (arg == "--max-items") {
            a.options.limits.maxItems = static_cast<std::size_t>(parse_count(arg, value(), 1ULL << 31));
        } else if (arg == "--max-ms") {
            const std::string& v = value();
            a.options.limits.maxMillis = v == "0" ? 0 : static_cast<std::int64_t>(parse_count(arg, v, 86400000));
        } else if (arg == "--forms") {
            a.formsDir = value();
        } else if (arg == "--profile") {
            a.profiles.push_back(value());
        } else if (arg == "--keys") {
            a.keysFile = value();
        } else if (arg == "-" || arg.empty() || arg[0] != '-') {
            a.paths.push_back(arg);
        } else if (!own(arg, value)) {
            throw UsageError("unknown option " + arg);
        }
    }
    if (a.paths.empty()) throw UsageError("no PATH given");
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
