// cxjf score: the pre-scores of one filing, every indicator with its value, band, points and the next-band hint.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "cxjf/check.hpp"
#include "cxjf/report.hpp"
#include "exit_code.hpp"
#include "inputs.hpp"

#include <nlohmann/json.hpp>

namespace cxjf::cli {
namespace {

const char* const kScoreHelp = R"(usage: cxjf score [--profile NAME|FILE] [--format text|json] [--lang zh|en] [--check-date YYYY-MM-DD] FILE

Pre-scores of one filing (or envelope), FILE or - for standard input. Without --profile every built-in profile
is shown: tech-sme, high-tech, innovative-sme, innovation-points-estimate (非官方估算 / unofficial estimate).
--profile FILE loads a cxjf.profile/1 file (e.g. a province's own profile) without recompiling.
)";

const std::string& pick(const Text2& t, Lang lang) { return lang == Lang::zh ? t.zh : t.en; }

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

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

int command_score(const std::vector<std::string>& args) {
    std::string format = "text", profile, file;
    Lang lang = Lang::zh;
    CheckOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw std::runtime_error(a + " needs a value");
            return args[++i];
        };
        try {
            if (a == "--help" || a == "-h") { std::cout << kScoreHelp; return kExitOk; }
            if (a == "--format") format = value();
            else if (a == "--profile") profile = value();
            else if (a == "--lang") { const auto v = value(); if (v != "zh" && v != "en") throw std::runtime_error("--lang is zh or en"); lang = v == "zh" ? Lang::zh : Lang::en; }
            else if (a == "--check-date") { auto d = Date::parse(value()); if (!d) throw std::runtime_error("--check-date expects YYYY-MM-DD"); options.checkDate = *d; }
            else if (!a.empty() && a[0] == '-' && a != "-") throw std::runtime_error("unknown option " + a);
            else if (file.empty()) file = a;
            else throw std::runtime_error("one FILE only");
        } catch (const std::exception& e) {
            std::cerr << "cxjf score: " << e.what() << "\n\n" << kScoreHelp;
            return kExitUsageOrIo;
        }
    }
    if (file.empty() || (format != "text" && format != "json")) {
        std::cerr << "cxjf score: " << (file.empty() ? "no FILE given" : "--format is text or json") << "\n\n" << kScoreHelp;
        return kExitUsageOrIo;
    }
    std::optional<Engine> custom;
    std::string only = profile;
    if (!profile.empty() && (is_file(profile) || profile.find('/') != std::string::npos || profile.find(".json") != std::string::npos)) {
        try {
            custom.emplace(Engine::builtin().withProfile(read_text(profile), profile));
        } catch (const std::exception& e) {
            std::cerr << "cxjf score: profile refused: " << e.what() << "\n";
            return kExitUsageOrIo;
        }
        only = nlohmann::json::parse(read_text(profile)).at("id").get<std::string>();
    }
    const Engine& engine = custom ? *custom : Engine::builtin();
    if (!only.empty()) {
        const auto ids = engine.profileIds();
        if (std::find(ids.begin(), ids.end(), only) == ids.end()) {
            std::cerr << "cxjf score: unknown profile " << only << " (known:";
            for (const auto& id : ids) std::cerr << " " << id;
            std::cerr << ")\n";
            return kExitUsageOrIo;
        }
    }
    Input input{file, file == "-", ""};
    InputBytes bytes = read_input(input, options.limits.maxBytes);
    if (!bytes.ok && !bytes.tooLarge) {
        std::cerr << "cxjf score: cannot read " << file << ": " << bytes.problem << "\n";
        return kExitUsageOrIo;
    }
    const CheckResult r = bytes.tooLarge ? Engine::unreadable(Finding{"J-SIZE", "", Severity::error, "", {}, false})
                                         : engine.check(bytes.bytes, options);
    if (r.status == Status::unreadable) {
        for (const auto& f : r.findings) std::cerr << file << ": " << f.rule << " " << render_message(engine, f, lang) << "\n";
        return kExitFindings;
    }
    if (format == "json") {
        std::cout << "{\"file\":" << nlohmann::json(file).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << ",\"status\":\"" << to_string(r.status) << "\",\"profiles\":[";
        bool first = true;
        for (const auto& p : r.scores) {
            if (!only.empty() && p.id != only) continue;
            std::cout << (first ? "\n" : ",\n") << score_json(engine, p);
            first = false;
        }
        std::cout << "\n]}\n";
        return kExitOk;
    }
    std::cout << file << "  " << message_term(engine, std::string("status.") + to_string(r.status), lang) << "\n\n";
    for (const auto& p : r.scores) {
        if (!only.empty() && p.id != only) continue;
        print_text(std::cout, engine, p, lang);
        std::cout << "\n";
    }
    return kExitOk;
}

}  // namespace cxjf::cli
