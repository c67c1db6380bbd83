#include "output.hpp"

#include "cxjf/sheet.hpp"

#include <cctype>
#include <cstdio>
#include <map>

namespace cxjf::cli {
namespace {

const ProfileScore* find_score(const CheckResult& r, const std::string& id) {
    for (const auto& s : r.scores)
        if (s.id == id) return &s;
    return nullptr;
}

const char* status_mark(Status s) {
    switch (s) {
        case Status::ok: return "✓";
        case Status::warnings: return "⚠";
        case Status::errors: return "✗";
        case Status::unreadable: return "✗";
    }
    return "?";
}

class TextReport : public Report {
public:
    TextReport(const Engine& engine, ReportOptions options) : engine_(engine), options_(std::move(options)) {}

    std::string render(const std::string& file, const CheckResult& r) const override {
        const bool zh = options_.lang == Lang::zh;
        std::string out = paint(r.status == Status::ok ? "32" : r.status == Status::warnings ? "33" : "31", status_mark(r.status));
        out += " " + display_text(file) + "  " + term("status." + std::string(to_string(r.status)));
        if (r.errors || r.warnings) {
            out += zh ? "：" : ": ";
            if (r.errors) out += std::to_string(r.errors) + (zh ? " 个错误" : r.errors == 1 ? " error" : " errors");
            if (r.errors && r.warnings) out += zh ? "，" : ", ";
            if (r.warnings) {
                out += std::to_string(r.warnings) + (zh ? " 个警告" : r.warnings == 1 ? " warning" : " warnings");
                if (r.explained) out += zh ? "（" + std::to_string(r.explained) + " 个已说明）" : " (" + std::to_string(r.explained) + " explained)";
            }
        }
        out += "\n";
        const SignatureInfo& sig = r.signatureInfo;
        if (r.envelope) {
            out += "  " + term(std::string("signature.") + to_string(sig.status));
            if (!sig.keyId.empty()) out += display_text("  keyId " + sig.keyId + "  " + sig.alg + "  " + sig.signedAt);
            out += "\n";
            for (const auto& d : sig.differences)
                out += "  " + term("signature.claimDiffers") + display_text(d.field + ": " + d.claimed + " → " + d.actual) + "\n";
        }
        for (const auto& f : r.findings) {
            const bool err = f.severity == Severity::error;
            std::string sev = term(std::string("severity.") + to_string(f.severity));
            if (f.explained) sev += zh ? "（已说明）" : " (explained)";
            out += "  " + paint(err ? "31" : "33", sev) + "  " + f.rule + "  " + display_text(f.path.empty() ? "/" : f.path) + "\n";
            out += "      " + display_text(render_message(engine_, f, options_.lang)) + "\n";
        }
        return out;
    }

