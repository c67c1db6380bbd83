// cxjf export: the batch-upload sheet (one row per enterprise) as CSV and/or XLSX, and the findings report.
#include <unistd.h>

#include <cstdlib>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include <xlsxwriter.h>

#include "batch.hpp"
#include "commands.hpp"
#include "cxjf/batch.hpp"
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

void write_file(const std::string& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    if (!out.flush()) throw std::runtime_error("cannot write " + file);
}

// A text cell as OOXML carries it through libxlsxwriter (which takes C strings and escapes control characters but
// not a literal "_xHHHH_"): a literal "_xHHHH_" is escaped as "_x005F_xHHHH_" and a NUL written as "_x0000_", so that
// every character of the cell reads back as it was (the page's writer, site/bureau-xlsx.js, does the same).
std::string ooxml_text(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\0') {
            out += "_x0000_";
            continue;
        }
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2])) && std::isxdigit(static_cast<unsigned char>(text[i + 3])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 4])) && std::isxdigit(static_cast<unsigned char>(text[i + 5])))
            out += "_x005F";
        out += text[i];
    }
    return out;
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
    // One worksheet of a table: a bold, frozen header; number cells as numbers, text cells (inert already) as
    // strings, never a formula.
    void add(const char* name, const Table& table) {
        lxw_worksheet* ws = workbook_add_worksheet(workbook_, name);
        for (std::size_t c = 0; c < table.header.size(); ++c)
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold_);
        worksheet_freeze_panes(ws, 1, 0);
        lxw_row_t r = 1;
        for (const auto& row : table.rows) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (row[c].text.empty()) continue;
                const auto col = static_cast<lxw_col_t>(c);
                if (row[c].number) worksheet_write_number(ws, r, col, std::strtod(row[c].text.c_str(), nullptr), nullptr);
                else worksheet_write_string(ws, r, col, ooxml_text(xlsx_cell_text(row[c].text)).c_str(), nullptr);
            }
            ++r;
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
    Batch batch(engine, args.lang);
    Progress progress(inputs.size(), isatty(STDERR_FILENO));
    run_ordered(inputs.size(), args.jobs, [&](std::size_t i) {
        BatchFile f{inputs[i].name, {}, false};
        f.result = check_input(engine, inputs[i], args.options, f.ioFailure);
        return f;
    }, [&](std::size_t i, BatchFile&& f) {
        batch.set(i, std::move(f));
        progress.update(i + 1);
    });
    progress.finish();

    const BatchSummary summary = batch.summary();
    const bool zh = args.lang == Lang::zh;
    try {
        if (!args.csv.empty()) write_file(args.csv, csv_bytes(batch.sheet()));
        if (!args.findings.empty()) write_file(args.findings, csv_bytes(batch.findingsReport()));
        if (!args.xlsx.empty()) {
            Xlsx book(args.xlsx);
            book.add(zh ? "企业名单" : "Enterprises", batch.sheet());
            book.add(zh ? "检查结果" : "Findings", batch.findingsReport());
            if (!book.close()) throw std::runtime_error("cannot write " + args.xlsx);
        }
    } catch (const std::exception& e) {
        std::cerr << "cxjf export: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    const std::size_t withErrors = summary.errors + summary.unreadable;
    std::cerr << "cxjf export: " << summary.files << " files, " << summary.enterprises << " enterprises in the sheet, "
              << summary.superseded << " superseded by another file of the same USCC, " << withErrors
              << " with errors or unreadable\n";
    if (summary.ioFailures) return kExitUsageOrIo;
    return withErrors ? kExitFindings : kExitOk;
}

}  // namespace cxjf::cli
