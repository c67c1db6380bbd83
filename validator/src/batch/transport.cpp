// Results between a page's worker and its batch: written and read back member for member.
#include "cxjf/transport.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <stdexcept>

#include "../json_writer.hpp"

namespace cxjf {
namespace {

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

// A double written so that it reads back as the same double (scores: the percentiles rank base + bonus exactly).
void exact(JsonWriter& w, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    w.raw(buf);
}

void text2(JsonWriter& w, const Text2& t) { w.begin_array().value(t.zh).value(t.en).end_array(); }

void strings(JsonWriter& w, const std::vector<std::string>& list) {
    w.begin_array();
    for (const auto& s : list) w.value(s);
    w.end_array();
}

}  // namespace

// Written as it is read: member by member (a worker writes one per file, so no JSON tree is built for it).
std::string result_transport(const CheckResult& r) {
    JsonWriter w;
    w.text().reserve(4096);
    w.begin_object().member("cxjf.result", kVersion).member("status", to_string(r.status));
    w.key("counts").begin_array().value(r.errors).value(r.warnings).value(r.explained).end_array();
    w.member("envelope", r.envelope).key("findings").begin_array();
    for (const auto& f : r.findings) {
        w.begin_object().member("rule", f.rule).member("variant", f.variant).member("error", f.severity == Severity::error)
            .member("path", f.path).key("params").begin_array();
        for (const auto& p : f.params)
            w.begin_array().value(p.key).value(kind_name(p.kind)).value(p.text).value(static_cast<std::int64_t>(p.number)).end_array();
        w.end_array().member("explained", f.explained).end_object();
    }
    const SignatureInfo& s = r.signatureInfo;
    w.end_array().key("signature").begin_object().member("status", signature_name(s.status)).member("alg", s.alg)
        .member("keyId", s.keyId).member("signedAt", s.signedAt).member("digest", s.signedDigest)
        .member("claimMatches", s.claimMatches).key("differences").begin_array();
    for (const auto& d : s.differences) w.begin_array().value(d.field).value(d.claimed).value(d.actual).end_array();
    w.end_array().end_object().key("summary");
    const FilingSummary& e = r.summary;
    strings(w, {e.uscc, e.name, e.regionCode, e.industryCode, e.scaleDeclared, e.scaleDerived});
    w.key("scores").begin_array();
    for (const auto& p : r.scores) {
        w.begin_object().member("id", p.id).key("title");
        text2(w, p.title);
        w.member("kind", p.kind).member("stage", p.stage).key("stageTitle");
        text2(w, p.stageTitle);
        w.key("score");
        exact(w, p.score);
        w.key("max");
        exact(w, p.max);
        w.key("bonus");
        exact(w, p.bonus);
        w.key("bonusMax");
        exact(w, p.bonusMax);
        w.member("hasEligibility", p.hasEligibility).member("eligible", p.eligible).member("eligibleBy", p.eligibleBy);
        if (p.label) {
            w.key("label");
            text2(w, *p.label);
        }
        w.end_object();
    }
    w.end_array().key("sheet");
    strings(w, r.sheet);
    // The other language's row only where it differs (labels: 是/yes, 大型/large, …): most cells are the same.
    w.member("sheetLang", r.sheetLang == Lang::zh ? "zh" : "en").key("sheetOtherLang");
    if (r.sheetOtherLang.size() != r.sheet.size()) {
        strings(w, r.sheetOtherLang);  // (none, or not one per cell: as it is)
    } else {
        w.begin_object();
        for (std::size_t i = 0; i < r.sheet.size(); ++i)
            if (r.sheetOtherLang[i] != r.sheet[i]) w.member(std::to_string(i), r.sheetOtherLang[i]);
        w.end_object();
    }
    w.end_object();
    return std::move(w.text());
}

namespace {

// Reads back what result_transport() writes, member by member in its order, without building a JSON tree: the page's
// main thread reads one per file. Anything else is refused.
class TransportReader {
public:
    explicit TransportReader(std::string_view text) : t_(text) {}

