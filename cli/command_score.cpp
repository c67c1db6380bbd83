// cxjf score: the pre-scores of one filing, every indicator with its value, band, points and the next-band hint.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "cxjf/check.hpp"
#include "cxjf/report.hpp"
#include "args.hpp"
#include "batch.hpp"
#include "exit_code.hpp"
#include "inputs.hpp"

#include <nlohmann/json.hpp>

namespace cxjf::cli {

const char* const kScoreHelp = R"(usage: cxjf score [--profile NAME|FILE] [--format text|json] [--lang zh|en] [--check-date YYYY-MM-DD] FILE

Pre-scores of one filing (or envelope), FILE or - for standard input. Without --profile every built-in profile
is shown: tech-sme, high-tech, innovative-sme, innovation-points-estimate (非官方估算 / unofficial estimate).
--profile FILE loads a cxjf.profile/1 file (e.g. a province's own profile) without recompiling.
The file is read with cxjf check's limits (5 MiB, nesting 64, 2 s); exit status: 0 scored, 1 the file cannot be
read as JSON, 2 usage error or a file that cannot be read from disk.
)";

namespace {

const std::string& pick(const Text2& t, Lang lang) { return lang == Lang::zh ? t.zh : t.en; }


bool is_file(const std::string& path) {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void print_conditions(std::ostream& out, const Engine& e, const std::vector<ConditionResult>& list, Lang lang) {
    for (const auto& c : list) {
        out << "    " << (c.passed ? "✓ " : "✗ ") << pick(c.title, lang);
        if (!c.applicable) out << "：" << message_term(e, "score.notApplicable", lang);
        else if (!c.valueText.empty()) out << (lang == Lang::zh ? "：" : ": ") << c.valueText << " (" << c.thresholdText << ")";
        out << "\n";
    }
}

void print_text(std::ostream& out, const Engine& e, const ProfileScore& p, Lang lang) {
    const bool zh = lang == Lang::zh;
    out << pick(p.title, lang) << " (" << p.id << ")";
    if (p.label) out << (zh ? " 〔" : " [") << pick(*p.label, lang) << (zh ? "〕" : "]");
    out << "\n  ";
    if (p.kind == "conditions") {
        std::string t = message_term(e, "score.conditionsMet", lang);
        t.replace(t.find("{met}"), 5, points_text(p.score));
        t.replace(t.find("{total}"), 7, points_text(p.max));
        out << t;
    } else {
        out << points_text(p.score) << " / " << points_text(p.max) << " " << message_term(e, "score.points", lang);
        if (p.bonusMax > 0) out << (zh ? "，加分 " : ", bonus ") << points_text(p.bonus) << " / " << points_text(p.bonusMax);
        if (!p.stage.empty()) out << (zh ? "，" : ", ") << pick(p.stageTitle, lang);
    }
    if (p.hasEligibility) {
        out << " · " << message_term(e, p.eligible ? "score.eligible" : "score.notEligible", lang);
        if (p.eligibleBy.rfind("route:", 0) == 0)
            for (const auto& r : p.routes)
                if ("route:" + r.id == p.eligibleBy) {
                    std::string t = message_term(e, "score.byRoute", lang);
                    t.replace(t.find("{route}"), 7, pick(r.title, lang));
                    out << t;
                }
    }
    out << "\n";
    for (const auto& i : p.indicators) {
        out << "    " << pick(i.title, lang) << (i.bonus ? (zh ? "（加分）" : " (bonus)") : "") << "  ";
        if (!i.applicable) out << message_term(e, "score.notApplicable", lang);
        else out << i.valueText << (i.band.empty() ? "" : "  " + i.band);
        out << "  " << points_text(i.points) << " / " << points_text(i.max) << "\n";
        if (i.hint) out << "      → " << hint_text(e, *i.hint, lang) << "\n";
    }
    if (p.kind == "conditions") print_conditions(out, e, p.conditions, lang);
    else if (!p.conditions.empty()) print_conditions(out, e, p.conditions, lang);
    if (!p.routes.empty()) {
        out << "  " << (zh ? "直接认定：" : "direct routes:") << "\n";
        print_conditions(out, e, p.routes, lang);
    }
}

}  // namespace

int command_score(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {{"--format", "--profile", "--lang", "--check-date"}, {}, {}});
    const std::string format = a.value("--format").value_or("text"), profile = a.value("--profile").value_or("");
    if (format != "text" && format != "json") throw UsageError("--format is text or json");
    const std::string langName = a.value("--lang").value_or("zh");
    if (langName != "zh" && langName != "en") throw UsageError("--lang is zh or en");
    const Lang lang = langName == "zh" ? Lang::zh : Lang::en;
    CheckOptions options;
    if (auto date = a.value("--check-date")) {
        options.checkDate = Date::parse(*date);
        if (!options.checkDate) throw UsageError("--check-date expects YYYY-MM-DD");
    }
    if (a.positional.empty()) throw UsageError("no FILE given");
    if (a.positional.size() > 1) throw UsageError("one FILE only");
    const std::string file = a.positional[0];

    std::optional<Engine> custom;
    std::string only = profile;
    if (!profile.empty() && (is_file(profile) || profile.find('/') != std::string::npos || profile.find(".json") != std::string::npos)) {
        const std::string text = read_text(profile, "profile");
        try {
            custom.emplace(Engine::builtin().withProfile(text, profile));
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("profile refused: ") + e.what());
        }
        only = nlohmann::json::parse(text).at("id").get<std::string>();
    }
    const Engine& engine = custom ? *custom : Engine::builtin();
    if (!only.empty()) {
        const auto ids = engine.profileIds();
        if (std::find(ids.begin(), ids.end(), only) == ids.end()) {
            std::string known;
            for (const auto& id : ids) known += " " + id;
            throw UsageError("unknown profile " + only + " (known:" + known + ")");
        }
    }
    bool ioFailure = false;
    const CheckResult r = check_input(engine, Input{file, file == "-", ""}, options, ioFailure);
    if (r.status == Status::unreadable) {
        for (const auto& f : r.findings)
            std::cerr << display_text(file) << ": " << f.rule << " " << display_text(render_message(engine, f, lang)) << "\n";
        return ioFailure ? kExitUsageOrIo : kExitFindings;
    }
    if (format == "json") {
        std::cout << "{\"file\":" << nlohmann::json(file_name_text(file)).dump() << ",\"status\":\"" << to_string(r.status) << "\",\"profiles\":[";
        bool first = true;
        for (const auto& p : r.scores) {
            if (!only.empty() && p.id != only) continue;
            std::cout << (first ? "\n" : ",\n") << score_json(engine, p);
            first = false;
        }
        std::cout << "\n]}\n";
        return kExitOk;
    }
    std::cout << display_text(file) << "  " << message_term(engine, std::string("status.") + to_string(r.status), lang) << "\n\n";
    for (const auto& p : r.scores) {
        if (!only.empty() && p.id != only) continue;
        print_text(std::cout, engine, p, lang);
        std::cout << "\n";
    }
    return kExitOk;
}

}  // namespace cxjf::cli
