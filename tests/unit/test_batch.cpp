// The batch module (everything above one file) and verification in two steps.
#include <doctest/doctest.h>

#include "cxjf/native_crypto.hpp"
#include "cxjf/batch.hpp"
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"
#include "cxjf/transport.hpp"
#include "fixtures.hpp"

using namespace cxjf;
using fixtures::clean_filing;
using fixtures::json;

namespace {

const crypto::NativeVerifier verifier;

CheckOptions options(const KeyRegistry* keys = nullptr) {
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    o.sheet = true;
    o.scores = ScoreDetail::summary;
    o.verifier = &verifier;
    o.keys = keys;
    return o;
}

// Through the core's Signer interface, as `cxjf sign` signs.
std::string sign(const crypto::PrivateKey& key, const json& filing, const std::string& signedAt) {
    SigningInput in;
    in.signedAt = in.checkedAt = signedAt;
    CheckOptions o;
    o.checkDate = fixtures::kCheckDate;
    const SignedEnvelope s = sign_envelope(Engine::builtin(), filing.dump(), crypto::NativeSigner(key), in, o);
    REQUIRE(s.prepared.signable);
    REQUIRE_FALSE(s.envelope.empty());
    return s.envelope;
}

BatchFile file(const std::string& name, const std::string& text, const CheckOptions& o = options()) {
    return BatchFile{name, Engine::builtin().check(text, o), false};
}

std::string column(const Table& t, std::size_t row, const std::string& key) {
    const auto& columns = Engine::builtin().sheetColumns();
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].key == key) return t.rows.at(row).at(c).text;
    return "<no column>";
}

}  // namespace

TEST_CASE("batch: one row per USCC; a valid signature, then the later signing instant, then the later file wins") {
    const auto key = crypto::generate_key("Ed25519");
    json older = clean_filing(), newer = clean_filing(), other = clean_filing();
    const auto tax = older["annual"][2]["taxPaid"].get<std::int64_t>();
    older["annual"][2]["taxPaid"] = tax + 1;
    newer["annual"][2]["taxPaid"] = tax + 2;
    other["enterprise"]["uscc"] = "91350206094186378M";
    other["enterprise"]["name"] = "另一家科技有限公司";
    Batch batch(Engine::builtin(), Lang::zh);
    // Set out of order: results arrive as workers finish.
    batch.set(3, file("d-unsigned.json", newer.dump()));
    batch.set(0, file("a-signed-10h.json", sign(key, older, "2025-06-20T10:00:00+08:00")));
    // 09:30 at +07:00 is 10:30 at +08:00: later as an instant though earlier as text.
    batch.set(1, file("b-signed-1030.json", sign(key, newer, "2025-06-20T09:30:00+07:00")));
    batch.set(2, file("c-other.json", other.dump()));
    batch.set(4, file("e-broken.json", "{"));

    CHECK(batch.sheetRows() == std::vector<std::size_t>{1, 2});
    const auto groups = batch.duplicates();
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].files == std::vector<std::size_t>{0, 1, 3});
    CHECK(groups[0].chosen == 1);
    CHECK(groups[0].why == std::vector<Precedence>{Precedence::laterSigning, Precedence::chosen, Precedence::validSignature});
    const Table sheet = batch.sheet();
    REQUIRE(sheet.rows.size() == 2);
    // The later signed file's figure (in 万元, exact to the 元).
    CHECK(column(sheet, 0, "taxPaid2024") == std::to_string((tax + 2) / 10000) + "." + std::to_string((tax + 2) % 10000 + 10000).substr(1));
    const BatchSummary s = batch.summary();
    CHECK(s.files == 5);
    CHECK(s.enterprises == 2);
    CHECK(s.superseded == 2);
    CHECK(s.unreadable == 1);
    CHECK(s.valid == 2);
    CHECK(s.absent == 3);

    // Equal instants and both unsigned: the later file.
    Batch plain(Engine::builtin(), Lang::zh);
    plain.set(0, file("x.json", older.dump()));
    plain.set(1, file("y.json", newer.dump()));
    CHECK(plain.sheetRows() == std::vector<std::size_t>{1});
    CHECK(plain.duplicates()[0].why == std::vector<Precedence>{Precedence::laterFile, Precedence::chosen});
}

