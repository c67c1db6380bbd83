// The bureau page's table: one row per file in the CLI's order, sortable, filterable and searchable, drawn a page
// at a time (only the rows on the visible page exist in the document). Every cell is the engine's answer kept in the
// file's row (bureau-row.js) or in the batch's derived() (duplicates, peer ranks); sorting and filtering only order
// and pick rows.
import { signatureKey } from './bureau-row.js';

const $ = (id) => document.getElementById(id);
const PROFILES = ['tech-sme', 'high-tech', 'innovative-sme'];
const ESTIMATE = 'innovation-points-estimate';
export const COLUMNS = ['order', 'file', 'name', 'uscc', 'region', 'industry', 'status', 'signature', 'errors', 'warnings',
                        ...PROFILES, 'estimate', 'percentile', 'duplicate'];
const NUMERIC = new Set(['order', 'errors', 'warnings', ...PROFILES, 'estimate', 'percentile']);
// Orders in which the table sorts the engine's words (display order, not a verdict).
const SIG_RANK = { changed: 0, invalid: 1, unknown: 2, unverified: 3, absent: 4, valid: 5, registered: 6, pending: 7 };
const STATUS_RANK = { ok: 0, warnings: 1, errors: 2, unreadable: 3, pending: 4 };

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
export const srOnly = (text) => el('span', 'sr-only', text);

export const statusKey = (file) => file.row?.status ?? 'pending';

