// A minimal XLSX (Office Open XML spreadsheet) writer for the bureau page's exports: the few parts a workbook
// needs, written here, zipped by fflate. Each sheet has a bold first row frozen at the top. The cells are the
// engine's (createBatch().sheetTable() / findingsTable()): a number cell ([text]) is written as a number, every
// other cell as an inline string exactly as the engine made it inert — this writer decides nothing about a cell,
// and there is no formula cell.
//
//   const bytes = buildXlsx([{ name: '企业名单', header: [...], rows: [['text', ['12.5'], ...], ...] }, ...]);
import { zipSync, strToU8 } from './vendor/fflate/browser.js';

// The OOXML namespace names: identifiers, never fetched.
const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  types: 'http://schemas.openxmlformats.org/package/2006/content-types',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Text as XML character data, every character kept: XML 1.0 cannot hold most control characters, so they are
// written OOXML's way as _xHHHH_ (and a literal "_xHHHH_" is escaped as _x005F_xHHHH_); a CR as &#13; (a raw one
// would be read back as a line feed).
export function xmlText(text) {
  return text
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/\r/g, '&#13;');
}

export function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// cells: text, or [text] for a number (a decimal the engine wrote).
function rowXml(r, cells, style) {
  const parts = [`<row r="${r}">`];
  cells.forEach((cell, c) => {
    const number = Array.isArray(cell);
    const text = number ? cell[0] : cell;
    if (text === '' || text == null) return;
    const ref = `${columnName(c)}${r}`;
    if (number) parts.push(`<c r="${ref}"><v>${text}</v></c>`);
    else parts.push(`<c r="${ref}"${style}t="inlineStr"><is><t xml:space="preserve">${xmlText(String(text))}</t></is></c>`);
  });
  parts.push('</row>');
  return parts.join('');
}

function sheetXml({ header, rows }) {
  const parts = [
    `${HEAD}<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}">`,
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
    '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetData>',
    rowXml(1, header, ' s="1" '),
  ];
  rows.forEach((row, i) => parts.push(rowXml(i + 2, row, ' ')));
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

const STYLES = `${HEAD}<styleSheet xmlns="${NS.main}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

// sheets: [{ name, header: [text], rows: [[text | [number text]]] }] → the .xlsx file's bytes.
export function buildXlsx(sheets) {
  const type = (part) => `application/vnd.openxmlformats-officedocument.spreadsheetml.${part}+xml`;
  const files = {
    '[Content_Types].xml': `${HEAD}<Types xmlns="${NS.types}">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${type('sheet.main')}"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${type('styles')}"/>` +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${type('worksheet')}"/>`).join('') +
      '</Types>',
    '_rels/.rels': `${HEAD}<Relationships xmlns="${NS.pkgRel}">` +
      `<Relationship Id="rId1" Type="${NS.rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${HEAD}<workbook xmlns="${NS.main}" xmlns:r="${NS.rel}"><sheets>` +
      sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels': `${HEAD}<Relationships xmlns="${NS.pkgRel}">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS.rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${NS.rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml': STYLES,
  };
  sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(s); });
  const mtime = new Date(1980, 0, 1);  // no clock in the file: the same rows give the same bytes
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 6 });
}