TEST_CASE("batch: a registry applied to results already checked adds E-KEY-*, recounts, and is replaced by the next") {
    const auto key = crypto::generate_key("Ed25519");
    const auto other = crypto::generate_key("Ed25519");
    const json filing = clean_filing();
    const std::string uscc = filing["enterprise"]["uscc"].get<std::string>();
    Batch batch(Engine::builtin(), Lang::en);
    batch.set(0, file("a.json", sign(key, filing, "2025-06-20T10:00:00+08:00")));
    REQUIRE(batch.file(0)->result.status == Status::ok);

    KeyRegistry changed;
    changed.keyIdByUscc[uscc] = key_id(other.publicKey);
    batch.setRegistry(&changed);
    const CheckResult& r = batch.file(0)->result;
    CHECK(r.status == Status::errors);
    CHECK(r.errors == 1);
    CHECK(r.findings.back().rule == "E-KEY-CHANGED");
    CHECK(column(batch.sheet(), 0, "status") == "errors");  // the row's status cell follows the registry

    KeyRegistry empty;
    batch.setRegistry(&empty);
    CHECK(batch.file(0)->result.findings.size() == 1);
    CHECK(batch.file(0)->result.findings[0].rule == "E-KEY-UNKNOWN");
    CHECK(batch.file(0)->result.status == Status::warnings);
    batch.setRegistry(nullptr);
    CHECK(batch.file(0)->result.findings.empty());
    CHECK(batch.file(0)->result.status == Status::ok);

    // The same as check() with the registry given up front.
    const CheckResult direct = Engine::builtin().check(sign(key, filing, "2025-06-20T10:00:00+08:00"), options(&changed));
    batch.setRegistry(&changed);
    CHECK(direct.findings.size() == batch.file(0)->result.findings.size());
    CHECK(direct.status == batch.file(0)->result.status);
}

TEST_CASE("verification in two steps gives check()'s result: a verdict applied later, the claim compared") {
    const auto key = crypto::generate_key("Ed25519");
    const std::string envelope = sign(key, clean_filing(), "2025-06-20T10:00:00+08:00");
    CheckOptions pending = options();
    pending.verifier = nullptr;
    CheckResult r = Engine::builtin().check(envelope, pending);
    REQUIRE(r.signature == SignatureStatus::unverified);
    CHECK_FALSE(r.signatureInfo.claimed.empty());
    const CheckResult direct = Engine::builtin().check(envelope, options());
    complete_signature(r, verifier.verify(r.signatureInfo.alg, key.publicKey, r.signatureInfo.signedBytes,
                                          *base64url_decode(r.signatureInfo.value)), pending);
    CHECK(r.signature == SignatureStatus::valid);
    CHECK(r.status == direct.status);
    CHECK(r.signatureInfo.claimMatches);
    CHECK(sheet_cells(Engine::builtin(), r, Lang::zh) == direct.sheet);

    CheckResult bad = Engine::builtin().check(envelope, pending);
    complete_signature(bad, false, pending);
    CHECK(bad.signature == SignatureStatus::invalid);
    REQUIRE(bad.findings.size() == 1);
    CHECK(bad.findings[0].rule == "E-SIGNATURE");
    CHECK(bad.findings[0].variant == "mismatch");
    CHECK(bad.status == Status::warnings);
    complete_signature(bad, true, pending);  // a result already judged is left as it is
    CHECK(bad.signature == SignatureStatus::invalid);
}

