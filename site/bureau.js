// 科技局批量检查: a bureau clerk drops the files received from enterprises (files, folders, .zip archives); each is
// checked in a pool of workers (bureau-pool.js, bureau-worker.js: the bureau's engine, the signature verified in the
// worker), and the page's own engine (cxjf-bureau.js) holds the batch above the files: every status, count, finding,
// signature and registry verdict, duplicate and the file the sheet uses, peer rank, summary and sheet cell shown or
// exported here is the engine's answer (bureau-batch.js). This file wires the page's parts, each in a file of its
// own: intake (bureau-intake.js), the table (bureau-table.js), a file's details (bureau-details.js), the exports
// (bureau-exports.js) and the key registry (bureau-registry.js).
// Nothing leaves the browser. Every text from a file or the engine is set with textContent, never parsed as HTML.
//
// Query parameters: ?checkDate=YYYY-MM-DD (default: today), ?workers=N (1-8; default: the number of cores),
// ?maxMs=N (the time cap per file, 0 for none; default: the engine's, as the CLI's --max-ms).
// Timings for bench/bureau-page.mjs: performance marks bureau:start (files given), bureau:first-row (the first
// checked row on screen) and bureau:done (every file checked, ranked and its row listed).
import { loadEngine } from './cxjf-bureau.js';
import { createBatchFiles } from './bureau-batch.js';
import { createPool, poolSize } from './bureau-pool.js';
import { TEXT } from './bureau-text.js';
import { createIntake } from './bureau-intake.js';
import { createTable } from './bureau-table.js';
import { createDetails } from './bureau-details.js';
import { createExports } from './bureau-exports.js';
import { createRegistry, storedRegistry } from './bureau-registry.js';
import { applyPageTexts } from './page-texts.js';

const $ = (id) => document.getElementById(id);

// ?checkDate as given when it is a calendar date (the engine's clock for R-DATE-FUTURE), else today.
function checkDateOf(params) {
  const asked = params.get('checkDate') ?? '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(`${asked}T00:00:00Z`)) &&
      new Date(`${asked}T00:00:00Z`).toISOString().startsWith(asked)) return asked;
  const now = new Date();
  const pad2 = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

// The page: its state, shared by the parts (each part keeps only what is its own) and drawn by render().
function createPage() {
  const params = new URLSearchParams(location.search);
  const page = {
    checkDate: checkDateOf(params),
    maxMs: /^\d{1,8}$/.test(params.get('maxMs') ?? '') ? Number(params.get('maxMs')) : undefined,
    pool: createPool({ size: poolSize(Number.parseInt(params.get('workers') ?? '', 10)) }),
    engine: null,            // the bureau's engine on this thread, once loaded
    files: null,             // createBatchFiles(): the batch as the engine holds it
    info: null,              // { version, columns, limits, regionIndex, industryIndex }
    lang: 'zh',
    status: 'loading',       // 'loading' | 'ready' | 'failed'
    error: null,
    derived: null,           // the engine's derived() of the batch, with byIndex: per file { duplicate, peer }
    summary: null,           // the engine's summary of the batch (derived()'s, or newer while files are checked)
    registry: null,          // null or { enterprises }: the registry the batch applies
    registryVersion: 0,      // counts the registry's changes (what shows keys is drawn again)
    ui: () => TEXT[page.lang],
    // The engine's word for a status (forms/…/messages.*.json), in the language shown.
    statusWord: (status) => page.info?.terms[page.lang][`status.${status}`] ?? TEXT[page.lang].statusNames[status] ?? status,
    busy: () => false,
    refreshViews: () => {},
    acceptKey: () => {},
    render: () => {},
    scheduleRender: () => {},
  };
  return page;
}

// derived() with, per file index, its duplicate group (and why it lost) and its peer rank: what the table shows.
// stamp: which answer this is (the table draws a page again when it changes).
function deriveOf(files, stamp) {
  const d = files.derived();
  d.stamp = stamp;
  const byIndex = new Map();
  for (const g of d.duplicates) {
    g.files.forEach((index, k) => byIndex.set(index, { duplicate: { group: g, why: g.why[k] } }));
  }
  d.peers.forEach((peer, index) => {
    if (!peer) return;
    const at = byIndex.get(index) ?? {};
    at.peer = peer;
    byIndex.set(index, at);
  });
  d.byIndex = byIndex;
  return d;
}

