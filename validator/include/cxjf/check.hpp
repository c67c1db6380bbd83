#pragma once
// The filing engine: bytes in, findings out.
//
//   cxjf::Engine engine = cxjf::Engine::builtin();            // forms/2025 compiled into the binary
//   cxjf::CheckResult r = engine.check(bytes);                  // never throws for any input
//   for (const auto& f : r.findings) std::cout << f.rule << " " << f.path << "\n";
//
// An Engine is immutable after construction and may be shared by any number of threads.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxjf/finding.hpp"
#include "cxjf/score.hpp"

namespace cxjf {

// What one file may cost. The same defaults apply in the CLI, the wasm module and the pages; a file beyond one is
// unreadable with its own finding (J-SIZE, J-DEPTH, J-STRING-LENGTH, J-ITEMS, F-TIME).
struct Limits {
    std::size_t maxBytes = 5 * 1024 * 1024;  // per file
    int maxDepth = 64;                        // nesting of arrays/objects
    std::size_t maxStringBytes = 64 * 1024;   // one string or key, in UTF-8 bytes after unescaping
    std::size_t maxItems = 1000;              // items of one array, members of one object
    std::int64_t maxMillis = 2000;            // one file's check, wall clock; 0 = no cap
};

// A calendar date; ordered, so dates compare with < and ==.
struct Date {
    int year = 0, month = 0, day = 0;
    friend bool operator<(const Date& a, const Date& b) {
        return a.year != b.year ? a.year < b.year : a.month != b.month ? a.month < b.month : a.day < b.day;
    }
    friend bool operator==(const Date& a, const Date& b) { return a.year == b.year && a.month == b.month && a.day == b.day; }
    friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
    static std::optional<Date> parse(std::string_view iso);  // strict YYYY-MM-DD, calendar-valid
    static Date today();                                      // the local calendar date of this machine
    std::string iso() const;
    Date plus_years(int years) const;                         // 29 February becomes 28 February in common years
    std::int64_t day_number() const;                          // days since 1970-01-01 (proleptic Gregorian)
};

// How much of each profile's result to compute: summary = score, max, bonus, stage, eligibility (what a batch
// needs); full adds per indicator value, band and hint texts, titles, conditions and routes (what a filer reads).
enum class ScoreDetail { none, summary, full };

enum class Lang { zh, en };

class SignatureVerifier;
struct KeyRegistry;
struct SheetColumn;

struct CheckOptions {
    Limits limits;
    std::optional<Date> checkDate;  // the "clock" of R-DATE-FUTURE; today when absent
    ScoreDetail scores = ScoreDetail::full;
    const SignatureVerifier* verifier = nullptr;  // without one, a well-formed signature is "unverified"
    const KeyRegistry* keys = nullptr;            // known keys: unknown and changed keys are flagged
    bool requireSignature = false;                // an absent or bad signature is an error, not a warning
    bool sheet = false;                           // fill CheckResult::sheet (the batch-upload row)
    Lang sheetLang = Lang::zh;                    // of its labels (是/否, 大型, …)
    bool sheetBothLangs = false;                  // also the row in the other language (CheckResult::sheetOtherLang)
    // When the file began to be read: the time cap (Limits::maxMillis) counts from here, so it bounds the reading
    // as well as the check. Unset: from the start of check().
    std::optional<std::chrono::steady_clock::time_point> startedAt;
};

// Why a caller could not hand a file's bytes to the engine. Engine::unreadable() turns it into the file's result:
// every command, binding and page reports an unreadable file through that one function.
struct ReadFailure {
    enum class Kind {
        io,        // F-IO: the system could not read it (detail: what it said)
        tooLarge,  // J-SIZE: above Limits::maxBytes (bytes: its size, 0 when reading stopped at the limit + 1 byte)
        timeUp,    // F-TIME: reading took longer than Limits::maxMillis
        internal,  // X-INTERNAL: the caller itself failed (detail)
        options,   // X-INTERNAL, case "options": the caller's options were refused (detail)
    };
    Kind kind = Kind::io;
    std::string detail;
    std::uint64_t bytes = 0;
};

// Identity fields lifted from the filing for tables and sheets; empty when absent or of the wrong type.
struct FilingSummary {
    std::string uscc, name, regionCode, industryCode, scaleDeclared, scaleDerived;
};

enum class SignatureStatus { absent, unverified, valid, invalid };

struct SignatureInfo {
    SignatureStatus status = SignatureStatus::absent;
    std::string alg, keyId, signedAt;
    std::string signedDigest;  // SHA-256 hex of the signed bytes (what a receipt shows)
    std::string publicKey, value;  // base64url, as in the file
    std::string signedBytes;       // the canonical bytes the signature covers (for a verifier outside the engine)
    bool claimMatches = true;  // the envelope's "check" equals this engine's own check
    // What the envelope's "check" claims, field by field as JSON text ("errors" → "0", "explained" → "[\"R-…\"]",
    // "prescores.tech-sme.score" → "100"): compared with this engine's own once the signature is found valid.
    std::vector<std::pair<std::string, std::string>> claimed;
    struct Difference {
        std::string field;     // "errors", "warnings", "explained", "prescores.tech-sme.score", …
        std::string claimed, actual;
    };
    std::vector<Difference> differences;
};

struct CheckResult {
    Status status = Status::ok;
    std::vector<Finding> findings;
    int errors = 0;
    int warnings = 0;       // all warnings, explained or not
    int explained = 0;      // warnings carrying an explanation
    bool envelope = false;  // input was a cxjf.envelope/1 wrapping the filing
    SignatureStatus signature = SignatureStatus::absent;  // = signatureInfo.status
    SignatureInfo signatureInfo;
    FilingSummary summary;
    std::vector<ProfileScore> scores;  // one per profile, in profile order; empty when the file is unreadable
    std::vector<std::string> sheet;    // with CheckOptions::sheet: one cell per Engine::sheetColumns() column
    Lang sheetLang = Lang::zh;         // the language of sheet's labels
    // With CheckOptions::sheetBothLangs: the same row with the other language's labels, so that a batch in either
    // language (a page switching languages) has the filing's own cells without checking the file again.
    std::vector<std::string> sheetOtherLang;
};

// What a filing's latest fiscal year says about its size: the figures 统计上大中小微型企业划分办法（2017） compares.
struct ScaleFigures {
    std::string industryCode;            // GB/T 4754-2017 section + class, e.g. "C3562"
    std::int64_t employees = 0;          // persons
    std::int64_t revenue = 0;            // 元
    std::int64_t mainBusinessRevenue = 0;  // 元; 0 or less: revenue stands for it
    std::int64_t totalAssets = 0;        // 元
};

class Engine {
public:
    // The forms compiled into the binary (forms/2025).
    static const Engine& builtin();
    // Forms read from a directory laid out like forms/2025; throws std::runtime_error naming the bad file.
    static Engine fromDirectory(const std::string& dir);
    // This engine plus a scoring profile (cxjf.profile/1 text) that replaces the one with the same id, or is
    // added after the others. Throws std::runtime_error "<where>: <pointer>: <problem>" when the profile is invalid.
    Engine withProfile(const std::string& profileText, const std::string& where) const;
    // The ids of the scoring profiles, in evaluation order.
    std::vector<std::string> profileIds() const;
    // The scoring profiles, in evaluation order.
    std::vector<ProfileInfo> profiles() const;
    // The batch-upload sheet's columns (forms/<year>/sheet.json, expanded for the years and the profiles).
    const std::vector<SheetColumn>& sheetColumns() const;

    CheckResult check(std::string_view bytes, const CheckOptions& options = {}) const;
    // The size class R-SCALE derives ("large", "medium", "small", "micro"); "" for an industry code no category
    // matches. The rule's own function: a generator or a form that needs the class asks here.
    std::string scaleOf(const ScaleFigures& figures) const;

    // The result for a file whose bytes never reached check(): its one finding, with the limit it ran into.
    static CheckResult unreadable(const ReadFailure& failure, const Limits& limits = {});

    // Text of a form file as loaded (e.g. "filing.schema.json", "messages.zh.json").
    const std::string& formText(const std::string& name) const;
    std::string version() const;  // "cxjf 0.1.0"
    std::string ruleset() const;  // "2025.1"

    struct Data;  // defined in the library's private headers
    explicit Engine(std::shared_ptr<const Data> data);
    const Data& data() const { return *data_; }

private:
    std::shared_ptr<const Data> data_;
};

}  // namespace cxjf
