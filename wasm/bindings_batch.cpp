// The bureau engine's extra bindings (cxjf-bureau-engine): the batch above the files (cxjf::Batch), the results
// its workers carry to it (cxjf/transport.hpp), and the order a folder is read in. JSON text in, JSON text out;
// no C++ exception leaves this file (a failure comes back as {"error": "…"}).
//
//   checkStart(u8, optionsJson)        {"id", "verify": null | {"alg","publicKey","value","signedBytes"} (base64url)}:
//                                      the file checked, kept here; a well-formed signature is the page's to verify
//   checkFinishTransport(id, verdict)  that check with the verdict ("valid", "invalid"; "" none) applied
//                                      (cxjf::complete_signature), as a transport for the page's batch
//   unreadableTransport(failure, opts) a file that never reached checkStart (unreadable, too large, the engine
//                                      failed): {"kind":"io"|"tooLarge"|"timeUp"|"internal","detail","bytes"} →
//                                      the transport of Engine::unreadable's result
//   sortPaths(pathsJson)               [indexes] of '/'-separated paths in the order `cxjf check DIR` reads them
//   usccCheckChar(first17)             the GB 32100 check character ("" when a character is outside the set)
//   orgCodeCheckChar(first8)           the GB 11714 check character of an organisation code ("" likewise)
//   scaleOf(figuresJson)               {"industryCode","employees","revenue","mainBusinessRevenue","totalAssets"} →
//                                      the size class R-SCALE derives ("large"|"medium"|"small"|"micro"|"")
//   new Batch(lang)                    lang "zh" | "en": the sheet's labels and the reports' language
//     .set(index, name, transport)     the file's result (any order) → the file's row (below)
//     .row(index)                      what a table shows of the file: {"file","status","counts","signature"
//                                      (its status),"key" (the registry's verdict),"uscc","name","region",
//                                      "industry","scores"} — the view without findings and sheet row
//     .summary()                       {"summary": {…}, "registry": null | {"enterprises"}}: derived()'s, alone
//     .resize(n)                       the batch holds n files; those not set yet are pending
//     .setRegistry(text)               "" (set; every file's E-KEY-* made anew) or {"error"}; "" as text: none
//     .registry()                      the registry as cxjf.keys/1 text, "" when none
//     .acceptKey(uscc, keyId)          registers that key for the USCC (the clerk checked its receipt) → ""
//     .addBatchKeys()                  registers the batch's keys (Batch::withBatchKeys) → {"added","changed","conflicting"}
//     .fileView(index)                 result_json of the file as it is now, with "file", its sheet row made anew
//                                      in the batch's language and "key": {"state": none|registered|unknown|changed,
//                                      "registered": the registry's key ID when changed}
//     .derived()                       {"rows", "duplicates": [{"uscc","files","why","chosen"}], "peers": [null|{…,
//                                      "percentileText", "overallPercentileText"}], "summary": {…},
//                                      "registry": null | {"enterprises"}}
//     .sheetCsv() .findingsCsv()       the CSV bytes (a Uint8Array, BOM first): what `cxjf export --csv/--findings` writes
//     .sheetTable() .findingsTable()   {"header": [...], "rows": [[text | [number text]]]}: the XLSX writer's cells
//                                      (text as a spreadsheet cell holds it: xlsx_cell_text)
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "codes.hpp"
#include "cxjf/batch.hpp"
#include "cxjf/sheet.hpp"
#include "cxjf/report.hpp"
#include "cxjf/transport.hpp"
#include "json_writer.hpp"
#include "options.hpp"
#include "signing/base64url.hpp"
#include "signing/jcs.hpp"
#include "pending.hpp"
#include "strict_json.hpp"

