// 科技局批量检查: a bureau clerk drops the files received from enterprises (files, folders, .zip archives); each
// is checked in a pool of workers (bureau-pool.js, bureau-worker.js: the engine, and the signature verified as the
// check page does), listed in a sortable, filterable table shown a page at a time, with every finding, signature
// and pre-score in a detail dialog, duplicate USCCs compared side by side, the bureau's key registry applied, and
// the batch-upload sheet (CSV, XLSX) and the findings report downloaded as `cxjf export` writes them.
// Nothing leaves the browser. Every text from a file or the engine is set with textContent, never parsed as HTML.
//
// Query parameters: ?checkDate=YYYY-MM-DD (default: today), ?workers=N (1-8; default: the number of cores).
// Timings for bench/bureau-page.mjs: performance marks bureau:start (files given), bureau:first-row (the first
// checked row on screen) and bureau:done (every file checked, ranked and its row listed).
import { entriesOf, fromEntries, fromFileList, unpack } from './bureau-files.js';
import * as M from './bureau-model.js';
import { createPool, poolSize } from './bureau-pool.js';
import { TEXT } from './bureau-text.js';
import { watchDrops } from './drop-zone.js';
import { download } from './download.js';
import { applyPageTexts } from './page-texts.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const pad2 = (n) => String(n).padStart(2, '0');
const now = new Date();
const CHECK_DATE = M.parseDate(params.get('checkDate') ?? '') ? params.get('checkDate')
  : `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
const REGISTRY_KEY = 'cxjf.bureau.keys';
const PROFILES = ['tech-sme', 'high-tech', 'innovative-sme'];
const COLUMNS = ['order', 'file', 'name', 'uscc', 'region', 'industry', 'status', 'signature', 'errors', 'warnings',
                 ...PROFILES, 'estimate', 'percentile', 'duplicate'];
const NUMERIC = new Set(['order', 'errors', 'warnings', ...PROFILES, 'estimate', 'percentile']);

const pool = createPool({ size: poolSize(Number.parseInt(params.get('workers') ?? '', 10)) });
const collator = new Intl.Collator(['zh-CN', 'en'], { numeric: true });

const S = {
  lang: 'zh',
  status: 'loading',        // 'loading' | 'ready' | 'failed'
  error: null,
  info: null,               // { version, columns, labels, terms }
  entries: [],              // in batch order (the CLI's order of the same folder)
  byKey: new Map(),
  nextKey: 1,
  registry: loadRegistry(),
  registryVersion: 0,
  jobs: new Set(),
  generation: 0,
  finishing: 0,            // a new batch (清空本批) drops what the old one still had coming
  busy: 0,                  // gathering or unpacking in progress
  progress: { done: 0, total: 0, start: 0 },
  finishedMs: null,
  notes: [],
  derived: null,            // M.sheetRows() of the batch
  filter: { q: '', status: '', signature: '', duplicate: '' },
  sort: { key: 'order', dir: 1 },
  page: 0,
  pageSize: 100,
  detailKey: null,
  detailOpener: null,
  onlyDiff: true,
  firstRowMarked: false,
  exporting: false,
};

const t = () => TEXT[S.lang];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function srOnly(text) {
  return el('span', 'sr-only', text);
}

// ---- registry -----------------------------------------------------------------------------------------------------

function loadRegistry() {
  try {
    const text = localStorage.getItem(REGISTRY_KEY);
    return text ? M.parseRegistry(text) : null;
  } catch {
    return null;
  }
}

function saveRegistry() {
  try {
    if (S.registry) localStorage.setItem(REGISTRY_KEY, M.registryText(S.registry));
    else localStorage.removeItem(REGISTRY_KEY);
  } catch { /* private mode: the registry lasts as long as the page */ }
}

// message(ui): what was done, in the page's language at the time it is shown.
function registryChanged(message) {
  saveRegistry();
  S.registryVersion += 1;
  for (const e of S.entries) if (e.result) e.view = M.withRegistry(e.result, S.registry, S.info.terms);
  S.registryMessage = message;
  render();
}

// ---- the batch ----------------------------------------------------------------------------------------------------

// blob: the file, or (start, end given) the piece of an archive the file is in.
function newEntry(name, blob, result = null, start = undefined, end = undefined) {
  const e = { key: S.nextKey++, name, parts: name.split('/'), blob, start, end, order: 0, result: null, signature: null, view: null,
              peer: null, dup: null, sheets: {}, search: name.toLowerCase() };
  if (result) setResult(e, { result, signature: { status: 'absent' } }, S.lang);
  return e;
}

function comparePartLists(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const c = M.compareText(a[i], b[i]);
    if (c) return c;
  }
  return a.length - b.length;
}

function setResult(e, reply, lang) {
  e.result = reply.result;
  e.signature = reply.signature;
  e.view = M.withRegistry(e.result, S.registry, S.info.terms);
  if (e.result.sheet) e.sheets[lang] = e.result.sheet;
  const en = e.result.enterprise ?? {};
  e.search = [e.name, en.name, en.uscc, cell(e, 'region'), cell(e, 'industry')].filter(Boolean).join('\n').toLowerCase();
}

const columnIndex = (key) => S.info.columns.findIndex((c) => c.key === key);
let regionIndex = -1;
let industryIndex = -1;
function cell(e, key) {
  const sheet = e.result?.sheet;
  if (!sheet) return '';
  return sheet[key === 'region' ? regionIndex : industryIndex] ?? '';
}

// counted: the files were in the progress total already (an archive's count comes before its files).
function addEntries(list, counted = false) {
  if (!list.length) return;
  for (const e of list) S.byKey.set(e.key, e);
  S.entries.push(...list);
  S.entries.sort((a, b) => comparePartLists(a.parts, b.parts) || a.key - b.key);
  S.entries.forEach((e, i) => { e.order = i; });
  for (const e of S.entries) e.peer = null;  // the ranking is made again for the whole batch
  S.finishedMs = null;
  const todo = list.filter((e) => !e.result);
  if (!counted) S.progress.total += list.length;
  S.progress.done += list.length - todo.length;
  if (todo.length) startJob(todo);
  scheduleRender();
}

function startJob(todo) {
  const lang = S.lang;
  const job = pool.check(todo.map(({ key, blob, start, end }) => ({ key, blob, start, end })), { checkDate: CHECK_DATE, sheet: lang, maxBytes: S.info.limits.maxBytes }, (item, reply) => {
    const e = S.byKey.get(item.key);
    if (!e) return;  // the batch was cleared
    setResult(e, reply, lang);
    S.progress.done += 1;
    scheduleRender();
  });
  S.jobs.add(job);
  job.done.then(() => {
    S.jobs.delete(job);
    maybeFinished();
  }, (error) => {
    S.jobs.delete(job);
    S.notes.push(`${t().loadFailed}${error?.message ?? error}`);
    maybeFinished();
  });
  render();
}

// Every file checked: the peer percentiles over the batch (as `cxjf check --format json`), then the final table.
async function maybeFinished() {
  if (S.jobs.size || S.busy) return;
  const token = ++S.finishing;  // a later call (more files came and went meanwhile) makes this one moot
  const ranked = S.entries.map((e) => ({ e, input: M.peerInput(e.result) })).filter((x) => x.input);
  if (ranked.length) {
    try {
      const ranks = await pool.percentiles(ranked.map((x) => x.input));
      ranked.forEach(({ e }, i) => {
        const p = ranks[i];
        e.peer = { ...p, percentileText: M.fixed1(p.percentile), overall: M.fixed1(p.overallPercentile) };
      });
    } catch (error) {
      S.notes.push(String(error?.message ?? error));
    }
  }
  if (S.jobs.size || S.busy || token !== S.finishing) return;  // more files came in meanwhile
  S.finishedMs = performance.now() - S.progress.start;
  render();
  if (S.entries.length) performance.mark('bureau:done');
}

function clearBatch() {
  S.generation += 1;
  for (const job of S.jobs) job.cancel();
  S.jobs.clear();
  S.entries = [];
  S.byKey.clear();
  S.notes = [];
  S.progress = { done: 0, total: 0, start: 0 };
  S.finishedMs = null;
  S.page = 0;
  S.firstRowMarked = false;
  if ($('detail').open) $('detail').close();
  render();
}

// Files, folders and archives → entries, checked as they come. gather() resolves to fromFileList() or
// fromEntries()'s answer.
async function addInputs(gather) {
  if (S.status !== 'ready') return;
  performance.mark('bureau:start');
  if (!S.jobs.size && !S.busy) S.progress = { done: 0, total: 0, start: performance.now() };
  S.busy += 1;
  S.state = t().reading;
  render();
  const unreadable = (name, rule, values) => newEntry(name, null, M.unreadableResult(S.info.terms, rule, values));
  const batch = S.generation;  // 清空本批 while files are still coming: they are dropped
  const add = (list, counted) => { if (batch === S.generation) addEntries(list, counted); };
  try {
    const got = await gather();
    add([...got.items.map(({ name, blob }) => newEntry(name, blob)),
         ...(got.problems ?? []).map((p) => unreadable(p.name, 'F-IO', [['detail', p.error]]))], false);
    const skipped = [...got.skipped];
    if (got.zips.length) {
      const z = await unpack(got.zips, (blob, onPartial) => pool.unzip(blob, onPartial), {
        onArchive: (name) => { S.state = t().unzipping(name); scheduleRender(); },
        onHead: ({ count }) => { if (batch === S.generation) S.progress.total += count; },
        onItems: (items) => add(items.map(({ name, blob, start, end }) => newEntry(name, blob, null, start, end)), true),
      });
      skipped.push(...z.skipped);
      add([...z.problems.map((p) => unreadable(p.name, 'F-IO', [['detail', p.error]])),
           ...z.tooLarge.map((big) => unreadable(big.name, 'J-SIZE', [['bytes', big.size], ['limit', S.info.limits.maxBytes]]))], false);
    }
    if (skipped.length && batch === S.generation) S.notes.push({ skipped: skipped.length });
  } catch (error) {
    S.notes.push(String(error?.message ?? error));
  } finally {
    S.busy -= 1;
    S.state = null;
  }
  render();
  maybeFinished();
}

// ---- deriving what the table shows ----------------------------------------------------------------------------------

function derive() {
  const d = M.sheetRows(S.entries.map((e) => e.result));
  for (const e of S.entries) e.dup = null;
  for (const [uscc, members] of d.groups) {
    const used = d.winner.get(uscc);
    for (const i of members) S.entries[i].dup = { uscc, size: members.length, used: i === used, members };
  }
  S.derived = d;
  return d;
}

function statusKey(e) {
  return e.view?.status ?? 'pending';
}

function sigKey(e) {
  if (!e.result) return 'pending';
  const s = e.result.signature?.status ?? 'absent';
  if (s !== 'valid') return s;
  return e.view.key === 'changed' || e.view.key === 'unknown' || e.view.key === 'registered' ? e.view.key : 'valid';
}

const SIG_RANK = { changed: 0, invalid: 1, unknown: 2, absent: 3, valid: 4, registered: 5, pending: 6 };
const STATUS_RANK = { ok: 0, warnings: 1, errors: 2, unreadable: 3, pending: 4 };

function scoreOf(e, id) {
  const s = e.result?.scores?.[id === 'estimate' ? M.ESTIMATE : id];
  if (!s || typeof s.score !== 'number') return null;
  return id === 'estimate' ? s.score + (s.bonus ?? 0) : s.score;
}

function sortValue(e, key) {
  switch (key) {
    case 'order': case 'file': return e.order;
    case 'name': return e.result?.enterprise?.name ?? null;
    case 'uscc': return e.result?.enterprise?.uscc ?? null;
    case 'region': case 'industry': return cell(e, key) || null;
    case 'status': return STATUS_RANK[statusKey(e)];
    case 'signature': return SIG_RANK[sigKey(e)];
    case 'errors': return e.view ? e.view.counts.errors : null;
    case 'warnings': return e.view ? e.view.counts.warnings : null;
    case 'percentile': return e.peer ? e.peer.percentile : null;
    case 'duplicate': return e.dup ? (e.dup.used ? 1 : 2) : 0;
    default: return scoreOf(e, key);
  }
}

function visibleEntries() {
  const f = S.filter;
  const q = f.q.trim().toLowerCase();
  const list = S.entries.filter((e) => {
    if (f.status && statusKey(e) !== f.status) return false;
    if (f.signature) {
      const k = sigKey(e);
      if (f.signature === 'valid' ? k !== 'valid' && k !== 'registered' : k !== f.signature) return false;
    }
    if (f.duplicate === 'any' && !e.dup) return false;
    if (f.duplicate === 'superseded' && !(e.dup && !e.dup.used)) return false;
    if (f.duplicate === 'hideSuperseded' && e.dup && !e.dup.used) return false;
    return !q || e.search.includes(q);
  });
  const { key, dir } = S.sort;
  if (key !== 'order' && key !== 'file') {
    const values = new Map(list.map((e) => [e, sortValue(e, key)]));
    const text = !NUMERIC.has(key) && key !== 'status' && key !== 'signature' && key !== 'duplicate';
    list.sort((a, b) => {
      const x = values.get(a);
      const y = values.get(b);
      if (x === null || y === null) return (x === null) - (y === null) || a.order - b.order;  // missing: always last
      const c = text ? collator.compare(x, y) : x - y;
      return c * dir || a.order - b.order;
    });
  } else if (dir < 0) {
    list.reverse();
  }
  return list;
}

function tally() {
  const s = { files: S.entries.length, ok: 0, warnings: 0, errors: 0, unreadable: 0, pending: 0, valid: 0, invalid: 0,
              absent: 0, changed: 0, unknown: 0, groups: S.derived?.groups.size ?? 0, rows: S.derived?.rows.length ?? 0 };
  for (const e of S.entries) {
    s[statusKey(e)] += 1;
    const k = sigKey(e);
    if (k === 'pending') continue;
    if (k === 'valid' || k === 'registered' || k === 'changed' || k === 'unknown') s.valid += 1;
    else s[k] += 1;
    if (k === 'changed' || k === 'unknown') s[k] += 1;
  }
  return s;
}

// ---- rendering ------------------------------------------------------------------------------------------------------

let renderTimer = null;
let lastRender = 0;
function scheduleRender() {
  if (renderTimer) return;
  const wait = S.jobs.size ? Math.max(0, 300 - (performance.now() - lastRender)) : 0;
  renderTimer = setTimeout(() => {
    renderTimer = null;
    render();
  }, wait);
}

function renderTexts() {
  const ui = t();
  applyPageTexts(ui, S.lang);
  $('search').placeholder = ui.searchHint;
  $('pager').setAttribute('aria-label', ui.pages);
  $('engine').textContent = S.info ? `${ui.engine(S.info.version)} · ${ui.checkDate} ${CHECK_DATE}` : '';
  const options = (select, list) => {
    const value = select.value;
    select.replaceChildren(...list.map(([v, label]) => {
      const option = el('option', null, label);
      option.value = v;
      return option;
    }));
    select.value = value;
  };
  options($('filter-status'), [['', ui.all], ...['ok', 'warnings', 'errors', 'unreadable', 'pending'].map((k) => [k, ui.statusNames[k]])]);
  options($('filter-signature'), [['', ui.all], ...Object.entries(ui.sigFilters)]);
  options($('filter-duplicate'), [['', ui.all], ...Object.entries(ui.dupFilters)]);
}

function renderState() {
  const ui = t();
  const checking = S.jobs.size > 0;
  let text;
  if (S.status === 'failed') text = ui.loadFailed + S.error;
  else if (S.status === 'loading') text = ui.loading;
  else if (S.state) text = S.state;
  else if (checking) text = ui.checking(S.progress.total, pool.size);  // the live region: not every file's tick
  else if (S.entries.length && S.finishedMs !== null) text = ui.done(S.progress.total, S.finishedMs);
  else text = ui.ready(CHECK_DATE);
  $('state').textContent = text;

  const bar = $('progress');
  const show = S.progress.total > 0 && (checking || S.finishedMs !== null);
  bar.hidden = !show;
  $('progress-text').hidden = !show;
  if (show) {
    const { done, total, start } = S.progress;
    const elapsed = (performance.now() - start) / 1000;
    let line = ui.progress(done, total);
    if (checking && done > 0 && elapsed > 0.5) {
      const rate = done / elapsed;
      line += ui.rate(rate) + ui.eta((total - done) / rate);
    }
    bar.setAttribute('aria-valuemax', String(total));
    bar.setAttribute('aria-valuenow', String(done));
    bar.setAttribute('aria-valuetext', line);
    $('progress-bar').style.transform = `scaleX(${total ? done / total : 0})`;
    $('progress-text').textContent = line;
  }
  $('notes').replaceChildren(...S.notes.map((n) => el('span', null, typeof n === 'string' ? n : ui.skipped(n.skipped))));
  $('clear').hidden = !S.entries.length;
}

function renderHead() {
  const ui = t();
  const row = $('table-head');
  row.replaceChildren(...COLUMNS.map((key) => {
    const th = el('th');
    th.scope = 'col';
    if (NUMERIC.has(key)) th.className = 'num';
    const sorted = key === 'file' ? S.sort.key === 'order' : S.sort.key === key;
    if (key === 'order') {  // the batch order: what 文件 sorts by
      th.append(el('span', null, ui.columns[key]));
      return th;
    }
    th.setAttribute('aria-sort', sorted ? (S.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    const button = el('button', 'sort', ui.columns[key]);
    button.type = 'button';
    button.dataset.sort = key;
    button.title = ui.sortBy(ui.columns[key]);
    // The estimate and the percentiles ranked by it are labelled 非官方估算 wherever they are shown.
    if (key === 'estimate' || key === 'percentile') button.append(el('span', 'label', ui.estimateLabel));
    if (sorted) button.append(el('span', 'arrow', S.sort.dir > 0 ? ' ▲' : ' ▼'));
    th.append(button);
    return th;
  }));
}

function scoreCell(e, id) {
  const ui = t();
  const td = el('td', 'num');
  const s = e.result?.scores?.[id === 'estimate' ? M.ESTIMATE : id];
  if (!s) return td;
  if (id === 'estimate') {
    td.textContent = `${s.score} + ${s.bonus ?? 0}`;
    return td;
  }
  td.append(id === 'high-tech' ? `${s.score}/${s.max}` : String(s.score));
  if (typeof s.eligible === 'boolean') {
    const mark = el('span', `mark ${s.eligible ? 'yes' : 'no'}`, ` ${ui.eligibleMark(s.eligible)}`);
    mark.setAttribute('aria-hidden', 'true');
    td.append(mark, srOnly(ui.eligibleWord(s.eligible)));
  }
  return td;
}

function renderRow(e) {
  const ui = t();
  const status = statusKey(e);
  const sig = sigKey(e);
  const tr = el('tr', `status-${status}`);
  tr.dataset.key = String(e.key);
  const en = e.result?.enterprise ?? {};
  const fileCell = el('td', 'col-file');
  const open = el('button', 'link', e.name);
  open.type = 'button';
  open.dataset.open = String(e.key);
  open.setAttribute('aria-label', ui.open(e.name));
  fileCell.append(open);
  const statusCell = el('td', 'col-status');
  statusCell.append(el('span', 'badge', e.result ? (S.info.terms[S.lang][`status.${status}`] ?? status) : ui.statusNames.pending));
  const sigCell = el('td', 'col-signature');
  if (sig !== 'pending') sigCell.append(el('span', `sig sig-${sig}`, ui.sigNames[sig]));
  const pct = el('td', 'num', e.peer ? e.peer.percentileText : '');
  if (e.peer) pct.title = ui.percentileTitle(e.peer);
  const dup = el('td', 'col-dup', e.dup ? (e.dup.used ? ui.dupWinner(e.dup.size) : ui.dupLoser(e.dup.size)) : '');
  if (e.dup) dup.classList.add(e.dup.used ? 'dup-used' : 'dup-superseded');
  tr.append(
    el('td', 'num', String(e.order + 1)), fileCell, el('td', 'col-name', en.name ?? ''), el('td', 'col-uscc', en.uscc ?? ''),
    el('td', 'col-region', cell(e, 'region')), el('td', 'col-industry', cell(e, 'industry')), statusCell, sigCell,
    el('td', 'num', e.view ? String(e.view.counts.errors) : ''), el('td', 'num', e.view ? String(e.view.counts.warnings) : ''),
    ...PROFILES.map((id) => scoreCell(e, id)), scoreCell(e, 'estimate'), pct, dup,
  );
  return tr;
}

function renderTable() {
  const ui = t();
  const list = visibleEntries();
  S.visible = list;
  const pages = Math.max(1, Math.ceil(list.length / S.pageSize));
  S.page = Math.min(S.page, pages - 1);
  const from = S.page * S.pageSize;
  const shown = list.slice(from, from + S.pageSize);
  $('table-body').replaceChildren(...shown.map(renderRow));
  $('no-rows').hidden = list.length > 0;
  $('no-rows').textContent = S.entries.length ? ui.noRows : ui.empty;
  $('page-info').textContent = list.length ? ui.page(S.page + 1, pages, from + 1, from + shown.length, list.length) : '';
  $('page-prev').disabled = S.page === 0;
  $('page-next').disabled = S.page >= pages - 1;
  if (!S.firstRowMarked && shown.some((e) => e.result)) {
    S.firstRowMarked = true;
    performance.mark('bureau:first-row');
  }
}

function renderRegistry() {
  const ui = t();
  const state = S.registryMessage ? `${S.registryMessage(ui)} ` : '';
  $('registry-state').textContent = state + (S.registry ? ui.registryCount(S.registry.size) : ui.registryNone);
  $('registry-export').disabled = !S.registry;
  $('registry-clear').disabled = !S.registry;
  $('registry-clear').textContent = S.confirmClear ? ui.registryClearConfirm : ui.registryClear;
  $('registry-add').disabled = S.jobs.size > 0 || !S.entries.some((e) => e.result?.signature?.status === 'valid');
}

function renderExports() {
  const ready = S.status === 'ready' && S.entries.length > 0 && !S.jobs.size && !S.busy && S.finishedMs !== null && !S.exporting;
  for (const id of ['export-csv', 'export-xlsx', 'export-findings']) $(id).disabled = !ready;
}

// What has the keyboard focus in the table (a sort button, a file's button), to give it back after the table is
// drawn again (every 300 ms while files are being checked).
function focusedControl() {
  const a = document.activeElement;
  if (a?.dataset?.sort) return `#table-head button[data-sort="${a.dataset.sort}"]`;
  if (a?.dataset?.open && a.closest('#table-body')) return `#table-body button[data-open="${a.dataset.open}"]`;
  return null;
}

