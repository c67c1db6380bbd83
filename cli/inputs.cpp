#include "inputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

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
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
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

std::vector<Input> expand_inputs(const std::vector<std::string>& paths) {
    std::vector<Input> out;
    for (const auto& p : paths) {
        if (p == "-") {
            out.push_back(Input{"-", true, ""});
            continue;
        }
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) out.push_back(Input{p, false, ec ? ec.message() : "no such file or directory"});
        else if (fs::is_directory(st)) walk(p, 0, out);
        else if (fs::is_regular_file(st)) out.push_back(Input{p, false, ""});
        else out.push_back(Input{p, false, "not a regular file"});
    }
    return out;
}

InputBytes read_input(const Input& input, std::size_t maxBytes) {
    InputBytes r;
    if (!input.problem.empty()) {
        r.problem = input.problem;
        return r;
    }
    if (input.isStdin) {
        std::string buf(64 * 1024, '\0');
        while (std::cin.read(buf.data(), static_cast<std::streamsize>(buf.size())) || std::cin.gcount() > 0) {
            r.bytes.append(buf.data(), static_cast<std::size_t>(std::cin.gcount()));
            if (r.bytes.size() > maxBytes) {
                r.tooLarge = true;
                r.size = r.bytes.size();
                while (std::cin.read(buf.data(), static_cast<std::streamsize>(buf.size())) || std::cin.gcount() > 0)
                    r.size += static_cast<std::uintmax_t>(std::cin.gcount());
                r.bytes.clear();
                return r;
            }
        }
        r.ok = true;
        r.size = r.bytes.size();
        return r;
    }
    // open, fstat, read, close: the fewest system calls for a file (a batch reads hundreds of thousands).
    const int fd = ::open(input.name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO never blocks the batch
    if (fd < 0) {
        r.problem = std::strerror(errno);
        return r;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r.problem = S_ISREG(st.st_mode) || st.st_mode == 0 ? std::strerror(errno) : "not a regular file";
        ::close(fd);
        return r;
    }
    r.size = static_cast<std::uintmax_t>(st.st_size);
    if (r.size > maxBytes) {
        r.tooLarge = true;
        ::close(fd);
        return r;
    }
    r.bytes.resize(static_cast<std::size_t>(r.size));
    std::size_t got = 0;
    while (got < r.bytes.size()) {
        const ssize_t n = ::read(fd, r.bytes.data() + got, r.bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            r.problem = std::strerror(errno);
            r.bytes.clear();
            ::close(fd);
            return r;
        }
        if (n == 0) break;  // the file shrank while being read: what is there is checked
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    r.bytes.resize(got);
    r.ok = true;
    return r;
}

}  // namespace cxjf::cli
