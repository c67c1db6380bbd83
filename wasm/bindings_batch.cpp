// The bureau engine's extra bindings (cxjf-bureau-engine): the batch above the files (cxjf::Batch), the results
// its workers carry to it (cxjf/transport.hpp), and the order a folder is read in. JSON text in, JSON text out;
// no C++ exception leaves this file (a failure comes back as {"error": "…"}).
//
//   checkStart(u8, optionsJson)        {"id", "verify": null | {"alg","publicKey","value","signedBytes"} (base64url)}:
//                                      the file checked, kept here; a well-formed signature is the page's to verify
//   checkFinishTransport(id, verdict)  that check with the verdict ("valid", "invalid"; "" none) applied
//                                      (cxjf::complete_signature), as a transport for the page's batch
//   unreadableTransport(failure, opts) a file the page could not hand over: {"kind":"io"|"tooLarge"|"timeUp",
//                                      "detail","bytes"} → the transport of Engine::unreadable's result
//   sortPaths(pathsJson)               [indexes] of '/'-separated paths in the order `cxjf check DIR` reads them
//   new Batch(lang)                    lang "zh" | "en": the sheet's labels and the reports' language
//     .set(index, name, transport)     the file's result (any order) → the file's view (below)
//     .setRegistry(text)               "" (set; every file's E-KEY-* made anew) or {"error"}; "" as text: none
//     .registry()                      the registry as cxjf.keys/1 text, "" when none
//     .fileView(index)                 result_json of the file as it is now, with "file"
//     .derived()                       {"rows", "duplicates": [{"uscc","files","why","chosen"}], "peers": [null|{…}],
//                                      "summary": {…}}
//     .sheetCsv() .findingsCsv()       the CSV bytes (a Uint8Array, BOM first): what `cxjf export --csv/--findings` writes
//     .sheetTable() .findingsTable()   {"header": [...], "rows": [[text | [number text]]]}: the XLSX writer's cells
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "cxjf/batch.hpp"
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

// A file the page could not hand to the engine: {"kind":"io"|"tooLarge"|"timeUp","detail","bytes"} and the options
// (their limits) → the transport of its result, the CLI's for that failure (Engine::unreadable).
std::string unreadableTransport(const std::string& failureJson, const std::string& options) {
    return answer([&] {
        const auto j = cxjf::wasm::parse(failureJson);
        if (!j.is_object()) throw std::invalid_argument("unreadable expects {kind, detail, bytes}");
        const std::string kind = j.value("kind", "");
        cxjf::ReadFailure f;
        if (kind == "io") f.kind = cxjf::ReadFailure::Kind::io;
        else if (kind == "tooLarge") f.kind = cxjf::ReadFailure::Kind::tooLarge;
        else if (kind == "timeUp") f.kind = cxjf::ReadFailure::Kind::timeUp;
        else throw std::invalid_argument("kind must be io, tooLarge or timeUp");
        const auto detail = j.value("detail", nlohmann::json(""));
        f.detail = detail.is_string() ? detail.get<std::string>() : cxjf::json_text(detail);
        const auto bytes = j.value("bytes", nlohmann::json(0));
        if (!bytes.is_number_unsigned()) throw std::invalid_argument("bytes must be a count");
        f.bytes = bytes.get<std::uint64_t>();
        return cxjf::result_transport(Engine::unreadable(f, cxjf::wasm::parse_options(options).limits));
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
            else w.value(cell.text);
        }
        w.end_array();
    }
    w.end_array().end_object();
}

class BatchBinding {
public:
    explicit BatchBinding(const std::string& lang)
        : batch_(Engine::builtin(), lang == "en" ? cxjf::Lang::en : cxjf::Lang::zh) {}

    std::string set(int index, const std::string& name, const std::string& transport) {
        return answer([&] {
            if (index < 0) throw std::invalid_argument("index must not be negative");
            batch_.set(static_cast<std::size_t>(index), cxjf::BatchFile{name, cxjf::read_result_transport(transport), false});
            return view(static_cast<std::size_t>(index));
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

    std::string registry() const { return registry_ ? registry_->to_json() + "\n" : std::string(); }

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
                w.end_object();
            }
            const cxjf::BatchSummary s = batch_.summary();
            w.end_array().key("summary").begin_object();
            for (const auto& [key, n] : {std::pair<const char*, std::size_t>{"files", s.files}, {"pending", s.pending}, {"ok", s.ok},
                                         {"warnings", s.warnings}, {"errors", s.errors}, {"unreadable", s.unreadable},
                                         {"valid", s.valid}, {"invalid", s.invalid}, {"unverified", s.unverified},
                                         {"absent", s.absent}, {"enterprises", s.enterprises}, {"superseded", s.superseded}})
                w.member(key, static_cast<std::int64_t>(n));
            w.end_object().end_object();
            return std::move(w.text());
        });
    }

    // Bytes, not text: a JS string made from UTF-8 would lose the BOM that tells Excel the file is UTF-8.
    emscripten::val sheetCsv() const { return bytes([&] { return cxjf::csv_bytes(batch_.sheet()); }); }
    emscripten::val findingsCsv() const { return bytes([&] { return cxjf::csv_bytes(batch_.findingsReport()); }); }
    std::string sheetTable() const { return answer([&] { return table(batch_.sheet()); }); }
    std::string findingsTable() const { return answer([&] { return table(batch_.findingsReport()); }); }

private:
    std::string view(std::size_t index) const {
        const cxjf::BatchFile* f = batch_.file(index);
        if (!f) throw std::invalid_argument("no file " + std::to_string(index) + " in the batch");
        return cxjf::result_json(Engine::builtin(), f->result, &f->name);
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

    cxjf::Batch batch_;
    std::optional<cxjf::KeyRegistry> registry_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(cxjf_batch) {
    emscripten::function("checkStart", &checkStart);
    emscripten::function("checkFinishTransport", &checkFinishTransport);
    emscripten::function("unreadableTransport", &unreadableTransport);
    emscripten::function("sortPaths", &sortPaths);
    emscripten::class_<BatchBinding>("Batch")
        .constructor<std::string>()
        .function("set", &BatchBinding::set)
        .function("setRegistry", &BatchBinding::setRegistry)
        .function("registry", &BatchBinding::registry)
        .function("fileView", &BatchBinding::fileView)
        .function("derived", &BatchBinding::derived)
        .function("sheetCsv", &BatchBinding::sheetCsv)
        .function("findingsCsv", &BatchBinding::findingsCsv)
        .function("sheetTable", &BatchBinding::sheetTable)
        .function("findingsTable", &BatchBinding::findingsTable);
}