namespace {

using cxjf::Engine;
using cxjf::JsonWriter;

std::string error_json(const char* what) {
    JsonWriter w;
    w.begin_object().member("error", what).end_object();
    return std::move(w.text());
}

template <class Fn>
std::string answer(Fn&& fn) {
    try {
        return fn();
    } catch (const std::exception& e) {
        return error_json(e.what());
    } catch (...) {
        return error_json("unknown exception");
    }
}

// ---- verification in two steps, with the result kept here in the meantime (nothing rebuilt from a report) ------

std::string checkStart(const emscripten::val& bytes, const std::string& options) {
    return cxjf::wasm::guarded([&] {
        const cxjf::wasm::PageOptions o = cxjf::wasm::parse_options(options);
        if (!o.verdict.empty()) throw cxjf::wasm::OptionsError("checkStart takes no verdict");
        const int id = pending_results().put(cxjf::wasm::check_bytes("checkStart", bytes, o), o);
        const cxjf::SignatureInfo& s = pending_results().get(id).result.signatureInfo;
        JsonWriter w;
        w.begin_object().member("id", static_cast<std::int64_t>(id)).key("verify");
        if (s.status != cxjf::SignatureStatus::unverified) w.raw("null");
        else
            w.begin_object().member("alg", s.alg).member("publicKey", s.publicKey).member("value", s.value)
                .member("signedBytes", cxjf::base64url_encode(s.signedBytes)).end_object();
        w.end_object();
        return std::move(w.text());
    });
}

std::string checkFinishTransport(int id, const std::string& verdict) {
    return answer([&] { return cxjf::result_transport(pending_results().finish(id, verdict)); });
}

// A file the page or a worker could not hand to checkStart (parse_failure) and the options (their limits) → the
// transport of its result, the CLI's for that failure (Engine::unreadable).
std::string unreadableTransport(const std::string& failureJson, const std::string& options) {
    return answer([&] {
        return cxjf::result_transport(Engine::unreadable(cxjf::wasm::parse_failure(failureJson), cxjf::wasm::parse_options(options).limits));
    });
}

std::string usccCheckChar(const std::string& first17) {
    const auto c = first17.size() == 17 ? cxjf::uscc_check_char(first17) : std::nullopt;
    return c ? std::string(1, *c) : std::string();
}

std::string orgCodeCheckChar(const std::string& first8) {
    const auto c = first8.size() == 8 ? cxjf::org_code_check_char(first8) : std::nullopt;
    return c ? std::string(1, *c) : std::string();
}

std::string scaleOf(const std::string& figuresJson) {
    return answer([&] {
        const cxjf::StrictRead read = cxjf::read_strict_json(figuresJson, cxjf::Limits{});
        if (read.error || !read.value.is_object()) throw std::invalid_argument("scaleOf expects an object of figures");
        const auto& j = read.value;
        auto count = [&](const char* key) {
            const auto it = j.find(key);
            if (it == j.end()) return std::int64_t{0};
            if (!it->is_number_integer()) throw std::invalid_argument(std::string(key) + " must be an integer");
            return it->get<std::int64_t>();
        };
        const auto code = j.find("industryCode");
        if (code == j.end() || !code->is_string()) throw std::invalid_argument("industryCode must be a string");
        const std::string scale = Engine::builtin().scaleOf(cxjf::ScaleFigures{code->get<std::string>(), count("employees"), count("revenue"),
                                                                                count("mainBusinessRevenue"), count("totalAssets")});
        JsonWriter w;
        w.value(scale);
        return std::move(w.text());
    });
}

std::string sortPaths(const std::string& pathsJson) {
    return answer([&] {
        const cxjf::StrictRead read = cxjf::read_strict_json(pathsJson, cxjf::Limits{pathsJson.size() + 1, 4, 1 << 16, 10'000'000, 0});
        if (read.error || !read.value.is_array()) throw std::invalid_argument("sortPaths expects an array of paths");
        std::vector<std::string> paths;
        for (const auto& p : read.value) {
            if (!p.is_string()) throw std::invalid_argument("sortPaths expects an array of paths");
            paths.push_back(p.get<std::string>());
        }
        JsonWriter w;
        w.begin_array();
        for (std::size_t i : cxjf::batch_order(paths)) w.value(static_cast<std::int64_t>(i));
        w.end_array();
        return std::move(w.text());
    });
}

void write_table(JsonWriter& w, const cxjf::Table& t) {
    w.begin_object().key("header").begin_array();
    for (const auto& h : t.header) w.value(h);
    w.end_array().key("rows").begin_array();
    for (const auto& row : t.rows) {
        w.begin_array();
        for (const auto& cell : row) {
            if (cell.number) w.begin_array().value(cell.text).end_array();  // a number: [text]
            else w.value(cxjf::xlsx_cell_text(cell.text));
        }
        w.end_array();
    }
    w.end_array().end_object();
}

class BatchBinding {
public:
    explicit BatchBinding(const std::string& lang)
        : lang_(lang == "en" ? cxjf::Lang::en : cxjf::Lang::zh), batch_(Engine::builtin(), lang_) {}

    std::string set(int index, const std::string& name, const std::string& transport) {
        return answer([&] {
            if (index < 0) throw std::invalid_argument("index must not be negative");
            batch_.set(static_cast<std::size_t>(index), cxjf::BatchFile{name, cxjf::read_result_transport(transport), false});
            return row(static_cast<std::size_t>(index));
        });
    }

    std::string rowOf(int index) const {
        return answer([&] { return row(static_cast<std::size_t>(index)); });
    }

    std::string summary() const {
        return answer([&] {
            JsonWriter w;
            w.begin_object();
            write_summary(w);
            w.end_object();
            return std::move(w.text());
        });
    }

