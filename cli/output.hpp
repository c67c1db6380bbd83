#pragma once
// The report formats of `cxjf check`: text (zh/en), json, ndjson, csv.
// A report is rendered per file (in worker threads) and written in input order by one thread.
#include <memory>
#include <ostream>
#include <string>

#include "cxjf/check.hpp"
#include "cxjf/report.hpp"

namespace cxjf::cli {

// The profile whose total (score + bonus) ranks filings among their peers.
inline constexpr const char* kEstimateProfile = "innovation-points-estimate";

// The counts a report ends with (a streaming report holds no batch: it counts the statuses as they pass).
struct StatusCounts {
    std::size_t files = 0, ok = 0, warnings = 0, errors = 0, unreadable = 0;
    void add(Status s) {
        ++files;
        switch (s) {
            case Status::ok: ++ok; break;
            case Status::warnings: ++warnings; break;
            case Status::errors: ++errors; break;
            case Status::unreadable: ++unreadable; break;
        }
    }
};

class Report {
public:
    virtual ~Report() = default;
    virtual void begin(std::ostream&) {}
    // Thread-safe: turns one file's result into its block of output. A report that ranks peers renders the block
    // without its end (the JSON object left open, the CSV row without its peer cells and line end).
    virtual std::string render(const std::string& file, const CheckResult& result) const = 0;
    // Reports that show each filing's percentile among its peers need the whole batch first.
    virtual bool wantsPeers() const { return false; }
    // Called in input order with what render() returned, and the file's peer rank (nullptr: none, or the report
    // does not rank); `first` is true for the first file.
    virtual void write(std::ostream& out, const std::string& rendered, const PeerRank* rank, bool first) {
        (void)rank;
        (void)first;
        out << rendered;
    }
    virtual void end(std::ostream&, const StatusCounts&) {}
};

struct ReportOptions {
    Lang lang = Lang::zh;
    bool color = false;
    std::string checkDate;
};

// nullptr for an unknown format name.
std::unique_ptr<Report> make_report(const std::string& format, const Engine& engine, const ReportOptions& options);

}  // namespace cxjf::cli