    [[noreturn]] void bad() const {
        throw std::runtime_error("result transport: not one this engine writes (at byte " + std::to_string(at_) + ")");
    }
    void expect(char c) {
        if (at_ >= t_.size() || t_[at_] != c) bad();
        ++at_;
    }
    bool next(char c) {
        if (at_ < t_.size() && t_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    // "key": — keys are plain ASCII, never escaped. first: no comma before it.
    void key(std::string_view k, bool first = false) {
        if (!first) expect(',');
        expect('"');
        if (t_.substr(at_, k.size()) != k) bad();
        at_ += k.size();
        expect('"');
        expect(':');
    }
    bool peek_key(std::string_view k) const {
        return t_.substr(at_, k.size() + 2) == "," + std::string(1, '"') + std::string(k);
    }
    std::string text() {
        expect('"');
        std::string out;
        for (;;) {
            const std::size_t end = t_.find_first_of("\\\"", at_);
            if (end == std::string_view::npos) bad();
            out.append(t_.data() + at_, end - at_);
            at_ = end + 1;
            if (t_[end] == '"') return out;
            if (at_ >= t_.size()) bad();
            const char e = t_[at_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {  // JsonWriter writes \u00XX for control characters only
                    if (at_ + 4 > t_.size()) bad();
                    unsigned v = 0;
                    for (int k = 0; k < 4; ++k) {
                        const char h = t_[at_++];
                        v = v * 16 + (h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 99);
                        if (v > 0xFFFF) bad();
                    }
                    if (v >= 0x20) bad();
                    out += static_cast<char>(v);
                    break;
                }
                default: bad();
            }
        }
    }
    std::int64_t integer() {
        const std::size_t start = at_;
        if (next('-')) {}
        while (at_ < t_.size() && t_[at_] >= '0' && t_[at_] <= '9') ++at_;
        if (at_ == start || (at_ == start + 1 && t_[start] == '-')) bad();
        return std::stoll(std::string(t_.substr(start, at_ - start)));
    }
    double number() {
        const std::size_t start = at_;
        while (at_ < t_.size() && std::strchr("0123456789+-.eE", t_[at_]) && t_[at_] != '\0') ++at_;
        if (at_ == start) bad();
        const std::string token(t_.substr(start, at_ - start));
        char* end = nullptr;
        const double v = std::strtod(token.c_str(), &end);
        if (end != token.c_str() + token.size()) bad();
        return v;
    }
    bool boolean() {
        if (t_.substr(at_, 4) == "true") {
            at_ += 4;
            return true;
        }
        if (t_.substr(at_, 5) == "false") {
            at_ += 5;
            return false;
        }
        bad();
    }
    // [item, item, …] with each(reader) reading one item.
    template <class F>
    void array(F&& each) {
        expect('[');
        if (next(']')) return;
        do each(); while (next(','));
        expect(']');
    }
    std::vector<std::string> texts() {
        std::vector<std::string> out;
        array([&] { out.push_back(text()); });
        return out;
    }
    Text2 text2() {
        expect('[');
        Text2 t;
        t.zh = text();
        expect(',');
        t.en = text();
        expect(']');
        return t;
    }
    void end() {
        expect('}');
        if (at_ != t_.size()) bad();
    }

private:
    std::string_view t_;
    std::size_t at_ = 0;
};

}  // namespace

CheckResult read_result_transport(std::string_view text) {
    TransportReader in(text);
    CheckResult r;
    in.expect('{');
    in.key("cxjf.result", true);
    if (in.integer() != kVersion) throw std::runtime_error("result transport: another version");
    in.key("status");
    r.status = status_of(in.text());
    in.key("counts");
    in.expect('[');
    r.errors = static_cast<int>(in.integer());
    in.expect(',');
    r.warnings = static_cast<int>(in.integer());
    in.expect(',');
    r.explained = static_cast<int>(in.integer());
    in.expect(']');
    in.key("envelope");
    r.envelope = in.boolean();
    in.key("findings");
    in.array([&] {
        Finding f;
        in.expect('{');
        in.key("rule", true);
        f.rule = in.text();
        in.key("variant");
        f.variant = in.text();
        in.key("error");
        f.severity = in.boolean() ? Severity::error : Severity::warning;
        in.key("path");
        f.path = in.text();
        in.key("params");
        in.array([&] {
            Param p;
            in.expect('[');
            p.key = in.text();
            in.expect(',');
            p.kind = kind_of(in.text());
            in.expect(',');
            p.text = in.text();
            in.expect(',');
            p.number = in.integer();
            in.expect(']');
            f.params.push_back(std::move(p));
        });
        in.key("explained");
        f.explained = in.boolean();
        in.expect('}');
        r.findings.push_back(std::move(f));
    });
    in.key("signature");
    in.expect('{');
    SignatureInfo& info = r.signatureInfo;
    in.key("status", true);
    info.status = r.signature = signature_of(in.text());
    in.key("alg");
    info.alg = in.text();
    in.key("keyId");
    info.keyId = in.text();
    in.key("signedAt");
    info.signedAt = in.text();
    in.key("digest");
    info.signedDigest = in.text();
    in.key("claimMatches");
    info.claimMatches = in.boolean();
    in.key("differences");
    in.array([&] {
        const std::vector<std::string> d = in.texts();
        if (d.size() != 3) in.bad();
        info.differences.push_back({d[0], d[1], d[2]});
    });
    in.expect('}');
    in.key("summary");
    const std::vector<std::string> e = in.texts();
    if (e.size() != 6) in.bad();
    r.summary = FilingSummary{e[0], e[1], e[2], e[3], e[4], e[5]};
    in.key("scores");
    in.array([&] {
        ProfileScore score;
        in.expect('{');
        in.key("id", true);
        score.id = in.text();
        in.key("title");
        score.title = in.text2();
        in.key("kind");
        score.kind = in.text();
        in.key("stage");
        score.stage = in.text();
        in.key("stageTitle");
        score.stageTitle = in.text2();
        in.key("score");
        score.score = in.number();
        in.key("max");
        score.max = in.number();
        in.key("bonus");
        score.bonus = in.number();
        in.key("bonusMax");
        score.bonusMax = in.number();
        in.key("hasEligibility");
        score.hasEligibility = in.boolean();
        in.key("eligible");
        score.eligible = in.boolean();
        in.key("eligibleBy");
        score.eligibleBy = in.text();
        if (in.peek_key("label")) {
            in.key("label");
            score.label = in.text2();
        }
        in.expect('}');
        r.scores.push_back(std::move(score));
    });
    in.key("sheet");
    r.sheet = in.texts();
    in.key("sheetLang");
    const std::string lang = in.text();
    if (lang != "zh" && lang != "en") throw std::runtime_error("result transport: unknown sheet language " + lang);
    r.sheetLang = lang == "zh" ? Lang::zh : Lang::en;
    in.key("sheetOtherLang");
    if (in.next('{')) {  // the cells that differ from sheet's, by index
        r.sheetOtherLang = r.sheet;
        if (!in.next('}')) {
            do {
                const std::string index = in.text();
                in.expect(':');
                std::size_t at = 0;
                for (char c : index) {
                    if (c < '0' || c > '9' || at > r.sheet.size()) in.bad();
                    at = at * 10 + static_cast<std::size_t>(c - '0');
                }
                if (index.empty() || at >= r.sheet.size()) in.bad();
                r.sheetOtherLang[at] = in.text();
            } while (in.next(','));
            in.expect('}');
        }
    } else {
        r.sheetOtherLang = in.texts();
    }
    in.end();
    return r;
}

}  // namespace cxjf
