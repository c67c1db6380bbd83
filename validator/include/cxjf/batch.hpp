#pragma once
// Everything above one file, written once for the CLI and the pages (DESIGN §9): the bureau's key registry applied
// to every file, the duplicate USCCs and the file the sheet uses (and why), peer ranks, the summary, the rows of the
// batch-upload sheet and of the findings report, and their CSV bytes and spreadsheet cells.
//
//   cxjf::Batch batch(engine, cxjf::Lang::zh);
//   batch.set(i, cxjf::BatchFile{name, result, false});   // any order; result from check() with CheckOptions::sheet
//   batch.setRegistry(&registry);                         // E-KEY-* on every file again, nothing re-checked
//   std::string csv = cxjf::csv_bytes(batch.sheet());
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cxjf/check.hpp"
#include "cxjf/envelope.hpp"

namespace cxjf {

struct BatchFile {
    std::string name;          // as the reports show it
    CheckResult result;        // check() with CheckOptions::sheet (the row's filing cells), scores at summary detail
    bool ioFailure = false;    // could not be read from disk (F-IO): the CLI exits 2
};

// Why the file the sheet uses for a USCC filed more than once beats another file of it.
enum class Precedence {
    chosen,          // this is the file the sheet uses
    validSignature,  // the chosen file is validly signed, this one is not
    laterSigning,    // both are (or neither is) validly signed; the chosen one was signed later (as instants)
    laterFile,       // the same, and no signing time tells them apart: the chosen one comes later in the batch
};
const char* to_string(Precedence p);

struct DuplicateGroup {
    std::string uscc;
    std::vector<std::size_t> files;     // in batch order
    std::vector<Precedence> why;        // one per file: chosen, or why the chosen file beats it
    std::size_t chosen = 0;             // the file the sheet uses
};

struct BatchSummary {
    std::size_t files = 0, pending = 0;  // pending: not set yet
    std::size_t ok = 0, warnings = 0, errors = 0, unreadable = 0, ioFailures = 0;
    std::size_t valid = 0, invalid = 0, unverified = 0, absent = 0;  // signatures
    std::size_t enterprises = 0;  // rows of the sheet
    std::size_t superseded = 0;   // files whose USCC has a row from another file
    std::size_t duplicateUsccs = 0;  // USCCs with more than one file (duplicates().size())
    std::size_t keyRegistered = 0, keyUnknown = 0, keyChanged = 0;  // valid signatures, by the registry's verdict
};

// The registry with a batch's keys added (Batch::withBatchKeys).
struct KeysAdded {
    KeyRegistry registry;
    std::size_t added = 0;        // USCCs registered now
    std::size_t changed = 0;      // registered already, and a file of the batch has another key: left as registered
    std::size_t conflicting = 0;  // not registered, and the batch has several keys for it: left out
};

// A table for a spreadsheet: each cell either a decimal number or text already made inert (neutralise_cell).
struct Cell {
    std::string text;
    bool number = false;
};
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;
};

// CSV as Excel and WPS open it: UTF-8 with a BOM, CRLF, RFC 4180 quoting where a cell needs it.
std::string csv_bytes(const Table& table);

// A text cell as a spreadsheet cell holds it: Excel keeps 32,767 characters (UTF-16 units) of a cell, so longer text
// is cut there, never inside a character. What every XLSX writer (the CLI's, the page's) writes; CSV keeps it whole.
std::string xlsx_cell_text(const std::string& text);
inline constexpr std::size_t kXlsxCellUnits = 32767;

// The order `cxjf check DIR` reads files in, for a page given a folder: '/'-separated parts compared one by one,
// byte by byte (each folder's entries sorted by name, a sub-folder's files where the sub-folder's name sorts).
bool path_before(std::string_view a, std::string_view b);
std::vector<std::size_t> batch_order(const std::vector<std::string>& paths);  // indexes of `paths`, in that order

class Batch {
public:
    Batch(const Engine& engine, Lang lang);

    // The result of file `index` (the batch grows to hold it); set again to replace it.
    void set(std::size_t index, BatchFile file);
    // The batch holds n files (a page knows how many it was given before their results arrive); the slots not set
    // are pending. Files at n or beyond are dropped.
    void resize(std::size_t n) { files_.resize(n); }
    // The bureau's key registry (not owned; nullptr: none): applied to every file set, now and later.
    void setRegistry(const KeyRegistry* registry);

    const KeyRegistry* registry() const { return registry_; }
    // The registry set (or an empty one) with the key of every validly signed file of a USCC not registered yet,
    // when the batch has one key for it: how a bureau starts its registry from a batch it has receipts for.
    KeysAdded withBatchKeys() const;

    std::size_t size() const { return files_.size(); }
    const BatchFile* file(std::size_t index) const;  // nullptr while pending

    // The file of each enterprise in the sheet, in the order of its first file: a validly signed file beats one
    // that is not, then the later signing time (as instants, whatever the offset), then the later file. A file
    // without a USCC is an enterprise of its own; an unreadable one has no row.
    std::vector<std::size_t> sheetRows() const;
    std::vector<DuplicateGroup> duplicates() const;  // every USCC with more than one file, in batch order
    // Each file's place among the files of its industry section and stage, by the estimate (base + bonus);
    // nullopt for a file without the estimate.
    std::vector<std::optional<PeerRank>> peers() const;
    BatchSummary summary() const;

    Table sheet() const;            // the batch-upload sheet: forms/<year>/sheet.json's columns, one row per enterprise
    Table findingsReport() const;   // one row per finding of every file, one for a file without any

private:
    const Engine& engine_;
    Lang lang_;
    const KeyRegistry* registry_ = nullptr;
    std::vector<std::optional<BatchFile>> files_;
};

}  // namespace cxjf
