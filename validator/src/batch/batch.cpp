// The batch above the files: the registry on every file, duplicates and the file the sheet uses, peers, summary.
#include "cxjf/batch.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cxjf {
namespace {

// Seconds since 0000-03-01 of an ISO date-time with offset ("2025-06-20T10:15:30+08:00"), for ordering signing
// times written in different offsets; nullopt when it is not one.
std::optional<long long> instant(const std::string& t) {
    if (t.size() != 25 || t[10] != 'T' || (t[19] != '+' && t[19] != '-')) return std::nullopt;
    const auto d = Date::parse(t.substr(0, 10));
    if (!d) return std::nullopt;
    for (std::size_t at : {11, 14, 17, 20, 23})
        if (!std::isdigit(static_cast<unsigned char>(t[at])) || !std::isdigit(static_cast<unsigned char>(t[at + 1]))) return std::nullopt;
    auto num = [&](std::size_t at) { return (t[at] - '0') * 10 + (t[at + 1] - '0'); };
    const int y = d->month <= 2 ? d->year - 1 : d->year, m = d->month <= 2 ? d->month + 9 : d->month - 3;
    const long long days = 365LL * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d->day - 1;
    const long long offset = (num(20) * 60 + num(23)) * 60LL * (t[19] == '+' ? 1 : -1);
    return days * 86400 + num(11) * 3600 + num(14) * 60 + num(17) - offset;
}

// Why b (later in the batch) beats a as the row of their enterprise; nullopt when it does not.
std::optional<Precedence> beats(const CheckResult& b, const CheckResult& a) {
    const bool av = a.signature == SignatureStatus::valid, bv = b.signature == SignatureStatus::valid;
    if (av != bv) return bv ? std::optional<Precedence>(Precedence::validSignature) : std::nullopt;
    const auto at = instant(a.signatureInfo.signedAt), bt = instant(b.signatureInfo.signedAt);
    if (at && bt && *at != *bt) return *bt > *at ? std::optional<Precedence>(Precedence::laterSigning) : std::nullopt;
    return Precedence::laterFile;
}

// Why the chosen file beats `other`, wherever either stands in the batch.
Precedence why_chosen(const CheckResult& chosen, const CheckResult& other) {
    const bool cv = chosen.signature == SignatureStatus::valid, ov = other.signature == SignatureStatus::valid;
    if (cv != ov) return Precedence::validSignature;
    const auto ct = instant(chosen.signatureInfo.signedAt), ot = instant(other.signatureInfo.signedAt);
    if (ct && ot && *ct != *ot) return Precedence::laterSigning;
    return Precedence::laterFile;
}

const ProfileScore* estimate(const CheckResult& r) {
    for (const auto& s : r.scores)
        if (s.id == "innovation-points-estimate") return &s;
    return nullptr;
}

}  // namespace

const char* to_string(Precedence p) {
    switch (p) {
        case Precedence::chosen: return "chosen";
        case Precedence::validSignature: return "validSignature";
        case Precedence::laterSigning: return "laterSigning";
        case Precedence::laterFile: return "laterFile";
    }
    return "chosen";
}

bool path_before(std::string_view a, std::string_view b) {
    for (;;) {
        const auto ea = a.find('/'), eb = b.find('/');
        const std::string_view pa = a.substr(0, ea), pb = b.substr(0, eb);
        if (pa != pb) return pa < pb;
        if (ea == std::string_view::npos || eb == std::string_view::npos) return ea == std::string_view::npos && eb != std::string_view::npos;
        a.remove_prefix(ea + 1);
        b.remove_prefix(eb + 1);
    }
}

std::vector<std::size_t> batch_order(const std::vector<std::string>& paths) {
    std::vector<std::size_t> order(paths.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return path_before(paths[x], paths[y]); });
    return order;
}

Batch::Batch(const Engine& engine, Lang lang) : engine_(engine), lang_(lang) {}

void Batch::set(std::size_t index, BatchFile file) {
    if (index >= files_.size()) files_.resize(index + 1);
    if (registry_) apply_registry(file.result, registry_);
    files_[index] = std::move(file);
}

void Batch::setRegistry(const KeyRegistry* registry) {
    registry_ = registry;
    for (auto& f : files_)
        if (f) apply_registry(f->result, registry_);
}

const BatchFile* Batch::file(std::size_t index) const {
    return index < files_.size() && files_[index] ? &*files_[index] : nullptr;
}

