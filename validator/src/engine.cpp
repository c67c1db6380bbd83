#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "cxjf/check.hpp"
#include "deadline.hpp"
#include "embedded_forms.hpp"
#include "findings.hpp"
#include "result.hpp"
#include "forms.hpp"
#include "rules/context.hpp"
#include "scoring/evaluate.hpp"
#include "cxjf/envelope.hpp"
#include "signing/envelope_check.hpp"
#include "strict_json.hpp"

#ifndef CXJF_VERSION
#define CXJF_VERSION "0.0.0"
#endif

namespace cxjf {

const std::vector<std::string>& emitted_rule_ids() {
    static const std::vector<std::string> ids = {
        "J-SIZE", "J-EMPTY", "J-BOM", "J-UTF8", "J-SURROGATE", "J-DUPLICATE-KEY", "J-DEPTH", "J-STRING-LENGTH", "J-ITEMS",
        "J-NUMBER-RANGE", "F-TIME",
        "J-SYNTAX", "J-TRAILING", "E-ENVELOPE", "E-SIGNATURE", "E-KEY-UNKNOWN", "E-KEY-CHANGED", "X-INTERNAL",
        "S-REQUIRED", "S-TYPE", "S-ENUM", "S-RANGE", "S-LENGTH", "S-ITEMS", "S-PATTERN", "S-FORMAT",
        "S-UNKNOWN-FIELD", "S-NOT-ALLOWED", "S-UNIQUE", "S-INVALID", "S-INTERNAL",
        "R-ID-USCC", "R-ID-USCC-ORG", "R-ID-USCC-KIND", "R-ID-REGION", "R-ID-REGION-USCC", "R-ID-INDUSTRY",
        "R-DATE-INVALID", "R-DATE-FUTURE", "R-YEARS", "R-FIN-RD-COST", "R-FIN-RD-DOMESTIC", "R-FIN-REV-PARTS",
        "R-FIN-BEFORE-FOUNDING", "R-FIN-INSOLVENT", "R-FIN-RD-GT-REV", "R-FIN-PROFIT-GT-REV", "R-FIN-UNIT-JUMP",
        "R-STAFF-SUBSET", "R-STAFF-NONE", "R-IP-SUBSET", "R-QUAL-HTE-NO", "R-QUAL-HTE-EXPIRED",
        "R-QUAL-TECHSME-SIZE", "R-SCALE", "R-LOAN", "R-DECLARATION"};
    return ids;
}

namespace {

using nlohmann::json;

// Order of the top-level sections on the paper form, for a reading order of findings.
int section_rank(std::string_view path) {
    static const char* const order[] = {"schemaVersion", "filingYear", "enterprise", "qualifications", "annual",
                                        "ip", "financing", "explanations", "declaration"};
    if (path.empty()) return 0;
    const std::string_view top = path.substr(1, path.find('/', 1) == std::string_view::npos ? std::string_view::npos : path.find('/', 1) - 1);
    for (int i = 0; i < 9; ++i)
        if (top == order[i]) return i + 1;
    return top.empty() ? 0 : 10;
}

bool has_text(const json* v) {
    auto t = text(v);
    if (!t) return false;
    std::string_view s = *t;
    // Whitespace only (ASCII or the ideographic space U+3000) is no explanation.
    while (!s.empty()) {
        if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') s.remove_prefix(1);
        else if (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
        else return true;
    }
    return false;
}

void summarize(const json& filing, FilingSummary& s) {
    const json* e = member(&filing, "enterprise");
    auto get = [&](const char* key) { auto t = text(member(e, key)); return t ? std::string(*t) : std::string(); };
    s.uscc = get("uscc");
    s.name = get("name");
    s.regionCode = get("regionCode");
    s.industryCode = get("industryCode");
    s.scaleDeclared = get("scale");
}

void check_filing(const Engine::Data& data, const json& filing, const CheckOptions& options, const Deadline& deadline,
                  CheckResult& result) {
    std::vector<Finding> findings = data.schema->validate(filing);
    const std::size_t schemaCount = findings.size();
    deadline.check();

    const Date checkDate = options.checkDate.value_or(Date::today());
    Date referenceDate = checkDate;
    if (auto d = text(member(member(&filing, "declaration"), "date")))
        if (auto parsed = Date::parse(*d)) referenceDate = *parsed;
    RuleContext ctx{filing, data, checkDate, referenceDate, findings};
    check_identity(ctx);
    check_dates(ctx);
    check_annual(ctx);
    check_qualifications(ctx);
    check_scale(ctx, &result.summary.scaleDerived);
    check_financing(ctx);
    deadline.check();

    // A rule that states a schema requirement more precisely replaces the schema's finding at the same path.
    // (rule, path) of each superseded finding: few (one rule supersedes), so one pass over the schema's findings.
    std::vector<std::pair<const std::string*, const std::string*>> superseded;
    for (std::size_t r = schemaCount; r < findings.size(); ++r) {
        auto info = data.rules.find(findings[r].rule);
        if (info == data.rules.end()) continue;
        for (const auto& rule : info->second.supersedes) superseded.emplace_back(&rule, &findings[r].path);
    }
    std::vector<bool> drop(findings.size(), false);
    if (!superseded.empty())
        for (std::size_t s = 0; s < schemaCount; ++s)
            for (const auto& [rule, path] : superseded)
                if (findings[s].rule == *rule && findings[s].path == *path) drop[s] = true;
    remove_flagged(findings, drop);

    const json* explanations = member(&filing, "explanations");
    for (auto& f : findings)
        if (f.severity == Severity::warning) f.explained = has_text(member(explanations, f.rule.c_str()));
    result.findings = std::move(findings);

    if (options.scores != ScoreDetail::none)
        for (const auto& profile : data.profiles) {
            result.scores.push_back(scoring::evaluate(profile, filing, referenceDate, options.scores == ScoreDetail::full));
            deadline.check();
        }
}

std::string read_file(const std::string& path) {
    // C stdio rather than iostreams: the wasm build (which has no files) then links no stream classes.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::string text;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) throw std::runtime_error(path + ": cannot read");
    return text;
}

}  // namespace

void count_findings(CheckResult& r) {
    r.errors = r.warnings = r.explained = 0;
    for (const auto& f : r.findings) {
        if (f.severity == Severity::error) ++r.errors;
        else {
            ++r.warnings;
            if (f.explained) ++r.explained;
        }
    }
    if (r.status != Status::unreadable)
        r.status = r.errors ? Status::errors : r.warnings > r.explained ? Status::warnings : Status::ok;
}

void finish_result(CheckResult& r) {
    std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
        const int ra = section_rank(a.path), rb = section_rank(b.path);
        if (ra != rb) return ra < rb;
        if (a.path != b.path) return a.path < b.path;
        return a.rule < b.rule;
    });
    count_findings(r);
}