TEST_CASE("batch: the sheet and findings report as inert cells; CSV bytes quote and keep numbers raw") {
    json filing = clean_filing();
    filing["enterprise"]["name"] = "=HYPERLINK(\"x\",\"y\")";
    Batch batch(Engine::builtin(), Lang::zh);
    batch.set(0, file("a,\"b\".json", filing.dump()));
    const Table sheet = batch.sheet();
    CHECK(column(sheet, 0, "name") == "'=HYPERLINK(\"x\",\"y\")");
    const std::string csv = csv_bytes(sheet);
    CHECK(csv.rfind("\xEF\xBB\xBF统一社会信用代码,", 0) == 0);
    CHECK(csv.find(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",") != std::string::npos);
    const Table report = batch.findingsReport();
    REQUIRE(report.rows.size() == 1);  // a file without findings has one row
    CHECK(report.rows[0][0].text == "a,\"b\".json");
    CHECK(report.rows[0][3].text == "通过");
    CHECK(csv_bytes(report).find("\"a,\"\"b\"\".json\"") != std::string::npos);
}

TEST_CASE("a result carried to another engine reads back as the same result") {
    const auto key = crypto::generate_key("Ed25519");
    json odd = clean_filing();
    odd["enterprise"]["name"] = "名\u0000\"\\x";
    odd["annual"][1]["revenue"] = -5;
    odd["extra"] = 1;
    for (const std::string& text : {clean_filing().dump(), odd.dump(), std::string("{\"a\":1,\"a\":2}"),
                                    sign(key, clean_filing(), "2025-06-20T10:00:00+08:00")}) {
        const CheckResult r = Engine::builtin().check(text, options());
        const CheckResult back = read_result_transport(result_transport(r));
        CHECK(result_json(Engine::builtin(), back) == result_json(Engine::builtin(), r));
        CHECK(result_transport(back) == result_transport(r));
    }
    CHECK_THROWS_AS(read_result_transport("{\"cxjf.result\":2}"), std::runtime_error);
    CHECK_THROWS_AS(read_result_transport("{\"cxjf.result\":1}"), std::runtime_error);
    CHECK_THROWS_AS(read_result_transport("not json"), std::runtime_error);
}

TEST_CASE("a row checked in both languages gives each language's sheet without another check, and travels so") {
    json filing = clean_filing();
    filing["enterprise"]["strategicEmergingIndustry"] = true;
    CheckOptions both = options();
    both.sheetBothLangs = true;
    const CheckResult r = Engine::builtin().check(filing.dump(), both);
    CheckOptions en = options();
    en.sheetLang = Lang::en;
    const CheckResult direct = Engine::builtin().check(filing.dump(), en);
    CHECK(sheet_cells(Engine::builtin(), r, Lang::en) == direct.sheet);
    CHECK(sheet_cells(Engine::builtin(), r, Lang::zh) == Engine::builtin().check(filing.dump(), options()).sheet);
    CHECK(sheet_cells(Engine::builtin(), r, Lang::en) != sheet_cells(Engine::builtin(), r, Lang::zh));  // 是 / yes
    const CheckResult back = read_result_transport(result_transport(r));
    CHECK(back.sheetOtherLang == r.sheetOtherLang);
    CHECK(sheet_cells(Engine::builtin(), back, Lang::en) == direct.sheet);
    Batch batch(Engine::builtin(), Lang::en);
    batch.set(0, BatchFile{"a.json", back, false});
    Batch plain(Engine::builtin(), Lang::en);
    plain.set(0, BatchFile{"a.json", direct, false});
    CHECK(csv_bytes(batch.sheet()) == csv_bytes(plain.sheet()));
}

