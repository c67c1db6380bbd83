#include "inputs.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "cxjf/batch.hpp"

namespace cxjf::cli {
namespace {

namespace fs = std::filesystem;


bool has_json_extension(std::string_view name) {
    if (name.size() < 5) return false;
    std::string ext(name.substr(name.size() - 5));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".json";
}

// One directory's entries by name, with what readdir already knows of their type: no fs::path or directory_entry
// is kept per file (each costs a few hundred bytes), so a folder of 100,000 filings is listed in ~10 MB.
struct Entry {
    std::string name;
    bool isLink = false, isDir = false;
};

void walk(const std::string& dir, int depth, std::vector<Input>& out) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
        out.push_back(Input{dir, false, ec.message()});
        return;
    }
    std::vector<Entry> entries;
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        std::error_code tec;
        const bool isLink = it->is_symlink(tec);
        entries.push_back(Entry{it->path().filename().string(), isLink, !isLink && it->is_directory(tec)});
    }
    if (ec) out.push_back(Input{dir, false, ec.message()});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return path_before(a.name, b.name); });
    const std::string prefix = !dir.empty() && dir.back() == '/' ? dir : dir + "/";
    std::size_t files = 0;
    for (const auto& e : entries) files += !e.isDir && has_json_extension(e.name);
    out.reserve(out.size() + files);
    for (const auto& e : entries) {
        std::string full = prefix + e.name;
        if (e.isDir) {
            if (depth >= 64) out.push_back(Input{std::move(full), false, "directory nesting deeper than 64"});
            else walk(full, depth + 1, out);
            continue;
        }
        if (!has_json_extension(e.name)) continue;
        std::error_code sec;
        const auto st = fs::status(full, sec);  // follows links
        if (fs::is_regular_file(st)) out.push_back(Input{std::move(full), false, ""});
        else if (e.isLink && fs::is_directory(st)) continue;  // a linked directory is not walked (no loops)
        else if (sec && sec != std::errc::no_such_file_or_directory) out.push_back(Input{std::move(full), false, sec.message()});
        else if (sec || !fs::exists(st)) out.push_back(Input{std::move(full), false, e.isLink ? "broken symbolic link" : "cannot be accessed"});
        else out.push_back(Input{std::move(full), false, "not a regular file"});
    }
}

}  // namespace

std::vector<Input> expand_inputs(const std::vector<std::string>& paths, std::vector<std::string>* emptyDirectories) {
    std::vector<Input> out;
    for (const auto& p : paths) {
        if (p == "-") {
            out.push_back(Input{"-", true, ""});
            continue;
        }
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) out.push_back(Input{p, false, ec ? ec.message() : "no such file or directory"});
        else if (fs::is_directory(st)) {
            const std::size_t before = out.size();
            walk(p, 0, out);
            if (out.size() == before && emptyDirectories) emptyDirectories->push_back(p);
        }
        else if (fs::is_regular_file(st)) out.push_back(Input{p, false, ""});
        else out.push_back(Input{p, false, "not a regular file"});
    }
    return out;
}

std::string read_text(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error(std::string("cannot read ") + what + " " + path);
    return text.str();
}

namespace {

using clock = std::chrono::steady_clock;

ReadFailure io_failure(int error) { return ReadFailure{ReadFailure::Kind::io, std::strerror(error), 0}; }

// Milliseconds left before the cap (-1: no cap, wait as long as it takes), 0 when it has passed.
int millis_left(const Limits& limits, clock::time_point start) {
    if (limits.maxMillis <= 0) return -1;
    const auto left = std::chrono::milliseconds(limits.maxMillis) -
                      std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30));
}

// Reads fd to its end into r.bytes. `expected` is the size the system reports (a hint only).
void read_fd(int fd, bool regular, std::uint64_t expected, const Limits& limits, clock::time_point start, InputBytes& r) {
    const std::size_t cap = limits.maxBytes + 1;  // one byte more than allowed tells "too large"
    constexpr std::size_t kChunk = std::size_t{1} << 20;  // at most one MiB per read, and a look at the clock after it
    if (expected > 0) r.bytes.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(expected + 1, cap)));
    std::size_t nextClockCheck = kChunk;
    for (;;) {
        if (r.bytes.size() >= nextClockCheck) {
            nextClockCheck = r.bytes.size() + kChunk;
            if (millis_left(limits, start) == 0) {
                r.failure = ReadFailure{ReadFailure::Kind::timeUp, "", 0};
                return;
            }
        }
        if (!regular) {  // a pipe or terminal may keep us waiting: never past the time cap
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, millis_left(limits, start));
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) {
                r.failure = io_failure(errno);
                return;
            }
            if (ready == 0) {
                r.failure = ReadFailure{ReadFailure::Kind::timeUp, "", 0};
                return;
            }
        }
        const std::size_t old = r.bytes.size();
        std::size_t want = old < expected ? expected + 1 - old  // the reported size, and a byte more to see growth
                         : std::max<std::size_t>(old == expected && regular ? 4096 : 64 * 1024, old / 2);
        want = std::min({want, cap - old, kChunk});
        r.bytes.resize(old + want);
        const ssize_t n = ::read(fd, r.bytes.data() + old, want);
        r.bytes.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) {
            r.failure = io_failure(errno);
            return;
        }
        if (n == 0) return;  // the end
        if (r.bytes.size() > limits.maxBytes) {  // an endless or growing input: stop at the limit + 1 byte
            r.failure = ReadFailure{ReadFailure::Kind::tooLarge, "", 0};  // its size: only known to exceed the limit
            return;
        }
    }
}

}  // namespace

InputBytes read_input(const Input& input, const Limits& limits, clock::time_point start) {
    InputBytes r;
    if (!input.problem.empty()) {
        r.failure = ReadFailure{ReadFailure::Kind::io, input.problem, 0};
        return r;
    }
    // open, fstat, read, close: the fewest system calls for a file (a batch reads hundreds of thousands).
    // O_NONBLOCK: a FIFO named *.json never blocks the batch (it is refused below as not a regular file).
    const int fd = input.isStdin ? STDIN_FILENO : ::open(input.name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        r.failure = io_failure(errno);
        return r;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        r.failure = io_failure(errno);
    } else if (!input.isStdin && !S_ISREG(st.st_mode)) {
        r.failure = ReadFailure{ReadFailure::Kind::io, "not a regular file", 0};
    } else {
        const bool regular = S_ISREG(st.st_mode);
        const auto reported = regular && st.st_size > 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
        if (reported > limits.maxBytes) r.failure = ReadFailure{ReadFailure::Kind::tooLarge, "", reported};  // not read at all
        else read_fd(fd, regular, reported, limits, start, r);
    }
    if (!input.isStdin) ::close(fd);
    if (r.failure) r.bytes = std::string();  // give the memory back at once
    return r;
}

}  // namespace cxjf::cli
