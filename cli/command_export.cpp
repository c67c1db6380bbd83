// cxjf export: the batch-upload sheet (one row per enterprise) as CSV and/or XLSX, and the findings report.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include <xlsxwriter.h>

#include "batch.hpp"
#include "commands.hpp"
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"
#include "exit_code.hpp"

namespace cxjf::cli {
namespace {

}  // namespace

const char* const kExportHelp = R"(usage: cxjf export [--csv FILE] [--xlsx FILE] [--findings FILE] [options] PATH...

Checks every filing under PATH (as cxjf check does, signatures verified) and writes the batch-upload sheet: one
row per enterprise (amounts in 万元), the newest validly signed file of a USCC filed more than once winning.

outputs (at least one):
  --csv FILE        the sheet as CSV (UTF-8 with BOM, CRLF; opens correctly in Excel and WPS)
  --xlsx FILE       the sheet as XLSX, with a second worksheet of every finding
  --findings FILE   the findings report as CSV: one row per finding, and one for each file without any
options:
  --lang zh|en      headers and labels (default zh)
  --jobs N          worker threads (default: the number of cores)
  --keys FILE       the bureau's key registry (cxjf.keys/1)
  --check-date YYYY-MM-DD, --max-bytes N, --max-depth N, --max-string-bytes N, --max-items N, --max-ms N,
  --forms DIR, --profile FILE: as for cxjf check
Text cells that a spreadsheet would run as a formula (= + - @ tab CR first) are written with a leading apostrophe.
exit status: 0 written and no file has an error, 1 written and some file has an error or cannot be read,
             2 usage error, or an input or output file that cannot be read or written.
)";

namespace {

struct ExportArgs : BatchArgs {
    std::string csv, xlsx, findings;
};

ExportArgs parse_export_args(const std::vector<std::string>& raw) {
    ExportArgs a;
    const Args own = parse_batch_args(raw, {{"--csv", "--xlsx", "--findings"}, {}, {}}, a);
    a.csv = own.value("--csv").value_or("");
    a.xlsx = own.value("--xlsx").value_or("");
    a.findings = own.value("--findings").value_or("");
    if (a.csv.empty() && a.xlsx.empty() && a.findings.empty()) throw UsageError("nothing to write: give --csv, --xlsx or --findings");
    return a;
}

// What the export keeps of one checked file.
struct Checked {
    Status status = Status::unreadable;
    bool ioFailure = false;
    SignatureStatus signature = SignatureStatus::absent;
    std::string uscc, name, signedAt;
    std::vector<std::string> sheet;
    std::vector<std::vector<std::string>> findings;  // rule, severity, path, message zh, message en
};

// Seconds since 0000-03-01 of an ISO date-time with offset ("2025-06-20T10:15:30+08:00"), for ordering signing
// times written in different offsets; nullopt when it is not one.
std::optional<long long> instant(const std::string& t) {
    if (t.size() != 25 || t[10] != 'T' || (t[19] != '+' && t[19] != '-')) return std::nullopt;
    const auto d = Date::parse(t.substr(0, 10));
    if (!d) return std::nullopt;
    auto num = [&](std::size_t at) { return (t[at] - '0') * 10 + (t[at + 1] - '0'); };
    for (std::size_t at : {11, 14, 17, 20, 23})
        if (!std::isdigit(static_cast<unsigned char>(t[at])) || !std::isdigit(static_cast<unsigned char>(t[at + 1]))) return std::nullopt;
    const int y = d->month <= 2 ? d->year - 1 : d->year, m = d->month <= 2 ? d->month + 9 : d->month - 3;
    const long long days = 365LL * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d->day - 1;
    const long long offset = (num(20) * 60 + num(23)) * 60LL * (t[19] == '+' ? 1 : -1);
    return days * 86400 + num(11) * 3600 + num(14) * 60 + num(17) - offset;
}

// Whether b replaces a as the row of their enterprise: a valid signature beats none, then the later signing time,
// then the later file.
bool supersedes(const Checked& b, const Checked& a) {
    const bool av = a.signature == SignatureStatus::valid, bv = b.signature == SignatureStatus::valid;
    if (av != bv) return bv;
    const auto at = instant(a.signedAt), bt = instant(b.signedAt);
    if (at && bt && *at != *bt) return *bt > *at;
    return true;
}

std::vector<std::string> findings_header(Lang lang) {
    if (lang == Lang::zh) return {"文件", "统一社会信用代码", "企业名称", "检查结果", "签名", "规则", "严重程度", "位置", "说明", "Message"};
    return {"File", "USCC", "Enterprise", "Result", "Signature", "Rule", "Severity", "Path", "说明", "Message"};
}

std::vector<std::vector<std::string>> findings_rows(const Engine& engine, const std::string& file, const Checked& c, Lang lang) {
    const std::string status = message_term(engine, std::string("status.") + to_string(c.status), lang);
    const std::string signature = message_term(engine, std::string("signature.") + to_string(c.signature), lang);
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : c.findings) {
        std::vector<std::string> row{file, c.uscc, c.name, status, signature};
        row.insert(row.end(), f.begin(), f.end());
        rows.push_back(std::move(row));
    }
    if (rows.empty()) rows.push_back({file, c.uscc, c.name, status, signature, "", "", "", "", ""});
    return rows;
}