    std::string setRegistry(const std::string& text) {
        return answer([&] {
            if (text.empty()) registry_.reset();
            else registry_ = cxjf::KeyRegistry::parse(text);  // the CLI's reader: one registry file, one verdict
            batch_.setRegistry(registry_ ? &*registry_ : nullptr);
            return std::string();
        });
    }

    void resize(int size) { batch_.resize(static_cast<std::size_t>(size < 0 ? 0 : size)); }

    std::string registry() const { return registry_ ? registry_->to_json() + "\n" : std::string(); }

    std::string acceptKey(const std::string& uscc, const std::string& keyId) {
        return answer([&] {
            if (uscc.empty() || keyId.empty()) throw std::invalid_argument("acceptKey needs a USCC and a key ID");
            if (!registry_) registry_.emplace();
            registry_->keyIdByUscc[uscc] = keyId;
            batch_.setRegistry(&*registry_);
            return std::string();
        });
    }

    std::string addBatchKeys() {
        return answer([&] {
            cxjf::KeysAdded added = batch_.withBatchKeys();
            registry_ = std::move(added.registry);
            batch_.setRegistry(&*registry_);
            JsonWriter w;
            w.begin_object().member("added", static_cast<std::int64_t>(added.added))
                .member("changed", static_cast<std::int64_t>(added.changed))
                .member("conflicting", static_cast<std::int64_t>(added.conflicting)).end_object();
            return std::move(w.text());
        });
    }

    std::string fileView(int index) const {
        return answer([&] { return view(static_cast<std::size_t>(index)); });
    }

    std::string derived() const {
        return answer([&] {
            JsonWriter w;
            w.begin_object().key("rows").begin_array();
            for (std::size_t i : batch_.sheetRows()) w.value(static_cast<std::int64_t>(i));
            w.end_array().key("duplicates").begin_array();
            for (const auto& g : batch_.duplicates()) {
                w.begin_object().member("uscc", g.uscc).key("files").begin_array();
                for (std::size_t f : g.files) w.value(static_cast<std::int64_t>(f));
                w.end_array().key("why").begin_array();
                for (auto why : g.why) w.value(cxjf::to_string(why));
                w.end_array().member("chosen", static_cast<std::int64_t>(g.chosen)).end_object();
            }
            w.end_array().key("peers").begin_array();
            for (const auto& p : batch_.peers()) {
                if (!p) {
                    w.raw("null");
                    continue;
                }
                w.begin_object().member("group", p->group).member("groupSize", static_cast<std::int64_t>(p->groupSize));
                w.key("percentile").number(p->percentile);
                w.member("overallSize", static_cast<std::int64_t>(p->overallSize));
                w.key("overallPercentile").number(p->overallPercentile);
                w.member("percentileText", cxjf::percent_text(p->percentile));
                w.member("overallPercentileText", cxjf::percent_text(p->overallPercentile));
                w.end_object();
            }
            w.end_array();
            write_summary(w);
            w.end_object();
            return std::move(w.text());
        });
    }

    // Bytes, not text: a JS string made from UTF-8 would lose the BOM that tells Excel the file is UTF-8.
    emscripten::val sheetCsv() const { return bytes([&] { return cxjf::csv_bytes(batch_.sheet()); }); }
    emscripten::val findingsCsv() const { return bytes([&] { return cxjf::csv_bytes(batch_.findingsReport()); }); }
    std::string sheetTable() const { return answer([&] { return table(batch_.sheet()); }); }
    std::string findingsTable() const { return answer([&] { return table(batch_.findingsReport()); }); }

private:
    // "summary": the engine's counts of the batch, "registry": null or {"enterprises"}.
    void write_summary(JsonWriter& w) const {
        const cxjf::BatchSummary s = batch_.summary();
        w.key("summary").begin_object();
        for (const auto& [key, n] : {std::pair<const char*, std::size_t>{"files", s.files}, {"pending", s.pending}, {"ok", s.ok},
                                     {"warnings", s.warnings}, {"errors", s.errors}, {"unreadable", s.unreadable},
                                     {"valid", s.valid}, {"invalid", s.invalid}, {"unverified", s.unverified},
                                     {"absent", s.absent}, {"enterprises", s.enterprises}, {"superseded", s.superseded},
                                     {"duplicateUsccs", s.duplicateUsccs}, {"keyRegistered", s.keyRegistered},
                                     {"keyUnknown", s.keyUnknown}, {"keyChanged", s.keyChanged}})
            w.member(key, static_cast<std::int64_t>(n));
        w.end_object().key("registry");
        if (registry_) w.begin_object().member("enterprises", static_cast<std::int64_t>(registry_->keyIdByUscc.size())).end_object();
        else w.raw("null");
    }