function setUp(page) {
  const intake = createIntake(page);
  page.busy = intake.busy;
  page.refreshViews = intake.refreshViews;
  const table = createTable(page);
  const details = createDetails(page, table);
  const exports = createExports(page);
  const registry = createRegistry(page);

  let renderTimer = null;
  let lastRender = 0;
  let textsFor = null;
  const asked = { version: -1, derivedVersion: -1, derivedAt: 0, stamp: 0 };

  // The engine's answers about the batch, asked again only when it changed; while files are being checked the
  // summary at every refresh, derived() (duplicates, peer ranks: the whole batch) at most every 2 s.
  function askEngine() {
    if (!page.files) return;
    const version = page.files.version;
    if (asked.derivedVersion === version) return;
    const now = performance.now();
    if (!intake.busy() || now - asked.derivedAt > 2000) {
      asked.stamp += 1;
      page.derived = deriveOf(page.files, asked.stamp);
      asked.derivedAt = now;
      asked.derivedVersion = asked.version = version;
      ({ summary: page.summary, registry: page.registry } = page.derived);
    } else if (asked.version !== version) {
      asked.version = version;
      ({ summary: page.summary, registry: page.registry } = page.files.summary());
    }
  }

  page.render = () => {
    clearTimeout(renderTimer);
    renderTimer = null;
    lastRender = performance.now();
    const focused = table.focusedControl();
    if (textsFor !== `${page.lang} ${Boolean(page.info)}`) {  // not on every refresh: an open <select> would lose its options
      textsFor = `${page.lang} ${Boolean(page.info)}`;
      applyPageTexts(page.ui(), page.lang);
      table.renderTexts();
      $('engine').textContent = page.info ? `${page.ui().engine(page.info.version)} · ${page.ui().checkDate} ${page.checkDate}` : '';
    }
    askEngine();
    intake.render();
    $('results').hidden = !page.files?.size;
    if (page.files?.size) {
      const summary = page.ui().summary(page.summary);
      if ($('summary').textContent !== summary) $('summary').textContent = summary;
      table.render();
    }
    registry.render();
    exports.render();
    details.render();
    if (focused && !document.activeElement?.matches(focused)) document.querySelector(focused)?.focus();
  };
  // While files are being checked, at most every 300 ms: the engine's derived() and the visible page of the table.
  page.scheduleRender = () => {
    if (renderTimer) return;
    const wait = intake.busy() ? Math.max(0, 300 - (performance.now() - lastRender)) : 0;
    renderTimer = setTimeout(page.render, wait);
  };

  $('lang').addEventListener('click', () => {
    page.lang = page.lang === 'zh' ? 'en' : 'zh';
    $('export-lang').value = page.lang;
    if (page.files) {
      page.files.setLang(page.lang);   // the language's batch, made from the same transports
      page.refreshViews();
    }
    page.render();
  });
}

async function main() {
  const page = createPage();
  setUp(page);
  page.render();
  try {
    page.engine = await loadEngine();
    const columns = page.engine.sheetColumns();
    const terms = (lang) => JSON.parse(page.engine.form(`messages.${lang}.json`));
    page.info = { version: page.engine.version(), columns, limits: page.engine.limits(), terms: { zh: terms('zh'), en: terms('en') },
                  regionIndex: columns.findIndex((c) => c.key === 'region'),
                  industryIndex: columns.findIndex((c) => c.key === 'industry') };
    page.files = createBatchFiles(page.engine, { lang: page.lang, registry: storedRegistry() });
    page.status = 'ready';
    for (const id of ['files', 'folder']) $(id).disabled = false;
    page.pool.warm(page.engine.module).catch(() => {});
  } catch (error) {
    page.status = 'failed';
    page.error = error?.message ?? String(error);
  }
  page.render();
}

main();
