// The batch's tables: the batch-upload sheet and the findings report, as cells and as CSV bytes.
#include "cxjf/batch.hpp"

#include <algorithm>
#include "cxjf/report.hpp"
#include "cxjf/sheet.hpp"

namespace cxjf {
namespace {

Cell text_cell(const std::string& text) { return Cell{neutralise_cell(text), false}; }

std::vector<std::string> findings_header(Lang lang) {
    if (lang == Lang::zh) return {"文件", "统一社会信用代码", "企业名称", "检查结果", "签名", "规则", "严重程度", "位置", "说明", "Message"};
    return {"File", "USCC", "Enterprise", "Result", "Signature", "Rule", "Severity", "Path", "说明", "Message"};
}

void csv_cell(std::string& out, const std::string& cell) {
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (char ch : cell) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
}

}  // namespace

Table Batch::sheet() const {
    Table t;
    const auto& columns = engine_.sheetColumns();
    for (const auto& c : columns) t.header.push_back(lang_ == Lang::zh ? c.header.zh : c.header.en);
    for (std::size_t i : sheetRows()) {
        const std::vector<std::string> cells = sheet_cells(engine_, files_[i]->result, lang_);
        std::vector<Cell> row;
        row.reserve(cells.size());
        for (std::size_t c = 0; c < cells.size(); ++c) {
            // A number column's cell is a number only when it is one; anything else from a mistyped field is text.
            if (c < columns.size() && columns[c].number && is_decimal(cells[c])) row.push_back(Cell{cells[c], true});
            else row.push_back(text_cell(cells[c]));
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table Batch::findingsReport() const {
    Table t;
    t.header = findings_header(lang_);
    for (const auto& f : files_) {
        if (!f) continue;
        const CheckResult& r = f->result;
        const std::vector<Cell> head = {
            text_cell(file_name_text(f->name)), text_cell(r.summary.uscc), text_cell(r.summary.name),
            text_cell(message_term(engine_, std::string("status.") + to_string(r.status), lang_)),
            text_cell(message_term(engine_, std::string("signature.") + to_string(r.signature), lang_))};
        if (r.findings.empty()) {
            std::vector<Cell> row = head;
            row.resize(head.size() + 5);
            t.rows.push_back(std::move(row));
        }
        for (const auto& finding : r.findings) {
            std::vector<Cell> row = head;
            for (const std::string& cell : {finding.rule, std::string(to_string(finding.severity)), finding.path,
                                            render_message(engine_, finding, Lang::zh), render_message(engine_, finding, Lang::en)})
                row.push_back(text_cell(cell));
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

std::string xlsx_cell_text(const std::string& text) {
    if (text.size() <= kXlsxCellUnits) return text;  // at most one UTF-16 unit per byte
    std::size_t units = 0, at = 0;
    while (at < text.size()) {
        const unsigned char lead = static_cast<unsigned char>(text[at]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        const std::size_t width = length == 4 ? 2 : 1;  // a character beyond U+FFFF is a surrogate pair
        if (units + width > kXlsxCellUnits) break;
        units += width;
        at += length;
    }
    return text.substr(0, std::min(at, text.size()));
}

std::string csv_bytes(const Table& table) {
    std::string out = kCsvBom;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        if (c) out += ',';
        csv_cell(out, neutralise_cell(table.header[c]));
    }
    out += "\r\n";
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) out += ',';
            csv_cell(out, row[c].text);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace cxjf