class Xlsx {
public:
    explicit Xlsx(const std::string& file) {
        lxw_workbook_options options = {};
        options.constant_memory = LXW_TRUE;
        options.tmpdir = nullptr;
        workbook_ = workbook_new_opt(file.c_str(), &options);
        if (!workbook_) throw std::runtime_error("cannot write " + file);
        bold_ = workbook_add_format(workbook_);
        format_set_bold(bold_);
    }
    ~Xlsx() {
        if (workbook_) workbook_close(workbook_);
    }
    lxw_worksheet* sheet(const char* name) { return workbook_add_worksheet(workbook_, name); }
    void header(lxw_worksheet* ws, const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cells[c].c_str(), bold_);
        worksheet_freeze_panes(ws, 1, 0);
    }
    // Numbers as numbers; text neutralised like the CSV's, and written as a string (never a formula).
    void row(lxw_worksheet* ws, lxw_row_t r, const std::vector<std::string>& cells, const std::vector<bool>& number) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].empty()) continue;
            const auto col = static_cast<lxw_col_t>(c);
            if (c < number.size() && number[c] && is_decimal(cells[c])) worksheet_write_number(ws, r, col, std::strtod(cells[c].c_str(), nullptr), nullptr);
            else worksheet_write_string(ws, r, col, neutralise_cell(cells[c]).c_str(), nullptr);
        }
    }
    bool close() {
        const lxw_error e = workbook_close(workbook_);
        workbook_ = nullptr;
        return e == LXW_NO_ERROR;
    }

private:
    lxw_workbook* workbook_ = nullptr;
    lxw_format* bold_ = nullptr;
};

}  // namespace

int command_export(const std::vector<std::string>& rawArgs) {
    ExportArgs args = parse_export_args(rawArgs);
    const BatchSetup setup(args.formsDir, args.profiles, args.keysFile, args.options);
    const Engine& engine = setup.engine();
    args.options.scores = ScoreDetail::summary;
    args.options.sheet = true;
    args.options.sheetLang = args.lang;

    const std::vector<Input> inputs = collect_inputs("export", args.paths);
    std::vector<Checked> checked;
    checked.reserve(inputs.size());
    Progress progress(inputs.size(), isatty(STDERR_FILENO));
    run_ordered(inputs.size(), args.jobs, [&](std::size_t i) {
        Checked c;
        const CheckResult r = check_input(engine, inputs[i], args.options, c.ioFailure);
        c.status = r.status;
        c.signature = r.signature;
        c.uscc = r.summary.uscc;
        c.name = r.summary.name;
        c.signedAt = r.signatureInfo.signedAt;
        c.sheet = r.sheet;
        for (const auto& f : r.findings)
            c.findings.push_back({f.rule, to_string(f.severity), f.path, render_message(engine, f, Lang::zh), render_message(engine, f, Lang::en)});
        return c;
    }, [&](std::size_t i, Checked&& c) {
        checked.push_back(std::move(c));
        progress.update(i + 1);
    });
    progress.finish();

    // One row per enterprise, in the order of their first file.
    std::vector<std::size_t> rowOf;  // index into checked
    std::map<std::string, std::size_t> slotByUscc;
    std::size_t duplicates = 0, anyError = 0;
    bool ioFailure = false;
    for (std::size_t i = 0; i < checked.size(); ++i) {
        const Checked& c = checked[i];
        ioFailure = ioFailure || c.ioFailure;
        if (c.status == Status::errors || c.status == Status::unreadable) ++anyError;
        if (c.sheet.empty()) continue;
        auto [it, fresh] = slotByUscc.emplace(c.uscc.empty() ? "\x01" + std::to_string(i) : c.uscc, rowOf.size());
        if (fresh) {
            rowOf.push_back(i);
        } else {
            ++duplicates;
            if (supersedes(c, checked[rowOf[it->second]])) rowOf[it->second] = i;
        }
    }

    const auto& columns = engine.sheetColumns();
    std::vector<bool> number;
    std::vector<std::string> headers;
    for (const auto& col : columns) {
        number.push_back(col.number);
        headers.push_back(args.lang == Lang::zh ? col.header.zh : col.header.en);
    }
    try {
        if (!args.csv.empty()) {
            std::ofstream out(args.csv, std::ios::binary);
            out << kCsvBom << csv_line(headers, {});
            for (std::size_t i : rowOf) out << csv_line(checked[i].sheet, number);
            if (!out.flush()) throw std::runtime_error("cannot write " + args.csv);
        }
        if (!args.findings.empty()) {
            std::ofstream out(args.findings, std::ios::binary);
            out << kCsvBom << csv_line(findings_header(args.lang), {});
            for (std::size_t i = 0; i < checked.size(); ++i)
                for (const auto& row : findings_rows(engine, file_name_text(inputs[i].name), checked[i], args.lang)) out << csv_line(row, {});
            if (!out.flush()) throw std::runtime_error("cannot write " + args.findings);
        }
        if (!args.xlsx.empty()) {
            Xlsx book(args.xlsx);
            lxw_worksheet* ws = book.sheet(args.lang == Lang::zh ? "企业名单" : "Enterprises");
            book.header(ws, headers);
            lxw_row_t r = 1;
            for (std::size_t i : rowOf) book.row(ws, r++, checked[i].sheet, number);
            lxw_worksheet* fs = book.sheet(args.lang == Lang::zh ? "检查结果" : "Findings");
            book.header(fs, findings_header(args.lang));
            r = 1;
            for (std::size_t i = 0; i < checked.size(); ++i)
                for (const auto& row : findings_rows(engine, file_name_text(inputs[i].name), checked[i], args.lang)) book.row(fs, r++, row, {});
            if (!book.close()) throw std::runtime_error("cannot write " + args.xlsx);
        }
    } catch (const std::exception& e) {
        std::cerr << "cxjf export: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    std::cerr << "cxjf export: " << checked.size() << " files, " << rowOf.size() << " enterprises in the sheet, "
              << duplicates << " superseded by another file of the same USCC, " << anyError
              << " with errors or unreadable\n";
    if (ioFailure) return kExitUsageOrIo;
    return anyError ? kExitFindings : kExitOk;
}

}  // namespace cxjf::cli
