// Results between a page's worker and its batch: written and read back member for member.
#include "cxjf/transport.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "../strict_json.hpp"
#include "../signing/jcs.hpp"

namespace cxjf {
namespace {

using nlohmann::json;

constexpr int kVersion = 1;

const char* kind_name(Param::Kind k) {
    switch (k) {
        case Param::Kind::text: return "text";
        case Param::Kind::integer: return "integer";
        case Param::Kind::money: return "money";
        case Param::Kind::term: return "term";
    }
    return "text";
}

Param::Kind kind_of(const std::string& name) {
    if (name == "integer") return Param::Kind::integer;
    if (name == "money") return Param::Kind::money;
    if (name == "term") return Param::Kind::term;
    if (name == "text") return Param::Kind::text;
    throw std::runtime_error("result transport: unknown parameter kind " + name);
}

Status status_of(const std::string& s) {
    if (s == "ok") return Status::ok;
    if (s == "warnings") return Status::warnings;
    if (s == "errors") return Status::errors;
    if (s == "unreadable") return Status::unreadable;
    throw std::runtime_error("result transport: unknown status " + s);
}

SignatureStatus signature_of(const std::string& s) {
    if (s == "absent") return SignatureStatus::absent;
    if (s == "unverified") return SignatureStatus::unverified;
    if (s == "valid") return SignatureStatus::valid;
    if (s == "invalid") return SignatureStatus::invalid;
    throw std::runtime_error("result transport: unknown signature status " + s);
}

const char* signature_name(SignatureStatus s) {
    switch (s) {
        case SignatureStatus::absent: return "absent";
        case SignatureStatus::unverified: return "unverified";
        case SignatureStatus::valid: return "valid";
        case SignatureStatus::invalid: return "invalid";
    }
    return "absent";
}

json text2(const Text2& t) { return json::array({t.zh, t.en}); }
Text2 read_text2(const json& j) { return Text2{j.at(0).get<std::string>(), j.at(1).get<std::string>()}; }

}  // namespace

std::string result_transport(const CheckResult& r) {
    json findings = json::array();
    for (const auto& f : r.findings) {
        json params = json::array();
        for (const auto& p : f.params) params.push_back({p.key, kind_name(p.kind), p.text, p.number});
        findings.push_back({{"rule", f.rule}, {"variant", f.variant}, {"error", f.severity == Severity::error},
                            {"path", f.path}, {"params", std::move(params)}, {"explained", f.explained}});
    }
    const SignatureInfo& s = r.signatureInfo;
    json differences = json::array();
    for (const auto& d : s.differences) differences.push_back({d.field, d.claimed, d.actual});
    json scores = json::array();
    for (const auto& p : r.scores) {
        json one = {{"id", p.id}, {"title", text2(p.title)}, {"kind", p.kind}, {"stage", p.stage},
                    {"stageTitle", text2(p.stageTitle)}, {"score", p.score}, {"max", p.max}, {"bonus", p.bonus},
                    {"bonusMax", p.bonusMax}, {"hasEligibility", p.hasEligibility}, {"eligible", p.eligible},
                    {"eligibleBy", p.eligibleBy}};
        if (p.label) one["label"] = text2(*p.label);
        scores.push_back(std::move(one));
    }
    const FilingSummary& e = r.summary;
    const json doc = {
        {"cxjf.result", kVersion},
        {"status", to_string(r.status)},
        {"counts", {r.errors, r.warnings, r.explained}},
        {"envelope", r.envelope},
        {"findings", std::move(findings)},
        {"signature", {{"status", signature_name(s.status)}, {"alg", s.alg}, {"keyId", s.keyId}, {"signedAt", s.signedAt},
                       {"digest", s.signedDigest}, {"claimMatches", s.claimMatches}, {"differences", std::move(differences)}}},
        {"summary", {e.uscc, e.name, e.regionCode, e.industryCode, e.scaleDeclared, e.scaleDerived}},
        {"scores", std::move(scores)},
        {"sheet", r.sheet},
        {"sheetLang", r.sheetLang == Lang::zh ? "zh" : "en"},
        {"sheetOtherLang", r.sheetOtherLang}};
    return json_text(doc);
}

CheckResult read_result_transport(std::string_view text) {
    StrictRead read = read_strict_json(text, Limits{text.size() + 1, 64, text.size() + 1, 1'000'000, 0});
    if (read.error) throw std::runtime_error("result transport: not strict JSON (" + read.error->rule + ")");
    const json& doc = read.value;
    try {
        if (doc.at("cxjf.result").get<int>() != kVersion) throw std::runtime_error("result transport: another version");
        CheckResult r;
        r.status = status_of(doc.at("status").get<std::string>());
        const json& counts = doc.at("counts");
        r.errors = counts.at(0).get<int>();
        r.warnings = counts.at(1).get<int>();
        r.explained = counts.at(2).get<int>();
        r.envelope = doc.at("envelope").get<bool>();
        for (const auto& f : doc.at("findings")) {
            Finding finding;
            finding.rule = f.at("rule").get<std::string>();
            finding.variant = f.at("variant").get<std::string>();
            finding.severity = f.at("error").get<bool>() ? Severity::error : Severity::warning;
            finding.path = f.at("path").get<std::string>();
            finding.explained = f.at("explained").get<bool>();
            for (const auto& p : f.at("params"))
                finding.params.push_back(Param{p.at(0).get<std::string>(), kind_of(p.at(1).get<std::string>()),
                                               p.at(2).get<std::string>(), p.at(3).get<std::int64_t>()});
            r.findings.push_back(std::move(finding));
        }
        const json& s = doc.at("signature");
        SignatureInfo& info = r.signatureInfo;
        info.status = r.signature = signature_of(s.at("status").get<std::string>());
        info.alg = s.at("alg").get<std::string>();
        info.keyId = s.at("keyId").get<std::string>();
        info.signedAt = s.at("signedAt").get<std::string>();
        info.signedDigest = s.at("digest").get<std::string>();
        info.claimMatches = s.at("claimMatches").get<bool>();
        for (const auto& d : s.at("differences"))
            info.differences.push_back({d.at(0).get<std::string>(), d.at(1).get<std::string>(), d.at(2).get<std::string>()});
        const json& e = doc.at("summary");
        r.summary = FilingSummary{e.at(0).get<std::string>(), e.at(1).get<std::string>(), e.at(2).get<std::string>(),
                                  e.at(3).get<std::string>(), e.at(4).get<std::string>(), e.at(5).get<std::string>()};
        for (const auto& p : doc.at("scores")) {
            ProfileScore score;
            score.id = p.at("id").get<std::string>();
            score.title = read_text2(p.at("title"));
            score.kind = p.at("kind").get<std::string>();
            score.stage = p.at("stage").get<std::string>();
            score.stageTitle = read_text2(p.at("stageTitle"));
            score.score = p.at("score").get<double>();
            score.max = p.at("max").get<double>();
            score.bonus = p.at("bonus").get<double>();
            score.bonusMax = p.at("bonusMax").get<double>();
            score.hasEligibility = p.at("hasEligibility").get<bool>();
            score.eligible = p.at("eligible").get<bool>();
            score.eligibleBy = p.at("eligibleBy").get<std::string>();
            if (p.contains("label")) score.label = read_text2(p.at("label"));
            r.scores.push_back(std::move(score));
        }
        r.sheet = doc.at("sheet").get<std::vector<std::string>>();
        const std::string lang = doc.at("sheetLang").get<std::string>();
        if (lang != "zh" && lang != "en") throw std::runtime_error("result transport: unknown sheet language " + lang);
        r.sheetLang = lang == "zh" ? Lang::zh : Lang::en;
        r.sheetOtherLang = doc.at("sheetOtherLang").get<std::vector<std::string>>();
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("result transport: ") + e.what());
    }
}

}  // namespace cxjf