export function createTable(page) {
  const collator = new Intl.Collator(['zh-CN', 'en'], { numeric: true });
  const view = {
    filter: { q: '', status: '', signature: '', duplicate: '' },
    sort: { key: 'order', dir: 1 },
    page: 0,
    pageSize: 100,
    visible: [],            // the files the filters let through, in the table's order
    firstRowMarked: false,
    drawnHead: null,        // what the head and the body were last drawn from: drawn again only when it changed
    drawnBody: null,
    drawnAt: 0,
  };
  // Text set only when it changes (setting the same text still makes the browser lay the page out again).
  const say = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };
  const set = (id, property, value) => { if ($(id)[property] !== value) $(id)[property] = value; };

  const at = (file) => page.derived?.byIndex.get(file.index) ?? {};

  function scoreOf(file, id) {
    const s = file.row?.scores?.[id === 'estimate' ? ESTIMATE : id];
    if (!s || typeof s.score !== 'number') return null;
    return id === 'estimate' ? s.score + (s.bonus ?? 0) : s.score;  // the column's order: base and bonus shown together
  }

  function sortValue(file, key) {
    const row = file.row;
    switch (key) {
      case 'name': return row?.name || null;
      case 'uscc': return row?.uscc || null;
      case 'region': case 'industry': return row?.[key] || null;
      case 'status': return STATUS_RANK[statusKey(file)];
      case 'signature': return SIG_RANK[signatureKey(row)];
      case 'errors': return row ? row.counts.errors : null;
      case 'warnings': return row ? row.counts.warnings : null;
      case 'percentile': return at(file).peer?.percentile ?? null;
      case 'duplicate': { const d = at(file).duplicate; return d ? (d.why === 'chosen' ? 1 : 2) : 0; }
      default: return scoreOf(file, key);
    }
  }

  function visibleFiles() {
    const f = view.filter;
    const q = f.q.trim().toLowerCase();
    const all = page.files.files();
    const filtered = !f.status && !f.signature && !f.duplicate && !q;
    const list = filtered ? all.slice() : all.filter((file) => {
      if (f.status && statusKey(file) !== f.status) return false;
      if (f.signature) {
        const k = signatureKey(file.row);
        if (f.signature === 'valid' ? k !== 'valid' && k !== 'registered' : k !== f.signature) return false;
      }
      const dup = at(file).duplicate;
      if (f.duplicate === 'any' && !dup) return false;
      if (f.duplicate === 'superseded' && !(dup && dup.why !== 'chosen')) return false;
      if (f.duplicate === 'hideSuperseded' && dup && dup.why !== 'chosen') return false;
      return !q || (file.row?.search ?? file.name.toLowerCase()).includes(q);
    });
    const { key, dir } = view.sort;
    if (key !== 'order') {
      const values = new Map(list.map((file) => [file, sortValue(file, key)]));
      const text = !NUMERIC.has(key) && key !== 'status' && key !== 'signature' && key !== 'duplicate';
      list.sort((a, b) => {
        const x = values.get(a);
        const y = values.get(b);
        if (x === null || y === null) return (x === null) - (y === null) || a.index - b.index;  // missing: always last
        const c = text ? collator.compare(x, y) : x - y;
        return c * dir || a.index - b.index;
      });
    } else if (dir < 0) {
      list.reverse();
    }
    return list;
  }

  function renderTexts() {
    const ui = page.ui();
    $('search').placeholder = ui.searchHint;
    $('pager').setAttribute('aria-label', ui.pages);
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

  function renderHead() {
    const ui = page.ui();
    const drawn = `${page.lang} ${view.sort.key} ${view.sort.dir}`;
    if (view.drawnHead === drawn) return;
    view.drawnHead = drawn;
    $('table-head').replaceChildren(...COLUMNS.map((key) => {
      const th = el('th');
      th.scope = 'col';
      if (NUMERIC.has(key)) th.className = 'num';
      if (key === 'order') {  // the batch order: what 文件 sorts by
        th.append(el('span', null, ui.columns[key]));
        return th;
      }
      const sorted = key === 'file' ? view.sort.key === 'order' : view.sort.key === key;
      th.setAttribute('aria-sort', sorted ? (view.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      const button = el('button', 'sort', ui.columns[key]);
      button.type = 'button';
      button.dataset.sort = key;
      button.title = ui.sortBy(ui.columns[key]);
      // The estimate and the percentiles ranked by it are labelled 非官方估算 wherever they are shown.
      if (key === 'estimate' || key === 'percentile') button.append(el('span', 'label', ui.estimateLabel));
      if (sorted) button.append(el('span', 'arrow', view.sort.dir > 0 ? ' ▲' : ' ▼'));
      th.append(button);
      return th;
    }));
  }

  function scoreCell(file, id) {
    const ui = page.ui();
    const td = el('td', 'num');
    const s = file.row?.scores?.[id === 'estimate' ? ESTIMATE : id];
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

  // ranked: with its peer rank and duplicate cells (not while files are being checked).
  function renderRow(file, ranked) {
    const ui = page.ui();
    const { row } = file;
    const status = statusKey(file);
    const sig = signatureKey(row);
    const tr = el('tr', `status-${status}`);
    tr.dataset.key = String(file.key);
    const fileCell = el('td', 'col-file');
    const open = el('button', 'link', file.name);
    open.type = 'button';
    open.dataset.open = String(file.key);
    open.setAttribute('aria-label', ui.open(file.name));
    fileCell.append(open);
    const statusCell = el('td', 'col-status');
    statusCell.append(el('span', 'badge', file.row ? page.statusWord(status) : ui.statusNames.pending));
    const sigCell = el('td', 'col-signature');
    if (sig !== 'pending') sigCell.append(el('span', `sig sig-${sig}`, ui.sigNames[sig] ?? sig));
    const { peer, duplicate } = ranked ? at(file) : {};
    const pct = el('td', 'num', peer ? peer.percentileText : '');
    if (peer) pct.title = ui.percentileTitle(peer);
    const size = duplicate?.group.files.length;
    const chosen = duplicate?.why === 'chosen';
    const dup = el('td', 'col-dup', duplicate ? (chosen ? ui.dupWinner(size) : ui.dupLoser(size)) : '');
    if (duplicate) dup.classList.add(chosen ? 'dup-used' : 'dup-superseded');
    tr.append(
      el('td', 'num', String(file.index + 1)), fileCell, el('td', 'col-name', row?.name ?? ''), el('td', 'col-uscc', row?.uscc ?? ''),
      el('td', 'col-region', row?.region ?? ''), el('td', 'col-industry', row?.industry ?? ''), statusCell, sigCell,
      el('td', 'num', row ? String(row.counts.errors) : ''), el('td', 'num', row ? String(row.counts.warnings) : ''),
      ...PROFILES.map((id) => scoreCell(file, id)), scoreCell(file, 'estimate'), pct, dup,
    );
    return tr;
  }

  function render() {
    const ui = page.ui();
    renderHead();
    const list = visibleFiles();
    view.visible = list;
    const pages = Math.max(1, Math.ceil(list.length / view.pageSize));
    view.page = Math.min(view.page, pages - 1);
    const from = view.page * view.pageSize;
    const shown = list.slice(from, from + view.pageSize);
    // While files are being checked the rows shown are drawn again at most every 1.5 s (the browser lays out and
    // shapes the text of every cell again), and peer ranks and duplicates, which move with every file, once at the end.
    const busy = page.busy();
    const drawn = [page.lang, ...shown.map((file) => {
      const { peer, duplicate } = busy ? {} : at(file);
      return `${file.key}.${file.index}.${file.row?.stamp ?? 0}.${peer?.percentileText ?? ''}.${duplicate?.why ?? ''}.${duplicate?.group.files.length ?? ''}`;
    })].join(' ');
    const now = performance.now();
    if (view.drawnBody !== drawn && (!busy || !view.firstRowMarked || now - view.drawnAt > 1500)) {
      view.drawnBody = drawn;
      view.drawnAt = now;
      $('table-body').replaceChildren(...shown.map((file) => renderRow(file, !busy)));
    }
    set('no-rows', 'hidden', list.length > 0);
    say('no-rows', page.files.size ? ui.noRows : ui.empty);
    say('page-info', list.length ? ui.page(view.page + 1, pages, from + 1, from + shown.length, list.length) : '');
    set('page-prev', 'disabled', view.page === 0);
    set('page-next', 'disabled', view.page >= pages - 1);
    if (!view.firstRowMarked && shown.some((file) => file.row)) {
      view.firstRowMarked = true;
      performance.mark('bureau:first-row');
    }
  }

  // What has the keyboard focus in the table (a sort button, a file's button), to give it back after the table is
  // drawn again (every 300 ms while files are being checked).
  function focusedControl() {
    const a = document.activeElement;
    if (a?.dataset?.sort) return `#table-head button[data-sort="${a.dataset.sort}"]`;
    if (a?.dataset?.open && a.closest('#table-body')) return `#table-body button[data-open="${a.dataset.open}"]`;
    return null;
  }

  $('search').addEventListener('input', () => {
    view.filter.q = $('search').value;
    view.page = 0;
    page.render();
  });
  for (const [id, key] of [['filter-status', 'status'], ['filter-signature', 'signature'], ['filter-duplicate', 'duplicate']]) {
    $(id).addEventListener('change', () => {
      view.filter[key] = $(id).value;
      view.page = 0;
      page.render();
    });
  }
  $('table-head').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (!button) return;
    const key = button.dataset.sort === 'file' ? 'order' : button.dataset.sort;
    view.sort = { key, dir: view.sort.key === key ? -view.sort.dir : 1 };
    view.page = 0;
    page.render();
    $('table-head').querySelector(`button[data-sort="${button.dataset.sort}"]`)?.focus();
  });
  $('page-prev').addEventListener('click', () => { view.page = Math.max(0, view.page - 1); page.render(); });
  $('page-next').addEventListener('click', () => { view.page += 1; page.render(); });
  $('page-size').addEventListener('change', () => {
    view.pageSize = Number($('page-size').value) || 100;
    view.page = 0;
    page.render();
  });

  return { render, renderTexts, focusedControl, visible: () => view.visible, derivedOf: at };
}