    // What a table shows of a file: its status and counts, signature and the registry's verdict, identity, the
    // region's and industry's names (its sheet row's cells) and the pre-scores — the view without findings or row.
    std::string row(std::size_t index) const {
        const cxjf::BatchFile* f = batch_.file(index);
        if (!f) throw std::invalid_argument("no file " + std::to_string(index) + " in the batch");
        const cxjf::CheckResult& r = f->result;
        static const std::pair<std::size_t, std::size_t> columns = [] {
            const auto& columns = Engine::builtin().sheetColumns();
            std::size_t a = columns.size(), b = columns.size();
            for (std::size_t c = 0; c < columns.size(); ++c) {
                if (columns[c].key == "region") a = c;
                if (columns[c].key == "industry") b = c;
            }
            return std::pair{a, b};
        }();
        const auto [region, industry] = columns;
        JsonWriter w;
        w.begin_object().member("file", cxjf::file_name_text(f->name)).member("status", cxjf::to_string(r.status));
        w.key("counts").begin_object().member("errors", r.errors).member("warnings", r.warnings).member("explained", r.explained).end_object();
        w.member("signature", cxjf::to_string(r.signature)).member("key", cxjf::to_string(cxjf::key_verdict(r, batch_.registry()).state));
        w.member("uscc", r.summary.uscc).member("name", r.summary.name);
        w.member("region", region < r.sheet.size() ? r.sheet[region] : std::string());
        w.member("industry", industry < r.sheet.size() ? r.sheet[industry] : std::string());
        w.key("scores").raw(cxjf::scores_summary_json(r));
        w.end_object();
        return std::move(w.text());
    }

    std::string view(std::size_t index) const {
        const cxjf::BatchFile* f = batch_.file(index);
        if (!f) throw std::invalid_argument("no file " + std::to_string(index) + " in the batch");
        cxjf::CheckResult now = f->result;  // its row as the sheet has it now, in this batch's language
        now.sheet = cxjf::sheet_cells(Engine::builtin(), f->result, lang_);
        now.sheetOtherLang.clear();
        const cxjf::KeyVerdict key = cxjf::key_verdict(f->result, batch_.registry());
        JsonWriter w;
        w.begin_object().member("state", cxjf::to_string(key.state));
        if (!key.registered.empty()) w.member("registered", key.registered);
        w.end_object();
        return cxjf::result_json_open(Engine::builtin(), now, &f->name) + ",\"key\":" + w.text() + "}";
    }
    // A Uint8Array copy of the bytes, or the {"error"} text when making them failed.
    template <class Fn>
    static emscripten::val bytes(Fn&& fn) {
        std::string out;
        try {
            out = fn();
        } catch (const std::exception& e) {
            return emscripten::val(error_json(e.what()));
        }
        return emscripten::val::global("Uint8Array").new_(emscripten::typed_memory_view(out.size(), reinterpret_cast<const unsigned char*>(out.data())));
    }
    static std::string table(const cxjf::Table& t) {
        JsonWriter w;
        write_table(w, t);
        return std::move(w.text());
    }

    cxjf::Lang lang_;
    cxjf::Batch batch_;
    std::optional<cxjf::KeyRegistry> registry_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(cxjf_batch) {
    emscripten::function("checkStart", &checkStart);
    emscripten::function("checkFinishTransport", &checkFinishTransport);
    emscripten::function("unreadableTransport", &unreadableTransport);
    emscripten::function("sortPaths", &sortPaths);
    emscripten::function("usccCheckChar", &usccCheckChar);
    emscripten::function("orgCodeCheckChar", &orgCodeCheckChar);
    emscripten::function("scaleOf", &scaleOf);
    emscripten::class_<BatchBinding>("Batch")
        .constructor<std::string>()
        .function("set", &BatchBinding::set)
        .function("resize", &BatchBinding::resize)
        .function("row", &BatchBinding::rowOf)
        .function("summary", &BatchBinding::summary)
        .function("setRegistry", &BatchBinding::setRegistry)
        .function("registry", &BatchBinding::registry)
        .function("acceptKey", &BatchBinding::acceptKey)
        .function("addBatchKeys", &BatchBinding::addBatchKeys)
        .function("fileView", &BatchBinding::fileView)
        .function("derived", &BatchBinding::derived)
        .function("sheetCsv", &BatchBinding::sheetCsv)
        .function("findingsCsv", &BatchBinding::findingsCsv)
        .function("sheetTable", &BatchBinding::sheetTable)
        .function("findingsTable", &BatchBinding::findingsTable);
}
