// The bureau page's exports, in the language chosen for them: the batch-upload sheet as CSV (the engine's bytes,
// byte for byte `cxjf export --csv`) and as XLSX (the engine's cells, written by bureau-xlsx.js in a worker), and
// the findings report as CSV (the engine's bytes, `cxjf export --findings`). The other language's batch is made
// from the same results: nothing is checked again.
import { download } from './download.js';

const $ = (id) => document.getElementById(id);
const CSV = 'text/csv;charset=utf-8';

export function createExports(page) {
  let exporting = false;

  async function run(kind) {
    const ui = page.ui();
    const lang = $('export-lang').value === 'en' ? 'en' : 'zh';
    exporting = true;
    render();
    $('export-state').textContent = ui.exportBusy;
    try {
      let blob;
      let name;
      let rows;
      if (kind === 'findings') {
        const table = page.files.withBatch(lang, (batch) => ({ bytes: batch.findingsCsv(), rows: batch.findingsTable().rows.length }));
        blob = new Blob([table.bytes], { type: CSV });
        name = `cxjf-findings-${page.checkDate}.csv`;
        rows = table.rows;
      } else if (kind === 'csv') {
        const sheet = page.files.withBatch(lang, (batch) => ({ bytes: batch.sheetCsv(), rows: batch.summary().summary.enterprises }));
        blob = new Blob([sheet.bytes], { type: CSV });
        name = `cxjf-sheet-${page.checkDate}.csv`;
        rows = sheet.rows;
      } else {
        const [sheet, findings] = page.files.withBatch(lang, (batch) => [batch.sheetTable(), batch.findingsTable()]);
        blob = await page.pool.xlsx([{ name: lang === 'zh' ? '企业名单' : 'Enterprises', ...sheet },
                                     { name: lang === 'zh' ? '检查结果' : 'Findings', ...findings }]);
        name = `cxjf-sheet-${page.checkDate}.xlsx`;
        rows = sheet.rows.length;
      }
      download(blob, name);
      $('export-state').textContent = page.ui().exportDone(name, rows);
    } catch (error) {
      $('export-state').textContent = page.ui().exportFailed + (error?.message ?? error);
    } finally {
      exporting = false;
      render();
    }
  }

  function render() {
    const s = page.summary;
    const ready = page.status === 'ready' && Boolean(s?.files) && s.pending === 0 && !page.busy() && !exporting;
    for (const id of ['export-csv', 'export-xlsx', 'export-findings']) if ($(id).disabled !== !ready) $(id).disabled = !ready;
  }

  $('export-csv').addEventListener('click', () => run('csv'));
  $('export-xlsx').addEventListener('click', () => run('xlsx'));
  $('export-findings').addEventListener('click', () => run('findings'));
  return { render };
}