function render() {
  lastRender = performance.now();
  const focused = focusedControl();
  const textsFor = `${S.lang} ${Boolean(S.info)}`;
  if (S.textsFor !== textsFor) {  // not on every refresh: an open <select> would lose its options
    S.textsFor = textsFor;
    renderTexts();
  }
  derive();
  renderState();
  $('results').hidden = !S.entries.length;
  if (S.entries.length) {
    $('summary').textContent = t().summary(tally());
    renderHead();
    renderTable();
  }
  renderRegistry();
  renderExports();
  if ($('detail').open) renderDetail();
  if (focused && !document.activeElement?.matches(focused)) document.querySelector(focused)?.focus();
}

// ---- detail dialog --------------------------------------------------------------------------------------------------

function dl(pairs) {
  const list = el('dl', 'facts');
  for (const [term, value, className] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    list.append(el('dt', null, term), el('dd', className, value));
  }
  return list;
}

function section(title, ...children) {
  const s = el('section', 'detail-section');
  s.append(el('h3', null, title), ...children);
  return s;
}

function signatureSection(e) {
  const ui = t();
  const sig = e.result.signature ?? { status: 'absent' };
  const status = sig.status ?? 'absent';
  const kids = [el('p', `sig-line sig-${status}`, ui.sigVerdict[status] ?? status)];
  if (status !== 'absent') {
    kids.push(dl([[ui.sigLines.alg, sig.alg], [ui.sigLines.keyId, sig.keyId, 'key-id'], [ui.sigLines.signedAt, sig.signedAt],
                  [ui.sigLines.digest, sig.digest, 'digest']]));
  }
  if (status === 'valid') {
    const key = e.view.key;
    const line = el('p', `key-state key-${key ?? 'none'}`, key ? ui.keyState[key] : ui.keyState.none);
    if (key === 'changed') line.append(' ', el('span', null, `${ui.sigLines.registered}${ui.colon}`), el('code', 'key-id', e.view.registered));
    kids.push(line);
    if (key === 'changed' || key === 'unknown') {
      const accept = el('button', 'accept-key', ui.acceptKey);
      accept.type = 'button';
      accept.addEventListener('click', () => {
        const uscc = e.result.enterprise?.uscc ?? '';
        S.registry ??= new Map();
        S.registry.set(uscc, sig.keyId);
        registryChanged((u) => u.registryAccepted(uscc, sig.keyId));
      });
      kids.push(accept);
    }
    const check = sig.check;
    if (check) {
      const claim = el('p', check.matches ? 'claim-matches' : 'claim-differs', `${ui.sigLines.claim}${ui.colon}`);
      if (check.matches) claim.append(ui.claimMatches);
      else claim.append(ui.claimDiffers, check.differences.map((d) => `${d.field}: ${d.claimed} → ${d.actual}`).join('；'));
      kids.push(claim);
    }
  }
  return section(ui.signatureTitle, ...kids);
}