    void end(std::ostream& out, const StatusCounts& s) override {
        if (options_.lang == Lang::zh)
            out << "\n共 " << s.files << " 个文件：通过 " << s.ok << "，有警告 " << s.warnings << "，有错误 " << s.errors
                << "，无法读取 " << s.unreadable << "\n";
        else
            out << "\n" << s.files << " files: " << s.ok << " ok, " << s.warnings << " with warnings, " << s.errors
                << " with errors, " << s.unreadable << " unreadable\n";
    }

private:
    std::string term(const std::string& key) const { return message_term(engine_, key, options_.lang); }
    std::string paint(const char* code, const std::string& s) const {
        return options_.color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
    }
    const Engine& engine_;
    ReportOptions options_;
};

class JsonReport : public Report {
public:
    JsonReport(const Engine& engine, ReportOptions options) : engine_(engine), options_(std::move(options)) {}
    void begin(std::ostream& out) override { out << "{\"files\":["; }
    std::string render(const std::string& file, const CheckResult& r) const override { return result_json_open(engine_, r, &file); }
    bool wantsPeers() const override { return true; }
    void write(std::ostream& out, const std::string& rendered, const PeerRank* rank, bool first) override {
        out << (first ? "\n" : ",\n") << rendered << ",\"peer\":";
        if (rank)
            out << "{\"group\":\"" << rank->group << "\",\"groupSize\":" << rank->groupSize << ",\"percentile\":"
                << percent_text(rank->percentile) << ",\"overallSize\":" << rank->overallSize
                << ",\"overallPercentile\":" << percent_text(rank->overallPercentile) << "}";
        else
            out << "null";
        out << "}";
    }
    void end(std::ostream& out, const StatusCounts& s) override {
        out << "\n],\"summary\":{\"files\":" << s.files << ",\"ok\":" << s.ok << ",\"warnings\":" << s.warnings
            << ",\"errors\":" << s.errors << ",\"unreadable\":" << s.unreadable << ",\"engine\":\"" << engine_.version()
            << "\",\"ruleset\":\"" << engine_.ruleset() << "\",\"checkDate\":\"" << options_.checkDate << "\"}}\n";
    }

private:
    const Engine& engine_;
    ReportOptions options_;
};

class NdjsonReport : public Report {
public:
    explicit NdjsonReport(const Engine& engine) : engine_(engine) {}
    std::string render(const std::string& file, const CheckResult& r) const override {
        return result_json(engine_, r, &file) + "\n";
    }

private:
    const Engine& engine_;
};

// The csv report's columns of one profile. The four built-in profiles keep the names of DESIGN §6's csv
// (tech_sme_score, high_tech_conditions_met, estimate_unofficial_score, stage, …); any other profile loaded
// (--profile FILE) gets <id>_score or <id>_conditions_met, then _eligible, _bonus and _stage as it has them, with
// "_unofficial" after the id when the profile carries a label such as 非官方估算.
struct CsvProfileColumns {
    std::string id, score, eligible, bonus, stage;  // empty: no such column
};

CsvProfileColumns csv_profile_columns(const ProfileInfo& p) {
    static const std::map<std::string, std::string> kBuiltinPrefix = {
        {"tech-sme", "tech_sme"}, {"high-tech", "high_tech"}, {"innovative-sme", "innovative_sme"},
        {kEstimateProfile, "estimate_unofficial"}};
    std::string prefix;
    if (auto it = kBuiltinPrefix.find(p.id); it != kBuiltinPrefix.end()) {
        prefix = it->second;
    } else {
        for (char c : p.id) prefix += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        if (p.label) prefix += "_unofficial";
    }
    CsvProfileColumns c;
    c.id = p.id;
    c.score = prefix + (p.kind == "conditions" ? "_conditions_met" : "_score");
    if (p.hasEligibility) c.eligible = prefix + "_eligible";
    if (p.hasBonus) c.bonus = prefix + "_bonus";
    if (p.hasStages) c.stage = p.id == kEstimateProfile ? "stage" : prefix + "_stage";
    return c;
}

class CsvReport : public Report {
public:
    explicit CsvReport(const Engine& engine) {
        for (const auto& p : engine.profiles()) profiles_.push_back(csv_profile_columns(p));
    }
    void begin(std::ostream& out) override {
        out << "file,status,errors,warnings,explained,uscc,name,region_code,industry_code,scale_declared,scale_derived,"
               "signature,rules";
        for (const auto& p : profiles_)
            for (const std::string* name : {&p.score, &p.eligible, &p.bonus, &p.stage})
                if (!name->empty()) out << "," << *name;
        out << ",peer_group,peer_group_size,peer_percentile,overall_percentile\r\n";
    }
    std::string render(const std::string& file, const CheckResult& r) const override {
        std::string rules;
        for (const auto& f : r.findings) {
            if (rules.find(f.rule) != std::string::npos) continue;
            if (!rules.empty()) rules += ";";
            rules += f.rule;
        }
        const auto& s = r.summary;
        return csv_quoted(file_name_text(file)) + "," + to_string(r.status) + "," + std::to_string(r.errors) + "," +
               std::to_string(r.warnings) + "," + std::to_string(r.explained) + "," + csv_quoted(s.uscc) + "," +
               csv_quoted(s.name) + "," + csv_quoted(s.regionCode) + "," + csv_quoted(s.industryCode) + "," +
               csv_quoted(s.scaleDeclared) + "," + csv_quoted(s.scaleDerived) + "," +
               to_string(r.signature) + "," + csv_quoted(rules) +
               score_cells(r);
    }
    bool wantsPeers() const override { return true; }
    void write(std::ostream& out, const std::string& rendered, const PeerRank* rank, bool) override {
        out << rendered;
        if (rank)
            out << "," << csv_quoted(rank->group) << "," << rank->groupSize << "," << percent_text(rank->percentile) << ","
                << percent_text(rank->overallPercentile);
        else
            out << ",,,,";
        out << "\r\n";
    }

private:
    std::string score_cells(const CheckResult& r) const {
        std::string out;
        for (const auto& p : profiles_) {
            const ProfileScore* s = find_score(r, p.id);
            out += "," + (s ? points_text(s->score) : std::string());
            if (!p.eligible.empty()) out += "," + std::string(s && s->hasEligibility ? (s->eligible ? "yes" : "no") : "");
            if (!p.bonus.empty()) out += "," + (s ? points_text(s->bonus) : std::string());
            if (!p.stage.empty()) out += "," + (s ? s->stage : std::string());
        }
        return out;
    }
    std::vector<CsvProfileColumns> profiles_;
};

}  // namespace

std::unique_ptr<Report> make_report(const std::string& format, const Engine& engine, const ReportOptions& options) {
    if (format == "text") return std::make_unique<TextReport>(engine, options);
    if (format == "json") return std::make_unique<JsonReport>(engine, options);
    if (format == "ndjson") return std::make_unique<NdjsonReport>(engine);
    if (format == "csv") return std::make_unique<CsvReport>(engine);
    return nullptr;
}

}  // namespace cxjf::cli
