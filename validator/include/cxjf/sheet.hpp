#pragma once
// The batch-upload sheet (forms/<year>/sheet.json): one row per enterprise, the columns a provincial batch upload
// needs. Engine::check fills CheckResult::sheet when CheckOptions::sheet is set; the writers here turn rows into
// CSV that Excel and WPS open correctly, with every text cell that a spreadsheet would run as a formula neutralised.
//
//   CheckOptions o; o.sheet = true;
//   auto r = engine.check(bytes, o);                      // r.sheet: one cell per column, "" when absent
//   out << kCsvBom << csv_header(engine.sheetColumns(), Lang::zh) << csv_row(engine.sheetColumns(), r.sheet);
#include <string>
#include <vector>

#include "cxjf/report.hpp"
#include "cxjf/score.hpp"

namespace cxjf {

struct SheetColumn {
    std::string key;  // stable: "uscc", "revenue2024", "score.tech-sme", …
    Text2 header;
    bool number = false;  // cells are decimal numbers ("21846.3726", "-12", "72.5") or empty
};

// A result's row with its computed cells (status, counts, signature, scores, names of codes, …) made anew from the
// result as it is now, after a signature verdict or a key registry changed it; its filing cells are check()'s, in
// lang when the result has them in that language (CheckOptions::sheetBothLangs), else in the check's language.
// Empty when the result has no row (unreadable, or checked without CheckOptions::sheet).
std::vector<std::string> sheet_cells(const Engine& engine, const CheckResult& result, Lang lang);

// Makes a text cell inert in a spreadsheet: one that starts with = + - @, a tab or a carriage return gets a
// leading apostrophe (shown as text, never evaluated). Numbers written by the engine are not text cells.
std::string neutralise_cell(const std::string& text);

// "-12", "0.5", "21846.3726": what a number column's cells are when the filing's value had the right type.
bool is_decimal(const std::string& cell);

inline constexpr const char* kCsvBom = "\xEF\xBB\xBF";  // UTF-8 BOM: Excel reads the file as UTF-8
// A text cell neutralised and in double quotes, its quotes doubled (RFC 4180), whatever it holds.
std::string csv_quoted(const std::string& text);
// One CSV line (RFC 4180 quoting, CRLF), text cells neutralised.
std::string csv_line(const std::vector<std::string>& cells, const std::vector<bool>& number);
std::string csv_header(const std::vector<SheetColumn>& columns, Lang lang);
std::string csv_row(const std::vector<SheetColumn>& columns, const std::vector<std::string>& row);

}  // namespace cxjf