std::vector<std::size_t> Batch::sheetRows() const {
    std::vector<std::size_t> rows;
    std::map<std::string, std::size_t> slotOf;
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (!files_[i] || files_[i]->result.sheet.empty()) continue;
        const CheckResult& r = files_[i]->result;
        const std::string key = r.summary.uscc.empty() ? "\x01" + std::to_string(i) : r.summary.uscc;
        auto [slot, fresh] = slotOf.emplace(key, rows.size());
        if (fresh) rows.push_back(i);
        else if (beats(r, files_[rows[slot->second]]->result)) rows[slot->second] = i;
    }
    return rows;
}

std::vector<DuplicateGroup> Batch::duplicates() const {
    std::map<std::string, std::vector<std::size_t>> byUscc;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (!files_[i] || files_[i]->result.sheet.empty() || files_[i]->result.summary.uscc.empty()) continue;
        auto& members = byUscc[files_[i]->result.summary.uscc];
        if (members.empty()) order.push_back(files_[i]->result.summary.uscc);
        members.push_back(i);
    }
    std::vector<DuplicateGroup> groups;
    for (const auto& uscc : order) {
        const auto& members = byUscc[uscc];
        if (members.size() < 2) continue;
        DuplicateGroup g;
        g.uscc = uscc;
        g.files = members;
        g.chosen = members[0];
        for (std::size_t k = 1; k < members.size(); ++k)
            if (beats(files_[members[k]]->result, files_[g.chosen]->result)) g.chosen = members[k];
        for (std::size_t m : members)
            g.why.push_back(m == g.chosen ? Precedence::chosen
                                          : why_chosen(files_[g.chosen]->result, files_[m]->result));
        groups.push_back(std::move(g));
    }
    return groups;
}

std::vector<std::optional<PeerRank>> Batch::peers() const {
    std::vector<PeerInput> inputs;
    std::vector<std::size_t> owners;
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (!files_[i]) continue;
        const CheckResult& r = files_[i]->result;
        if (const ProfileScore* s = estimate(r)) {
            inputs.push_back(PeerInput{r.summary.industryCode.substr(0, 1), s->stage, s->score + s->bonus});
            owners.push_back(i);
        }
    }
    std::vector<std::optional<PeerRank>> out(files_.size());
    const auto ranks = peer_percentiles(inputs);
    for (std::size_t k = 0; k < owners.size(); ++k) out[owners[k]] = ranks[k];
    return out;
}

BatchSummary Batch::summary() const {
    BatchSummary s;
    s.files = files_.size();
    for (const auto& f : files_) {
        if (!f) {
            ++s.pending;
            continue;
        }
        switch (f->result.status) {
            case Status::ok: ++s.ok; break;
            case Status::warnings: ++s.warnings; break;
            case Status::errors: ++s.errors; break;
            case Status::unreadable: ++s.unreadable; break;
        }
        s.ioFailures += f->ioFailure;
        switch (f->result.signature) {
            case SignatureStatus::valid: ++s.valid; break;
            case SignatureStatus::invalid: ++s.invalid; break;
            case SignatureStatus::unverified: ++s.unverified; break;
            case SignatureStatus::absent: ++s.absent; break;
        }
    }
    for (const auto& f : files_) {
        if (!f) continue;
        switch (key_verdict(f->result, registry_).state) {
            case KeyVerdict::State::registered: ++s.keyRegistered; break;
            case KeyVerdict::State::unknown: ++s.keyUnknown; break;
            case KeyVerdict::State::changed: ++s.keyChanged; break;
            case KeyVerdict::State::none: break;
        }
    }
    s.duplicateUsccs = duplicates().size();
    s.enterprises = sheetRows().size();
    std::size_t withRow = 0;
    for (const auto& f : files_) withRow += f && !f->result.sheet.empty();
    s.superseded = withRow - s.enterprises;
    return s;
}

KeysAdded Batch::withBatchKeys() const {
    KeysAdded out;
    if (registry_) out.registry = *registry_;
    std::map<std::string, std::set<std::string>> keysOf;
    for (const auto& f : files_)
        if (f && !f->result.summary.uscc.empty() && f->result.signature == SignatureStatus::valid)
            keysOf[f->result.summary.uscc].insert(f->result.signatureInfo.keyId);
    auto& known = out.registry.keyIdByUscc;
    for (const auto& [uscc, ids] : keysOf) {
        const auto registered = known.find(uscc);
        if (registered != known.end()) out.changed += ids.size() > 1 || *ids.begin() != registered->second;
        else if (ids.size() > 1) ++out.conflicting;
        else {
            known.emplace(uscc, *ids.begin());
            ++out.added;
        }
    }
    return out;
}

}  // namespace cxjf
