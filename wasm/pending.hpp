#pragma once
// Results waiting for the page's signature verdict (checkStart → the page verifies → checkFinish): kept in this
// engine, so that nothing is rebuilt from a report. A page that never finishes one loses it to the next ones:
// at most kKept are held.
#include <map>
#include <stdexcept>
#include <string>

#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"
#include "cxjf/sheet.hpp"

class PendingResults {
public:
    struct Entry {
        cxjf::CheckResult result;
        cxjf::CheckOptions options;
    };
    int put(cxjf::CheckResult result, const cxjf::CheckOptions& options) {
        if (entries_.size() >= kKept) entries_.erase(entries_.begin());
        entries_[++last_] = Entry{std::move(result), options};
        return last_;
    }
    const Entry& get(int id) const {
        auto it = entries_.find(id);
        if (it == entries_.end()) throw std::invalid_argument("no pending check " + std::to_string(id));
        return it->second;
    }
    // The result with the verdict applied ("valid", "invalid"; "" leaves it unverified), no longer pending.
    cxjf::CheckResult finish(int id, const std::string& verdict) {
        // A verdict travels as the options' "verdict": the same words.
        auto it = entries_.find(id);
        if (it == entries_.end()) throw std::invalid_argument("no pending check " + std::to_string(id));
        if (verdict != "valid" && verdict != "invalid" && !verdict.empty())
            throw std::invalid_argument("a verdict is valid, invalid or empty");
        Entry e = std::move(it->second);
        entries_.erase(it);
        if (!verdict.empty()) cxjf::complete_signature(e.result, verdict == "valid", e.options);
        if (e.options.sheet) e.result.sheet = cxjf::sheet_cells(cxjf::Engine::builtin(), e.result, e.options.sheetLang);
        return std::move(e.result);
    }

private:
    static constexpr std::size_t kKept = 4096;
    std::map<int, Entry> entries_;
    int last_ = 0;
};

inline PendingResults& pending_results() {
    static PendingResults results;
    return results;
}