function findingsSection(e) {
  const ui = t();
  const issues = e.view.issues;
  if (!issues.length) return section(ui.findings, el('p', null, ui.noFindings));
  const table = el('table', 'issues');
  const head = el('tr');
  for (const name of ui.findingColumns) {
    const th = el('th', null, name);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  for (const f of issues) {
    const row = el('tr', `severity-${f.severity}`);
    const rule = el('td');
    rule.append(el('code', null, f.rule));
    const path = el('td');
    path.append(el('code', null, f.path || '/'));
    const zh = el('td', 'message', f.message_zh);
    zh.lang = 'zh-CN';
    const en = el('td', 'message', f.message_en);
    en.lang = 'en';
    row.append(el('td', 'severity', (ui.severity[f.severity] ?? f.severity) + (f.explained ? ui.explained : '')), rule, path, zh, en);
    table.tBodies[0].append(row);
  }
  const wrap = el('div', 'table-scroll');
  wrap.append(table);
  return section(`${ui.findings}（${issues.length}）`, wrap);
}

function scoresSection(e) {
  const ui = t();
  const scores = e.result.scores ?? {};
  const list = el('ul', 'score-list');
  const titles = { ...ui.columns };
  for (const id of [...PROFILES, M.ESTIMATE]) {
    const s = scores[id];
    if (!s) continue;
    const item = el('li');
    let value = id === 'high-tech' ? `${s.score}/${s.max}` : `${s.score} / ${s.max}`;
    if (s.bonusMax) value += ` + ${s.bonus} / ${s.bonusMax}`;
    if (typeof s.eligible === 'boolean') value += `（${ui.eligibleWord(s.eligible)}）`;
    item.append(ui.scoreLine(titles[id === M.ESTIMATE ? 'estimate' : id], value));
    if (s.label) item.append(' ', el('span', 'label', S.lang === 'zh' ? s.label.zh : s.label.en));
    list.append(item);
  }
  const kids = [list];
  if (e.peer) kids.push(el('p', 'peer', ui.peer(e.peer)));
  return section(ui.scoresTitle, ...kids);
}

function duplicateSection(e) {
  const ui = t();
  const { uscc, members } = e.dup;
  const used = S.derived.winner.get(uscc);
  const files = [used, ...members.filter((i) => i !== used)].map((i) => S.entries[i]);
  const columns = S.info.columns;
  const rows = files.map((f) => M.sheetRow(f.result, f.view, columns, S.info.labels, Object.keys(f.sheets)[0] ?? S.lang));
  const toggle = el('label', 'only-diff');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = S.onlyDiff;
  box.addEventListener('change', () => {
    S.onlyDiff = box.checked;
    renderDetail();
    $('dup-only-diff')?.focus();
  });
  box.id = 'dup-only-diff';
  toggle.append(box, ' ', ui.dupOnlyDiff);

  const table = el('table', 'compare');
  const head = el('tr');
  const corner = el('th', null, ui.dupField);
  corner.scope = 'col';
  head.append(corner);
  files.forEach((f, i) => {
    const th = el('th', f === e ? 'current' : null);
    th.scope = 'col';
    th.append(el('span', 'compare-file', f.name), el('br'), el('span', i === 0 ? 'dup-used' : 'dup-superseded', i === 0 ? ui.dupUsed : ui.dupSuperseded));
    head.append(th);
  });
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  let differing = 0;
  columns.forEach((c, k) => {
    const differs = rows.some((r) => r[k] !== rows[0][k]);
    if (differs) differing += 1;
    if (S.onlyDiff && !differs) return;
    const tr = el('tr', differs ? 'differs-row' : null);
    const th = el('th', null, S.lang === 'zh' ? c.zh : c.en);
    th.scope = 'row';
    tr.append(th);
    rows.forEach((r, i) => {
      const td = el('td', i > 0 && r[k] !== rows[0][k] ? 'differs' : null, r[k]);
      if (i > 0 && r[k] !== rows[0][k]) td.append(srOnly(ui.dupDiffers));
      tr.append(td);
    });
    table.tBodies[0].append(tr);
  });
  const wrap = el('div', 'table-scroll');
  wrap.append(table);
  const kids = [el('p', null, ui.dupRule), toggle];
  kids.push(differing || !S.onlyDiff ? wrap : el('p', null, ui.dupSame));
  return section(ui.dupTitle(uscc, files.length), ...kids);
}

// Drawn again only when what it shows changed (not on every refresh of the table while files are checked).
function renderDetail() {
  const ui = t();
  const e = S.byKey.get(S.detailKey);
  if (!e) {
    $('detail').close();
    return;
  }
  const list = S.visible ?? S.entries;
  const at = list.indexOf(e);
  $('detail-prev').disabled = at <= 0;
  $('detail-next').disabled = at < 0 || at >= list.length - 1;
  const version = [e.key, S.lang, S.registryVersion, Boolean(e.result), Boolean(e.peer), e.dup?.size, e.dup?.used, S.onlyDiff].join('|');
  if (S.detailVersion === version) return;
  S.detailVersion = version;
  const hadFocus = $('detail-body').contains(document.activeElement);
  $('detail-title').textContent = e.name;
  const body = [];
  if (!e.result) {
    body.push(el('p', null, ui.statusNames.pending));
  } else {
    const en = e.result.enterprise ?? {};
    body.push(section(ui.enterprise, dl([[ui.columns.name, en.name], [ui.columns.uscc, en.uscc], [ui.columns.region, cell(e, 'region')],
                                         [ui.columns.industry, cell(e, 'industry')]])));
    const result = el('p', `result status-${statusKey(e)}`);
    result.append(el('span', 'badge', S.info.terms[S.lang][`status.${statusKey(e)}`] ?? statusKey(e)), ' ', ui.counts(e.view.counts));
    body.push(section(ui.result, result));
    if (e.dup) body.push(duplicateSection(e));
    body.push(signatureSection(e), findingsSection(e));
    if (Object.keys(e.result.scores ?? {}).length) body.push(scoresSection(e));
  }
  $('detail-body').replaceChildren(...body);
  if (hadFocus && !$('detail-body').contains(document.activeElement)) $('detail-title').focus();
}

function openDetail(key, opener) {
  S.detailKey = key;
  S.detailVersion = null;
  S.detailOpener = opener ?? null;
  renderDetail();
  if (!$('detail').open) $('detail').showModal();
  $('detail-close').focus();
}

function stepDetail(delta) {
  const list = S.visible ?? S.entries;
  const at = list.indexOf(S.byKey.get(S.detailKey));
  const next = list[at + delta];
  if (!next) return;
  S.detailKey = next.key;
  renderDetail();
  // The button just pressed may be disabled now (first or last file): the focus goes to the other one.
  if (document.activeElement?.disabled || document.activeElement === document.body) {
    (delta < 0 ? $('detail-next') : $('detail-prev')).focus();
  }
}

// ---- exports --------------------------------------------------------------------------------------------------------

// The sheet rows in lang: a file checked with the other language's labels is checked again (its bytes are kept).
async function sheetsIn(entries, lang) {
  const missing = entries.filter((e) => !e.sheets[lang]);
  if (!missing.length) return;
  const job = pool.check(missing.map(({ key, blob, start, end }) => ({ key, blob, start, end })), { checkDate: CHECK_DATE, sheet: lang, maxBytes: S.info.limits.maxBytes }, (item, reply) => {
    const e = S.byKey.get(item.key);
    if (e && reply.result.sheet) e.sheets[lang] = reply.result.sheet;
  });
  await job.done;
  if (entries.some((e) => !e.sheets[lang])) throw new Error('a file could not be read again');
}

function sheetRowsIn(lang) {
  const d = derive();
  const files = d.rows.map((i) => S.entries[i]);
  return { files, rows: () => files.map((e) => M.sheetRow({ ...e.result, sheet: e.sheets[lang] }, e.view, S.info.columns, S.info.labels, lang)) };
}

function findingsRowsIn(lang) {
  const terms = S.info.terms[lang];
  return S.entries.filter((e) => e.result).flatMap((e) => M.findingsRows(e.name, e.result, e.view, terms));
}

async function runExport(kind) {
  const ui = t();
  const lang = $('export-lang').value === 'en' ? 'en' : 'zh';
  S.exporting = true;
  renderExports();
  $('export-state').textContent = ui.exportBusy;
  try {
    let blob;
    let name;
    let count;
    if (kind === 'findings') {
      const rows = findingsRowsIn(lang);
      blob = new Blob([M.BOM, M.csvLine(M.findingsHeader(lang)), ...rows.map((r) => M.csvLine(r))], { type: 'text/csv;charset=utf-8' });
      name = `cxjf-findings-${CHECK_DATE}.csv`;
      count = rows.length;
    } else {
      const { files, rows } = sheetRowsIn(lang);
      await sheetsIn(files, lang);
      const cells = rows();
      count = cells.length;
      if (kind === 'csv') {
        blob = new Blob([M.sheetCsv(S.info.columns, cells, lang)], { type: 'text/csv;charset=utf-8' });
        name = `cxjf-sheet-${CHECK_DATE}.csv`;
      } else {
        const columns = S.info.columns;
        blob = await pool.xlsx([
          { name: lang === 'zh' ? '企业名单' : 'Enterprises', header: columns.map((c) => (lang === 'zh' ? c.zh : c.en)), rows: cells,
            number: columns.map((c) => c.number) },
          { name: lang === 'zh' ? '检查结果' : 'Findings', header: M.findingsHeader(lang), rows: findingsRowsIn(lang), number: [] },
        ]);
        name = `cxjf-sheet-${CHECK_DATE}.xlsx`;
      }
    }
    download(blob, name);
    $('export-state').textContent = t().exportDone(name, count);
  } catch (error) {
    $('export-state').textContent = t().exportFailed + (error?.message ?? error);
  } finally {
    S.exporting = false;
    renderExports();
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

function addBatchKeys() {
  const keysOf = new Map();
  for (const e of S.entries) {
    const uscc = e.result?.enterprise?.uscc;
    if (!uscc || e.result.signature?.status !== 'valid') continue;
    if (!keysOf.has(uscc)) keysOf.set(uscc, new Set());
    keysOf.get(uscc).add(e.result.signature.keyId);
  }
  S.registry ??= new Map();
  let added = 0;
  let changed = 0;
  let conflicting = 0;
  for (const [uscc, ids] of keysOf) {
    const known = S.registry.get(uscc);
    if (known !== undefined) {
      if ([...ids].some((id) => id !== known)) changed += 1;
    } else if (ids.size > 1) {
      conflicting += 1;
    } else {
      S.registry.set(uscc, [...ids][0]);
      added += 1;
    }
  }
  registryChanged((u) => u.registryAdded(added, changed, conflicting));
}

function setUp() {
  $('lang').addEventListener('click', () => {
    S.lang = S.lang === 'zh' ? 'en' : 'zh';
    $('export-lang').value = S.lang;
    render();
  });
  watchDrops($('drop'), (data) => {
    const entries = entriesOf(data);  // now: the browser empties dataTransfer after the event
    if (entries.length) addInputs(() => fromEntries(entries));
  });
  for (const id of ['files', 'folder']) {
    $(id).addEventListener('change', (event) => {
      const files = [...event.target.files];
      event.target.value = '';  // the same selection again is checked again
      if (files.length) addInputs(async () => fromFileList(files));
    });
  }
  $('clear').addEventListener('click', clearBatch);

  $('search').addEventListener('input', () => {
    S.filter.q = $('search').value;
    S.page = 0;
    render();
  });
  for (const [id, key] of [['filter-status', 'status'], ['filter-signature', 'signature'], ['filter-duplicate', 'duplicate']]) {
    $(id).addEventListener('change', () => {
      S.filter[key] = $(id).value;
      S.page = 0;
      render();
    });
  }
  $('table-head').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (!button) return;
    const key = button.dataset.sort === 'file' ? 'order' : button.dataset.sort;
    S.sort = { key, dir: S.sort.key === key ? -S.sort.dir : 1 };
    S.page = 0;
    render();
    $('table-head').querySelector(`button[data-sort="${button.dataset.sort}"]`)?.focus();
  });
  $('table-body').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-open]');
    if (button) openDetail(Number(button.dataset.open), button);
  });
  $('page-prev').addEventListener('click', () => { S.page = Math.max(0, S.page - 1); render(); });
  $('page-next').addEventListener('click', () => { S.page += 1; render(); });
  $('page-size').addEventListener('change', () => {
    S.pageSize = Number($('page-size').value) || 100;
    S.page = 0;
    render();
  });

  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail-prev').addEventListener('click', () => stepDetail(-1));
  $('detail-next').addEventListener('click', () => stepDetail(1));
  $('detail').addEventListener('close', () => {
    const key = S.detailKey;
    S.detailKey = null;
    const row = document.querySelector(`button[data-open="${key}"]`) ?? S.detailOpener;
    if (row?.isConnected) row.focus();
  });

  $('export-csv').addEventListener('click', () => runExport('csv'));
  $('export-xlsx').addEventListener('click', () => runExport('xlsx'));
  $('export-findings').addEventListener('click', () => runExport('findings'));

  $('registry-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    try {
      S.registry = M.parseRegistry(await file.text());
      const size = S.registry.size;
      registryChanged((u) => u.registryImported(size));
    } catch (error) {
      const why = error?.message ?? String(error);
      S.registryMessage = (u) => u.registryBad(why);
      render();
    }
  });
  $('registry-export').addEventListener('click', () => {
    if (S.registry) download(new Blob([M.registryText(S.registry)], { type: 'application/json' }), `cxjf-keys-${CHECK_DATE}.json`);
  });
  $('registry-add').addEventListener('click', addBatchKeys);
  $('registry-clear').addEventListener('click', () => {
    if (!S.confirmClear) {
      S.confirmClear = true;
      renderRegistry();
      return;
    }
    S.confirmClear = false;
    S.registry = null;
    registryChanged((u) => u.registryCleared);
  });
  $('registry-clear').addEventListener('blur', () => {
    if (S.confirmClear) {
      S.confirmClear = false;
      renderRegistry();
    }
  });
}

setUp();
render();
try {
  S.info = await pool.info();
  regionIndex = columnIndex('region');
  industryIndex = columnIndex('industry');
  S.status = 'ready';
  for (const id of ['files', 'folder']) $(id).disabled = false;
  pool.warm().catch(() => {});
} catch (error) {
  S.status = 'failed';
  S.error = error?.message ?? String(error);
}
render();