TEST_CASE("the registry's verdict per file, its counts, and a registry made from a batch") {
    const auto key = crypto::generate_key("Ed25519");
    const auto other = crypto::generate_key("Ed25519");
    json a = clean_filing(), b = clean_filing();
    b["enterprise"]["uscc"] = "91350206094186378M";
    const std::string usccA = a["enterprise"]["uscc"].get<std::string>();
    Batch batch(Engine::builtin(), Lang::zh);
    batch.set(0, file("a1.json", sign(key, a, "2025-06-20T10:00:00+08:00")));
    batch.set(1, file("a2.json", sign(other, a, "2025-06-21T10:00:00+08:00")));
    batch.set(2, file("b.json", sign(key, b, "2025-06-20T10:00:00+08:00")));
    batch.set(3, file("unsigned.json", a.dump()));
    CHECK(key_verdict(batch.file(0)->result, nullptr).state == KeyVerdict::State::none);

    // A USCC with two keys in the batch is left out; the other is registered.
    KeysAdded first = batch.withBatchKeys();
    CHECK(first.added == 1);
    CHECK(first.conflicting == 1);
    CHECK(first.changed == 0);
    CHECK(first.registry.keyIdByUscc.count(usccA) == 0);
    batch.setRegistry(&first.registry);
    BatchSummary s = batch.summary();
    CHECK(s.keyRegistered == 1);
    CHECK(s.keyUnknown == 2);
    CHECK(s.keyChanged == 0);
    CHECK(s.duplicateUsccs == 1);

    KeyRegistry registry = first.registry;
    registry.keyIdByUscc[usccA] = key_id(key.publicKey);
    batch.setRegistry(&registry);
    const KeyVerdict changed = key_verdict(batch.file(1)->result, &registry);
    CHECK(changed.state == KeyVerdict::State::changed);
    CHECK(changed.registered == key_id(key.publicKey));
    CHECK(key_verdict(batch.file(0)->result, &registry).state == KeyVerdict::State::registered);
    CHECK(key_verdict(batch.file(3)->result, &registry).state == KeyVerdict::State::none);
    s = batch.summary();
    CHECK(s.keyRegistered == 2);
    CHECK(s.keyChanged == 1);
    // Registered already: a changed key is counted, never registered over the one with a receipt.
    const KeysAdded again = batch.withBatchKeys();
    CHECK(again.added == 0);
    CHECK(again.changed == 1);
    CHECK(again.registry.keyIdByUscc.at(usccA) == key_id(key.publicKey));
}

TEST_CASE("Engine::scaleOf is R-SCALE's derivation: the class check() reports for a filing") {
    const json filing = clean_filing();
    const CheckResult r = Engine::builtin().check(filing.dump(), options());
    REQUIRE_FALSE(r.summary.scaleDerived.empty());
    const json& latest = filing["annual"][2];
    ScaleFigures f{filing["enterprise"]["industryCode"].get<std::string>(), latest["employees"].get<std::int64_t>(),
                   latest["revenue"].get<std::int64_t>(), latest.value("mainBusinessRevenue", std::int64_t{0}),
                   latest["totalAssets"].get<std::int64_t>()};
    CHECK(Engine::builtin().scaleOf(f) == r.summary.scaleDerived);
    f.employees = 5000;
    f.revenue = f.mainBusinessRevenue = 5'000'000'000;
    f.totalAssets = 5'000'000'000;
    CHECK(Engine::builtin().scaleOf(f) == "large");
    f.employees = 1;
    f.revenue = f.mainBusinessRevenue = f.totalAssets = 10000;
    CHECK(Engine::builtin().scaleOf(f) == "micro");
    f.industryCode = "X";
    CHECK(Engine::builtin().scaleOf(f).empty());
}

TEST_CASE("a text cell as a spreadsheet cell holds it: 32,767 UTF-16 units, never half a character") {
    CHECK(xlsx_cell_text("short") == "short");
    CHECK(xlsx_cell_text(std::string(40000, 'A')) == std::string(kXlsxCellUnits, 'A'));
    const std::string han = "中";  // one unit, three bytes
    std::string text;
    for (int i = 0; i < 40000; ++i) text += han;
    CHECK(xlsx_cell_text(text).size() == kXlsxCellUnits * 3);
    const std::string emoji = "\xF0\x9F\x98\x80";  // U+1F600: two units
    const std::string straddling = std::string(kXlsxCellUnits - 1, 'A') + emoji + "B";
    CHECK(xlsx_cell_text(straddling) == std::string(kXlsxCellUnits - 1, 'A'));
    const std::string fits = std::string(kXlsxCellUnits - 2, 'A') + emoji + "B";
    CHECK(xlsx_cell_text(fits) == std::string(kXlsxCellUnits - 2, 'A') + emoji);
}