Engine::Engine(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

const Engine& Engine::builtin() {
    static const Engine engine(load_forms(embedded_forms()));
    return engine;
}

Engine Engine::fromDirectory(const std::string& dir) {
    std::map<std::string, std::string> texts;
    for (const auto& name : form_file_names()) texts[name] = read_file(dir + "/" + name);
    return Engine(load_forms(std::move(texts)));
}

Engine Engine::withProfile(const std::string& profileText, const std::string& where) const {
    auto d = std::make_shared<Data>(*data_);
    scoring::Profile profile = parse_profile(*d, profileText, where);
    auto same = std::find_if(d->profiles.begin(), d->profiles.end(), [&](const auto& p) { return p.id == profile.id; });
    if (same != d->profiles.end()) *same = std::move(profile);
    else d->profiles.push_back(std::move(profile));
    if (d->texts.count("sheet.json")) build_sheet(*d, read_strict_json(d->texts.at("sheet.json"), Limits{}).value);
    return Engine(std::move(d));
}

const std::vector<SheetColumn>& Engine::sheetColumns() const { return data_->sheet.columns; }

std::vector<std::string> Engine::profileIds() const {
    std::vector<std::string> ids;
    for (const auto& p : data_->profiles) ids.push_back(p.id);
    return ids;
}

std::vector<ProfileInfo> Engine::profiles() const {
    std::vector<ProfileInfo> out;
    for (const auto& p : data_->profiles) out.push_back(scoring::profile_info(p));
    return out;
}

const std::string& Engine::formText(const std::string& name) const {
    static const std::string empty;
    auto it = data_->texts.find(name);
    return it == data_->texts.end() ? empty : it->second;
}

std::string Engine::version() const { return std::string("cxjf ") + CXJF_VERSION; }
std::string Engine::ruleset() const { return data_->ruleset; }

namespace {

CheckResult unreadable_with(Finding finding) {
    CheckResult result;
    result.status = Status::unreadable;
    result.findings.push_back(std::move(finding));
    count_findings(result);
    return result;
}

}  // namespace

CheckResult Engine::unreadable(const ReadFailure& failure, const Limits& limits) {
    switch (failure.kind) {
        case ReadFailure::Kind::tooLarge:
            return unreadable_with(failure.bytes > limits.maxBytes
                ? error_finding("J-SIZE", "", "", {Param::Int("bytes", static_cast<std::int64_t>(failure.bytes)),
                                                  Param::Int("limit", static_cast<std::int64_t>(limits.maxBytes))})
                : error_finding("J-SIZE", "more", "", {Param::Int("limit", static_cast<std::int64_t>(limits.maxBytes))}));
        case ReadFailure::Kind::timeUp:
            return unreadable_with(error_finding("F-TIME", "", "", {Param::Int("limit", limits.maxMillis)}));
        case ReadFailure::Kind::internal:
            return unreadable_with(error_finding("X-INTERNAL", "", "", {Param::Text("detail", failure.detail)}));
        case ReadFailure::Kind::options:
            return unreadable_with(error_finding("X-INTERNAL", "options", "", {Param::Text("detail", failure.detail)}));
        case ReadFailure::Kind::io:
            break;
    }
    return unreadable_with(error_finding("F-IO", "", "", {Param::Text("detail", failure.detail)}));
}

CheckResult Engine::check(std::string_view bytes, const CheckOptions& options) const {
    const Deadline deadline(options.limits.maxMillis, options.startedAt.value_or(Deadline::clock::now()));
    CheckResult result;
    try {
        StrictRead read = read_strict_json(bytes, options.limits, &deadline);
        if (read.error) {  // reported as such however long the reading took
            result.status = Status::unreadable;
            result.findings.push_back(std::move(*read.error));
            finish_result(result);
            return result;
        }
        deadline.check();
        const json* filing = &read.value;
        std::optional<EnvelopeParts> envelope;
        std::vector<Finding> envelopeFindings;
        if (auto format = text(member(&read.value, "format")); format && format->rfind("cxjf.envelope/", 0) == 0) {
            result.envelope = true;
            envelope = read_envelope(read.value, envelopeFindings);
            filing = envelope->filing;
            if (!filing) {
                result.findings = std::move(envelopeFindings);
                finish_result(result);
                return result;
            }
        }
        summarize(*filing, result.summary);
        check_filing(*data_, *filing, options, deadline, result);
        count_findings(result);  // the counts a signed claim is compared with: the filing's own findings
        for (auto& f : envelopeFindings) result.findings.push_back(std::move(f));
        if (envelope) {
            read_signature(*envelope, options, result);
            const SignatureInfo& info = result.signatureInfo;
            if (info.status == SignatureStatus::unverified && options.verifier) {
                const auto publicKey = base64url_decode(info.publicKey), value = base64url_decode(info.value);
                complete_signature(result, options.verifier->verify(info.alg, *publicKey, info.signedBytes, *value), options);
            }
            deadline.check();
        } else if (options.requireSignature) {
            result.findings.push_back(error_finding("E-SIGNATURE", "absent", ""));
        }
        result.signature = result.signatureInfo.status;
        if (options.sheet && !data_->sheet.columns.empty()) {
            count_findings(result);  // the row shows the status and counts
#if !CXJF_WITHOUT_SHEET
            result.sheet = sheet_row(*data_, *filing, result, options.sheetLang);
            result.sheetLang = options.sheetLang;
            if (options.sheetBothLangs)
                result.sheetOtherLang = sheet_row(*data_, *filing, result, options.sheetLang == Lang::zh ? Lang::en : Lang::zh);
#endif
            deadline.check();
        }
    } catch (const TimeUp&) {
        return unreadable(ReadFailure{ReadFailure::Kind::timeUp, "", 0}, options.limits);
    } catch (const std::exception& e) {
        result.findings.push_back(error_finding("X-INTERNAL", "", "", {Param::Text("detail", e.what())}));
    } catch (...) {
        result.findings.push_back(error_finding("X-INTERNAL", "", "", {Param::Text("detail", "unknown exception")}));
    }
    finish_result(result);
    return result;
}

}  // namespace cxjf
