// 创新积分制企业信息填报: the enterprise form. The filing is one JSON value (form-model.js) edited in place at JSON
// Pointers; every change is saved as a draft at once and checked in the engine's worker at once (one check at a
// time, the latest state next: see pump()); each finding is shown at its field and in the problem list;
// pre-scores (form-scores.js); export and signing (signer.js and backup-dialog.js, loaded when first used).
// Every text from a file, a user or the engine is set with textContent or as a text node, never parsed as HTML.
import { createClient } from './client.js';
import * as M from './form-model.js';
import { renderScores } from './form-scores.js';
import { loadTexts, UI } from './form-text.js';
import { applyPageTexts } from './page-texts.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const pad = (n) => String(n).padStart(2, '0');
const today = new Date();
// ?checkDate= exists for the tests and the latency bench; a filer never needs it.
const CHECK_DATE = /^\d{4}-\d{2}-\d{2}$/.test(query.get('checkDate') ?? '')
  ? query.get('checkDate') : `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
const LANG_KEY = 'cxjf.form.lang';
const MONEY_ROWS = ['revenue', 'mainBusinessRevenue', 'highTechRevenue', 'totalCostExpense', 'rdExpense', 'rdExpenseDomestic',
  'netProfit', 'taxPaid', 'totalAssets', 'totalLiabilities', 'techContractTurnover', 'equityFinancing'];
const STAFF_ROWS = ['employees', 'techStaff', 'rdStaff', 'masters', 'doctors', 'freshGraduates'];
const IP_FIELDS = ['inventionPatents', 'inventionPatentsHighValue', 'inventionPatentsAcquired', 'utilityModels', 'designs',
  'softwareCopyrights', 'icLayouts', 'plantVarieties', 'newDrugs', 'pctApplications', 'nationalCropVarieties', 'firstGradeTcmVarieties'];
// Each profile's notes (how it reads its published method, what it approximates), shown with its pre-score when
// the reader opens them: profile-notes.json, written by the build from forms/2025/profiles (once per visit).
let notesFile = null;
function profileNotes(id) {
  notesFile ??= fetch('profile-notes.json', { credentials: 'same-origin' }).then((r) => {
    if (!r.ok) throw new Error(`profile-notes.json: HTTP ${r.status}`);
    return r.json();
  }).catch((e) => {
    notesFile = null;
    throw e;
  });
  return notesFile.then((all) => all[id]);
}
// National honours, each the year it was recognised (optional: empty when the enterprise does not hold it).
const HONOURS = ['nationalTechInnovationDemoYear', 'nationalIpAdvantageYear', 'nationalIpDemonstrationYear'];
const LISTS = {
  rdInstitutions: [['level', 'select', 'level3'], ['kind', 'select', 'kind'], ['name', 'text'], ['approvedOn', 'date']],
  awards: [['level', 'select', 'level2'], ['name', 'text'], ['year', 'count'], ['rank', 'count']],
  standards: [['level', 'select', 'standardLevel'], ['role', 'select', 'role'], ['code', 'text'], ['year', 'count']],
  projects: [['level', 'select', 'level2'], ['name', 'text'], ['year', 'count'], ['funding', 'money']],
};

const cxjf = createClient();
const S = {
  lang: readLang(),
  forms: null,                 // labels, regions, industries, banks, schema, rule titles (from the engine)
  filing: M.emptyFiling(),
  raw: {},                     // pointer → text typed that is not a value yet (e.g. 5 decimals)
  showAll: false,              // show "required" findings at fields not visited yet
  touched: new Set(),
  fields: new Map(),           // pointer → { ptr, input (focus), msg, hint, kind, group, issues }
  stash: new Map(),            // blocks switched off, brought back when switched on again
  result: null, scores: null, version: 0, checked: -1, inflight: false, first: true, signing: false,
};
// The signing code (signer.js: keys, envelopes, downloads) and the backup dialog: fetched on the first export.
const signingCode = () => Promise.all([import('./signer.js'), import('./backup-dialog.js')])
  .then(([signer, { askBackupPassword }]) => ({ signer, askBackupPassword }));
const t = () => UI[S.lang];

function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// ---- labels (forms/2025/labels.*.json) ----------------------------------------------------------------------------
const patternOf = (ptr) => ptr.replace(/\/\d+(?=\/|$)/g, '/*');
const entryOf = (ptr) => S.forms.labels[S.lang][patternOf(ptr)];
const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (m, k) => (vars[k] ?? m));
const yearAt = (i) => (Number.isInteger(S.filing.annual?.[i]?.year) ? S.filing.annual[i].year : M.YEARS[i]);
function varsOf(ptr) {
  const ts = M.tokens(ptr);
  const index = ts.find((x) => /^\d+$/.test(x));
  if (index === undefined) return {};
  return { n: Number(index) + 1, year: ts[0] === 'annual' ? yearAt(Number(index)) : '' };
}
function labelOf(ptr) {
  const e = entryOf(ptr);
  const text = typeof e === 'string' ? e : e?.label;
  return text ? fill(text, varsOf(ptr)) : ptr;
}
const formatOf = (ptr) => { const e = entryOf(ptr); return typeof e === 'object' ? e?.format : undefined; };
// '第 {n} 项科技奖励的名称' → '名称', 'Name of award {n}' → 'Name': the row's legend says which award.
function shortLabel(ptr) {
  const e = entryOf(ptr);
  const text = (typeof e === 'string' ? e : e?.label) ?? ptr;
  const zh = text.lastIndexOf('的');
  if (zh >= 0) return text.slice(zh + 1);
  return /^(.+?) (?:of|in) .*\{n\}/.exec(text)?.[1] ?? fill(text, varsOf(ptr));
}
// '{year} 年营业收入' → '营业收入': the column says which year.
const rowLabel = (key) => (entryOf(`/annual/0/${key}`) ?? key).replace(/\s*\{year\}\s*年?/, '').trim();
const options = (name) => Object.entries(t().options[name]);
const idOf = (ptr) => `f${ptr.replace(/[^A-Za-z0-9_]/g, '-')}`;
const message = (i) => (S.lang === 'zh' ? i.message_zh : i.message_en);
const sevWord = (sev) => `${t().severity[sev]}${S.lang === 'zh' ? '：' : ': '}`;
const ruleTitle = (rule) => S.forms.rules[rule]?.title?.[S.lang] ?? rule;

// ---- fields ---------------------------------------------------------------------------------------------------------
function register(ptr, f) {
  f.ptr = ptr;
  f.issues = [];
  S.fields.set(ptr, f);
  return f;
}
function unregister(prefix) {
  for (const key of [...S.fields.keys()]) if (key === prefix || key.startsWith(`${prefix}/`)) S.fields.delete(key);
}

function makeInput(id, kind, choices) {
  if (kind === 'select') {
    return h('select', { id }, h('option', { value: '' }, t().choose), choices.map(([v, text]) => h('option', { value: v }, text)));
  }
  if (kind === 'bool') return h('input', { type: 'checkbox', id });
  if (kind === 'textarea') return h('textarea', { id, rows: 3 });
  const modes = { money: 'decimal', count: 'numeric', date: 'numeric', email: 'email', tel: 'tel' };
  return h('input', {
    type: 'text', id, class: `k-${kind}`, inputmode: modes[kind], autocomplete: { email: 'email', tel: 'tel' }[kind] ?? 'off',
    spellcheck: 'false', placeholder: kind === 'date' ? 'YYYY-MM-DD' : undefined, maxlength: kind === 'date' ? 10 : undefined,
  });
}

// A labelled input bound to the filing at ptr. opts: label, short (row label), choices, cell (a table cell: the label
// is its aria-label), wide, unit, onEdit(parsed).
function field(ptr, kind, opts = {}) {
  const id = idOf(ptr);
  const input = makeInput(id, kind, opts.choices);
  const msg = h('div', { class: 'msg', id: `${id}-m` });
  const money = kind === 'money' || kind === 'moneySigned';
  let text = opts.label ?? (opts.short ? shortLabel(ptr) : labelOf(ptr));
  if (money || opts.unit) text = t().withUnit(text, money ? t().wan : opts.unit);
  const format = formatOf(ptr);
  const hint = format && !opts.cell ? h('span', { class: 'format', id: `${id}-h` }, format) : null;
  const f = register(ptr, { input, msg, hint, kind, onEdit: opts.onEdit });
  showValue(f);
  input.addEventListener(kind === 'select' || kind === 'bool' ? 'change' : 'input', () => edit(f));
  input.addEventListener('blur', () => {
    if (S.touched.has(ptr)) return;
    S.touched.add(ptr);
    paint(f);
  });
  describe(f, false);
  if (opts.cell) {
    input.setAttribute('aria-label', text);
    return [input, msg];
  }
  if (kind === 'bool') return h('div', { class: 'field check' }, h('label', {}, input, h('span', {}, text)), msg);
  return h('div', { class: `field${opts.wide ? ' wide' : ''}` }, h('label', { for: id, class: opts.hideLabel ? 'sr-only' : null }, text), input, hint, msg);
}

function showValue(f) {
  const v = M.getAt(S.filing, f.ptr);
  if (f.kind === 'bool') {
    f.input.checked = v === true;
    return;
  }
  let text = '';
  if (S.raw[f.ptr] !== undefined) text = S.raw[f.ptr];
  else if (f.kind === 'money' || f.kind === 'moneySigned') text = M.yuanToWan(v) ?? '';
  else if (f.kind === 'count') text = Number.isSafeInteger(v) ? String(v) : '';
  else if (typeof v === 'string') text = v;
  // A value a file brought that is not one of the choices stays visible (the engine reports it).
  if (f.kind === 'select' && text && ![...f.input.options].some((o) => o.value === text)) f.input.append(h('option', { value: text }, text));
  f.input.value = text;
}

function parse(f) {
  const text = f.input.value;
  switch (f.kind) {
    case 'bool': return { value: f.input.checked };
    case 'money': return M.wanToYuan(text);
    case 'moneySigned': return M.wanToYuan(text, { signed: true });
    case 'count': return M.parseCount(text);
    case 'upper': return text === '' ? { empty: true } : { value: text.toUpperCase() };
    default: return text === '' ? { empty: true } : { value: text };
  }
}

function edit(f) {
  const parsed = parse(f);
  if (parsed.error) {
    S.raw[f.ptr] = f.input.value;
    M.removeAt(S.filing, f.ptr);
  } else {
    delete S.raw[f.ptr];
    if (parsed.empty) M.removeAt(S.filing, f.ptr);
    else M.setAt(S.filing, f.ptr, parsed.value);
  }
  f.onEdit?.(parsed);
  paint(f);
  changed();
}

function describe(f, withMessage) {
  if (f.group) return;  // a group's message sits at its legend or column head; its focus target has its own
  const ids = [f.hint?.id, withMessage ? f.msg.id : null].filter(Boolean);
  if (ids.length) f.input.setAttribute('aria-describedby', ids.join(' '));
  else f.input.removeAttribute('aria-describedby');
}

// The field's findings (or its own parse error) under it; "required" ones only once the field was visited.
function paint(f) {
  const lines = [];
  const local = S.raw[f.ptr] !== undefined ? parse(f).error : null;
  if (local) lines.push(['error', t().local[local], 'local']);
  else {
    for (const i of f.issues) {
      if (i.rule === 'S-REQUIRED' && !S.showAll && !S.touched.has(f.ptr)) continue;
      lines.push([i.explained ? 'explained' : i.severity, message(i), i.rule]);
    }
  }
  const key = S.lang + JSON.stringify(lines);
  if (f.painted === key) return;
  f.painted = key;
  f.msg.replaceChildren(...lines.map(([sev, text, rule]) => h('p', { class: `sev-${sev}`, 'data-rule': rule },
                                                              h('span', { class: 'sev' }, sevWord(sev)), text)));
  if (f.group) return;
  const error = lines.some(([sev]) => sev === 'error');
  if (error) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
  f.input.classList.toggle('has-error', error);
  f.input.classList.toggle('has-warning', !error && lines.some(([sev]) => sev === 'warning'));
  describe(f, lines.length > 0);
}

// ---- composite fields -----------------------------------------------------------------------------------------------
const fieldset = (legend, cls, ...children) => h('fieldset', { class: cls }, h('legend', {}, legend), ...children);
const under = (table, prefix) => Object.entries(table).filter(([k]) => k.startsWith(prefix));
function fillSelect(select, entries) {
  select.replaceChildren(h('option', { value: '' }, t().choose), ...entries.map(([k, v]) => h('option', { value: k }, v)));
}

// Cascaded code pickers that write one code field, and follow the code when it is typed in.
function picker(ptr, names, levels, codeOf, sync, { upper = false } = {}) {
  let picking = false;
  const codeField = field(ptr, upper ? 'upper' : 'text', { label: t().code, onEdit: () => { if (!picking) sync(selects, code.value); } });
  const code = S.fields.get(ptr).input;
  const selects = names.map((name, i) => h('select', { id: `${idOf(ptr)}-${i}` }));
  selects.forEach((select, i) => select.addEventListener('change', () => {
    for (let j = i + 1; j < selects.length; j += 1) fillSelect(selects[j], j === i + 1 && select.value ? levels[j](select.value) : []);
    picking = true;
    code.value = codeOf(selects);
    edit(S.fields.get(ptr));
    picking = false;
  }));
  fillSelect(selects[0], levels[0]());
  sync(selects, code.value);
  return fieldset(labelOf(ptr), 'picker wide',
    h('div', { class: `picker-row levels-${names.length}` }, names.map((name, i) => h('div', { class: 'field' }, h('label', { for: selects[i].id }, name), selects[i]))),
    codeField);
}

function regionPicker() {
  const R = S.forms.regions;
  const levels = [() => Object.entries(R.provinces), (p) => under(R.cities, p), (c) => under(R.counties, c)];
  const sync = ([prov, city, county], value) => {
    const c = value.trim();
    prov.value = R.provinces[c.slice(0, 2)] ? c.slice(0, 2) : '';
    fillSelect(city, prov.value ? levels[1](prov.value) : []);
    city.value = prov.value && R.cities[c.slice(0, 4)] ? c.slice(0, 4) : '';
    fillSelect(county, city.value ? levels[2](city.value) : []);
    county.value = city.value && R.counties[c] ? c : '';
  };
  const node = picker('/enterprise/regionCode', t().region, levels, (s) => s[2].value, sync);
  const code = S.fields.get('/enterprise/regionCode').input;
  code.maxLength = 6;
  code.inputMode = 'numeric';
  return node;
}

function industryPicker() {
  const I = S.forms.industries;
  const groupsOf = (d) => [...new Set(Object.keys(I.classes).filter((k) => k.startsWith(d)).map((k) => k.slice(0, 3)))]
    .map((g) => [g, `${g} ${I.groups[g] ?? I.classes[`${g}0`] ?? I.classes[Object.keys(I.classes).find((k) => k.startsWith(g))]}`]);
  const levels = [
    () => Object.entries(I.sections).map(([k, v]) => [k, `${k} ${v}`]),
    (s) => Object.entries(I.divisions).filter(([, d]) => d.section === s).map(([k, d]) => [k, `${k} ${d.name}`]),
    groupsOf,
    (g) => under(I.classes, g).map(([k, v]) => [k, `${k} ${v}`]),
  ];
  const sync = ([sec, div, group, cls], value) => {
    const m = /^([A-T])(\d{0,4})/.exec(value.trim().toUpperCase());
    const digits = m?.[2] ?? '';
    sec.value = m && I.sections[m[1]] ? m[1] : '';
    fillSelect(div, sec.value ? levels[1](sec.value) : []);
    div.value = sec.value && I.divisions[digits.slice(0, 2)]?.section === sec.value ? digits.slice(0, 2) : '';
    fillSelect(group, div.value ? levels[2](div.value) : []);
    group.value = div.value && digits.length >= 3 && [...group.options].some((o) => o.value === digits.slice(0, 3)) ? digits.slice(0, 3) : '';
    fillSelect(cls, group.value ? levels[3](group.value) : []);
    cls.value = group.value && I.classes[digits] ? digits : '';
  };
  const node = picker('/enterprise/industryCode', t().industry, levels, (s) => (s[3].value ? s[0].value + s[3].value : ''), sync, { upper: true });
  S.fields.get('/enterprise/industryCode').input.maxLength = 5;
  return node;
}

// A block that is null when switched off (高企证书, 科技型中小企业, 高新区): a tick box, and the fields when on.
function nullable(ptr, toggleText, build, { isOn, onValue }) {
  const toggle = h('input', { type: 'checkbox', id: `${idOf(ptr)}-on` });
  const msg = h('div', { class: 'msg', id: `${idOf(ptr)}-on-m` });
  const body = h('div', { class: 'grid toggle-body' });
  const render = () => {
    unregister(ptr);
    register(ptr, { input: toggle, msg, kind: 'toggle' });
    body.replaceChildren(...(toggle.checked ? build() : []));
    body.hidden = !toggle.checked;
  };
  toggle.checked = isOn(M.getAt(S.filing, ptr));
  render();
  toggle.addEventListener('change', () => {
    const v = M.getAt(S.filing, ptr);
    if (toggle.checked) onValue(S.stash.get(ptr));
    else {
      if (v !== undefined && v !== null) S.stash.set(ptr, v);
      M.setAt(S.filing, ptr, null);
    }
    render();
    paint(S.fields.get(ptr));
    changed();
  });
  return fieldset(labelOf(ptr), 'block wide', h('label', { class: 'toggle' }, toggle, h('span', {}, toggleText)), msg, body);
}

const isObject = (v) => v !== null && typeof v === 'object';

// Repeatable rows (研发机构, 奖励, 标准, 项目): add at the end, remove any; focus follows.
function listBlock(name) {
  const ptr = `/qualifications/${name}`;
  const legend = labelOf(ptr);
  const rows = h('div', { class: 'rows' });
  const add = h('button', { type: 'button', class: 'add' }, `＋ ${t().add(legend)}`);
  const msg = h('div', { class: 'msg', id: `${idOf(ptr)}-m` });
  const render = (focus) => {
    unregister(ptr);
    register(ptr, { input: add, msg });
    const items = M.getAt(S.filing, ptr);
    rows.replaceChildren(...(Array.isArray(items) ? items : []).map((_, i) => row(i)));
    focus?.();
  };
  const row = (i) => {
    const rp = `${ptr}/${i}`;
    const title = labelOf(`${ptr}/${i}`);
    const rmsg = h('div', { class: 'msg', id: `${idOf(rp)}-m` });
    const remove = h('button', { type: 'button', class: 'remove', 'aria-label': t().remove(title) }, t().removeShort);
    remove.addEventListener('click', () => {
      M.getAt(S.filing, ptr).splice(i, 1);
      shiftKeys(ptr, i);
      render(() => (rows.children[i] ?? rows.children[i - 1])?.querySelector('button.remove')?.focus() ?? add.focus());
      changed();
    });
    const grid = h('div', { class: 'grid' }, LISTS[name].map(([key, kind, o]) => field(`${rp}/${key}`, kind, { short: true, choices: o && options(o) })));
    const node = fieldset(title, 'row', grid, rmsg, remove);
    register(rp, { input: grid.querySelector('input, select'), msg: rmsg, group: true });
    return node;
  };
  add.addEventListener('click', () => {
    let items = M.getAt(S.filing, ptr);
    if (!Array.isArray(items)) M.setAt(S.filing, ptr, (items = []));
    items.push({});
    render(() => rows.lastElementChild?.querySelector('select, input')?.focus());
    changed();
  });
  render();
  return fieldset(legend, 'list wide', msg, rows, add);
}

// Typed-but-invalid texts and visited marks follow the rows when row i of a list is removed.
function shiftKeys(ptr, i) {
  const move = (key) => {
    if (!key.startsWith(`${ptr}/`)) return key;
    const [index, ...rest] = key.slice(ptr.length + 1).split('/');
    const n = Number(index);
    if (n < i) return key;
    return n === i ? null : [`${ptr}/${n - 1}`, ...rest].join('/');
  };
  S.raw = Object.fromEntries(Object.entries(S.raw).map(([k, v]) => [move(k), v]).filter(([k]) => k));
  S.touched = new Set([...S.touched].map(move).filter(Boolean));
}

// The three fiscal years side by side (rows = fields, columns = years), like the paper form.
function yearTable(keys, kind, caption, withColumns) {
  const head = h('tr', {}, h('th', { scope: 'col' }, t().rowHead), [0, 1, 2].map((i) => h('th', { scope: 'col' }, t().yearCol(yearAt(i)))));
  const colMsgs = [0, 1, 2].map((i) => h('div', { class: 'msg', id: `fannual-${i}-m` }));
  const body = keys.map((key) => h('tr', {},
    h('th', { scope: 'row' }, rowLabel(key)),
    [0, 1, 2].map((i) => h('td', { 'data-year': t().yearCol(yearAt(i)) }, field(`/annual/${i}/${key}`, key === 'netProfit' ? 'moneySigned' : kind, { cell: true }))),
  ));
  if (withColumns) {
    [0, 1, 2].forEach((i) => {
      const col = register(`/annual/${i}`, { input: S.fields.get(`/annual/${i}/${keys[0]}`).input, msg: colMsgs[i], group: true });
      S.fields.set(`/annual/${i}/year`, col);
    });
  }
  const thead = h('thead', {}, head, withColumns ? h('tr', { class: 'col-msgs' }, h('td'), colMsgs.map((m, i) => h('td', { 'data-year': t().yearCol(yearAt(i)) }, m))) : null);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'years' }, h('caption', {}, caption), thead, h('tbody', {}, body)));
}

// 意向银行: an ordered choice among the 21 lenders of banks.json — add, remove, move up and down, all with buttons.
function banksField() {
  const ptr = '/financing/loan/preferredBanks';
  const banks = S.forms.banks.banks;
  const nameOf = (id) => { const b = banks.find((x) => x.id === id); return b ? (S.lang === 'zh' ? b.name_zh : b.name_en) : String(id); };
  const list = h('ol', { class: 'banks' });
  const select = h('select', { id: 'bank-choose' });
  const addButton = h('button', { type: 'button' }, t().bankAdd);
  const empty = h('p', { class: 'muted' }, t().banksNone);
  const live = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  const msg = h('div', { class: 'msg', id: `${idOf(ptr)}-m` });
  const chosen = () => { const v = M.getAt(S.filing, ptr); return Array.isArray(v) ? v : null; };
  const focusItem = (i, which) => {
    const item = list.children[i];
    const wanted = item?.querySelector(`button.${which}:not(:disabled)`) ?? item?.querySelector('button:not(:disabled)');
    (wanted ?? select).focus();
  };
  const render = (focus) => {
    unregister(ptr);
    register(ptr, { input: select, msg });
    const ids = chosen() ?? [];
    list.replaceChildren(...ids.map((id, i) => item(id, i, ids.length)));
    fillSelect(select, banks.filter((b) => !ids.includes(b.id)).map((b) => [b.id, nameOf(b.id)]));
    empty.hidden = ids.length > 0;
    focus?.();
  };
  const item = (id, i, n) => {
    const name = nameOf(id);
    const imsg = h('div', { class: 'msg', id: `${idOf(ptr)}-${i}-m` });
    const button = (cls, text, disabled, action) => h('button', { type: 'button', class: cls, disabled, 'aria-label': `${text} ${name}`, onclick: action }, text);
    const move = (d) => () => {
      const ids = chosen();
      [ids[i], ids[i + d]] = [ids[i + d], ids[i]];
      render(() => focusItem(i + d, d < 0 ? 'up' : 'down'));
      live.textContent = t().bankMoved(name, i + d + 1);
      changed();
    };
    const remove = button('remove', t().removeShort, false, () => {
      chosen().splice(i, 1);
      render(() => (list.children.length ? focusItem(Math.min(i, list.children.length - 1), 'remove') : select.focus()));
      live.textContent = t().bankRemoved(name);
      changed();
    });
    const node = h('li', {}, h('span', { class: 'bank-name' }, h('span', { class: 'bank-no', 'aria-hidden': 'true' }, `${i + 1}.`), name),
      h('span', { class: 'bank-buttons' }, button('up', t().moveUp, i === 0, move(-1)), button('down', t().moveDown, i === n - 1, move(1)), remove), imsg);
    register(`${ptr}/${i}`, { input: remove, msg: imsg });
    return node;
  };
  addButton.addEventListener('click', () => {
    if (!select.value) return select.focus();
    let ids = chosen();
    if (!ids) M.setAt(S.filing, ptr, (ids = []));
    const id = select.value;
    ids.push(id);
    render(() => select.focus());
    live.textContent = t().bankAdded(nameOf(id), ids.length);
    changed();
  });
  render();
  return fieldset(labelOf(ptr), 'banks-field wide', h('p', { class: 'format' }, t().bankOrder), empty, list,
    h('div', { class: 'bank-add' }, h('label', { for: 'bank-choose' }, t().bankChoose), select, addButton), msg, live);
}

// ---- sections -------------------------------------------------------------------------------------------------------
function basicSection() {
  const E = '/enterprise';
  const C = `${E}/contact`;
  return [
    h('div', { class: 'grid' },
      field(`${E}/name`, 'text', { wide: true }),
      field(`${E}/uscc`, 'upper'),
      field(`${E}/establishedOn`, 'date'),
      regionPicker(),
      field(`${E}/address`, 'text', { wide: true }),
      field(`${E}/registeredCapital`, 'money'),
      field(`${E}/scale`, 'select', { choices: options('scale') }),
      industryPicker(),
      field(`${E}/listing`, 'select', { choices: options('listing') }),
      field(`${E}/strategicEmergingIndustry`, 'bool'),
      nullable(`${E}/highTechZone`, t().htzToggle, () => [field(`${E}/highTechZone`, 'text', { wide: true, hideLabel: true })], {
        isOn: (v) => v !== null,
        onValue: (s) => (typeof s === 'string' ? M.setAt(S.filing, `${E}/highTechZone`, s) : M.removeAt(S.filing, `${E}/highTechZone`)),
      })),
    fieldset(labelOf(C), 'block', h('div', { class: 'grid' },
      field(`${C}/name`, 'text'), field(`${C}/mobile`, 'tel'), field(`${C}/phone`, 'tel'), field(`${C}/email`, 'email'))),
  ];
}

function qualificationsSection() {
  const Q = '/qualifications';
  const block = (name, text, fields) => nullable(`${Q}/${name}`, text, fields, {
    isOn: isObject, onValue: (s) => M.setAt(S.filing, `${Q}/${name}`, isObject(s) ? s : {}),
  });
  return [h('div', { class: 'grid' },
    block('highTechEnterprise', t().hteToggle, () => [field(`${Q}/highTechEnterprise/certificateNo`, 'upper'), field(`${Q}/highTechEnterprise/issuedOn`, 'date')]),
    block('techSme', t().techSmeToggle, () => [field(`${Q}/techSme/registrationNo`, 'text'), field(`${Q}/techSme/year`, 'count')]),
    field(`${Q}/smeTier`, 'select', { choices: options('smeTier') }),
    fieldset(t().honours, 'block wide', h('div', { class: 'grid' }, HONOURS.map((k) => field(`${Q}/${k}`, 'count')))),
    Object.keys(LISTS).map(listBlock))];
}

function financingSection() {
  const F = '/financing';
  const box = (name, build) => {
    const node = h('div', { class: 'wide' });
    const render = () => {
      unregister(`${F}/${name}`);
      node.replaceChildren(...(M.getAt(S.filing, `${F}/needs${name[0].toUpperCase()}${name.slice(1)}`) === true ? [build()] : []));
    };
    render();
    // Ticked: the block is there (as it was, if it was there before); unticked: gone from the data (the schema forbids it).
    const onEdit = ({ value }) => {
      const ptr = `${F}/${name}`;
      const v = M.getAt(S.filing, ptr);
      if (value && v === undefined) M.setAt(S.filing, ptr, S.stash.get(ptr) ?? {});
      if (!value && v !== undefined) {
        S.stash.set(ptr, v);
        M.removeAt(S.filing, ptr);
      }
      render();
    };
    return [field(`${F}/needs${name[0].toUpperCase()}${name.slice(1)}`, 'bool', { onEdit }), node];
  };
  const loan = () => {
    const L = `${F}/loan`;
    const msg = h('div', { class: 'msg', id: `${idOf(L)}-m` });
    const grid = h('div', { class: 'grid' },
      field(`${L}/amount`, 'money'), field(`${L}/termMonths`, 'count'),
      field(`${L}/guarantee`, 'select', { choices: options('guarantee') }),
      field(`${L}/purpose`, 'textarea', { wide: true }), banksField());
    register(L, { input: S.fields.get(`${L}/amount`).input, msg, group: true });
    return fieldset(labelOf(L), 'block', msg, grid);
  };
  const equity = () => {
    const Q = `${F}/equity`;
    const msg = h('div', { class: 'msg', id: `${idOf(Q)}-m` });
    const grid = h('div', { class: 'grid' }, field(`${Q}/amount`, 'money'));
    register(Q, { input: S.fields.get(`${Q}/amount`).input, msg, group: true });
    return fieldset(labelOf(Q), 'block', msg, grid);
  };
  return [h('div', { class: 'grid' }, box('loan', loan), box('equity', equity))];
}

function exportSection() {
  const D = '/declaration';
  const sign = h('button', { type: 'button', id: 'sign', class: 'primary', 'aria-describedby': 'sign-needs' }, t().sign);
  sign.addEventListener('click', signFiling);
  const unsigned = h('button', { type: 'button', id: 'export-unsigned' }, t().exportUnsigned);
  unsigned.addEventListener('click', exportUnsigned);
  return [
    h('p', { id: 'export-status', class: 'export-status' }),
    h('p', { id: 'export-enterprise', class: 'muted' }),
    h('div', { id: 'stale' }),
    fieldset(labelOf(D), 'block',
      field(`${D}/truthful`, 'bool', { label: t().truthful }),
      h('div', { class: 'grid' }, field(`${D}/signatory`, 'text'), field(`${D}/date`, 'date'))),
    h('p', { id: 'sign-needs', class: 'muted' }, t().signNeeds),
    h('div', { class: 'export-buttons' }, sign, unsigned),
    h('p', { id: 'export-result', class: 'export-result', role: 'status' }),
    h('p', { class: 'muted' }, t().keysNote, ' ', h('a', { href: 'check.html' }, t().checkPage)),
  ];
}

function buildForm() {
  S.fields.clear();
  $('b-basic').replaceChildren(...basicSection());
  $('b-quals').replaceChildren(...qualificationsSection());
  $('b-annual').replaceChildren(yearTable(MONEY_ROWS, 'money', t().withUnit(t().sections.annual, t().wan), true));
  $('b-staff').replaceChildren(yearTable(STAFF_ROWS, 'count', t().withUnit(t().sections.staff, t().persons), false));
  $('b-ip').replaceChildren(h('div', { class: 'grid' }, IP_FIELDS.map((k) => field(`/ip/${k}`, 'count', { unit: t().pieces }))));
  $('b-financing').replaceChildren(...financingSection());
  $('b-export').replaceChildren(...exportSection());
  $('issues').replaceChildren();
  paintFindings();
  paintScores();
}

// ---- checking -------------------------------------------------------------------------------------------------------
function changed() {
  S.version += 1;
  document.body.dataset.version = S.version;
  $('statusbar').classList.add('checking');
  pump();  // first: the worker checks while the draft is being saved
  save();
}

function save() {
  try {
    localStorage.setItem(M.DRAFT_KEY, M.draftText(S));
  } catch {
    say('saveFailed');
  }
}

// Coalescing instead of a timer: a change is sent to the worker at once, unless a check is already on its way;
// then the change is only noted (S.version moves on), and when the answer comes the latest state is sent, once,
// however many changes came in between. Findings and pre-scores come from one check of one state (scores 'full') and
// are shown together, so they always belong to the same state; an answer for a
// state that has changed since is dropped unseen, as its successor is already on its way.
async function pump() {
  if (S.inflight || S.checked === S.version) return;
  S.inflight = true;
  const version = S.version;
  const text = JSON.stringify(S.filing);
  try {
    // One engine call: the findings and every profile in full, of one state.
    const result = await cxjf.check(text, { checkDate: CHECK_DATE, scores: 'full' });
    const scores = { status: result.status, profiles: result.profiles ?? [] };
    if (version === S.version) {
      S.result = result;
      S.scores = scores;
      S.checked = version;
      paintFindings();
      paintScores();
      $('statusbar').classList.remove('checking');
      document.body.dataset.checked = version;
      document.body.dataset.scored = version;
      if (S.first) {
        S.first = false;
        document.body.dataset.ready = 'true';
        performance.mark('cxjf-form-ready');
      }
    }
  } catch (error) {
    $('status').textContent = t().loadFailed + (error?.message ?? error);
  } finally {
    S.inflight = false;
    if (S.version !== version) pump();
  }
}

const sectionOf = (path) => {
  const [top, , key] = M.tokens(path);
  return { enterprise: 'basic', qualifications: 'quals', ip: 'ip', financing: 'financing' }[top]
    ?? (top === 'annual' ? (STAFF_ROWS.includes(key) ? 'staff' : 'annual') : 'export');
};

function localErrors() {
  return Object.keys(S.raw).map((ptr) => [ptr, S.fields.get(ptr)]).filter(([, f]) => f && parse(f).error);
}

function paintFindings() {
  const issues = S.result?.issues ?? [];
  const fields = new Set(S.fields.values());
  for (const f of fields) f.issues = [];
  for (const i of issues) S.fields.get(i.path)?.issues.push(i);
  for (const f of fields) paint(f);
  paintSummary(issues);
  paintStatus();
}

function findingNode(i) {
  const sev = i.explained ? 'explained' : i.severity;
  const attrs = { class: `finding sev-${sev}`, 'data-rule': i.rule, 'data-path': i.path };
  const content = [h('span', { class: 'sev' }, sevWord(sev)), message(i)];
  if (!S.fields.has(i.path)) return h('p', attrs, content);
  return h('button', { type: 'button', ...attrs, onclick: () => goTo(i.path) }, content);
}

// An unknown field (often a misspelt name) is not on the form: it can be renamed as suggested, or deleted.
function fixes(i) {
  if (i.rule !== 'S-UNKNOWN-FIELD' || M.getAt(S.filing, i.path) === undefined) return [];
  const name = M.tokens(i.path).at(-1);
  const parent = i.path.slice(0, i.path.lastIndexOf('/'));
  const to = i.values?.suggestion;
  const out = [];
  if (to && M.getAt(S.filing, `${parent}/${to}`) === undefined) {
    out.push(h('button', { type: 'button', class: 'fix', onclick: () => {
      M.setAt(S.filing, M.pointer(...M.tokens(parent), to), M.getAt(S.filing, i.path));
      M.removeAt(S.filing, i.path);
      const f = S.fields.get(M.pointer(...M.tokens(parent), to));
      if (f) { showValue(f); goTo(f.ptr); }
      changed();
    } }, t().renameField(name, to)));
  }
  out.push(h('button', { type: 'button', class: 'fix', onclick: () => { M.removeAt(S.filing, i.path); changed(); } }, t().removeField(name)));
  return out;
}

function renderItem(li, item) {
  const sig = S.lang + JSON.stringify(item.issue ?? item.group ?? item.missing ?? item.text);
  if (li.dataset.sig === sig) return;
  li.dataset.sig = sig;
  if (item.local) {
    li.className = 'sev-error';
    li.replaceChildren(h('button', { type: 'button', class: 'finding sev-error', 'data-rule': 'local', 'data-path': item.local, onclick: () => goTo(item.local) },
                         h('span', { class: 'sev' }, sevWord('error')), item.text));
  } else if (item.issue) {
    li.className = `sev-${item.issue.severity}`;
    li.replaceChildren(findingNode(item.issue), ...fixes(item.issue));
  } else if (item.group) {
    // The explanation box is made once per rule and never moved while the list changes around it (focus stays).
    const rule = item.rule;
    if (!li.firstChild) {
      const box = h('textarea', { id: `x-${rule}`, rows: 2, class: 'explanation', 'data-rule': rule });
      box.addEventListener('input', () => {
        if (box.value === '') {
          M.removeAt(S.filing, M.pointer('explanations', rule));
          if (isObject(S.filing.explanations) && !Object.keys(S.filing.explanations).length && !S.hadExplanations) delete S.filing.explanations;
        } else M.setAt(S.filing, M.pointer('explanations', rule), box.value);
        changed();
      });
      li.append(h('p', { class: 'group-title' }), h('ul', { class: 'group-list' }), h('label', { for: box.id }), box);
    }
    const [title, list, label, box] = li.children;
    const explained = item.group.every((i) => i.explained);
    li.className = `group ${explained ? 'sev-explained' : 'sev-warning'}`;
    title.replaceChildren(h('span', { class: 'sev' }, sevWord(explained ? 'explained' : 'warning')), ruleTitle(rule));
    list.replaceChildren(...item.group.map((i) => h('li', {}, findingNode(i))));
    label.textContent = t().explain(ruleTitle(rule));
    const text = S.filing.explanations?.[rule];
    if (document.activeElement !== box) box.value = typeof text === 'string' ? text : '';
  } else {
    const open = li.querySelector('details')?.open ?? item.missing.length <= 8;
    li.className = 'missing';
    li.replaceChildren(h('details', { open }, h('summary', {}, t().missingGroup(item.missing.length)),
                         h('ul', {}, item.missing.map((i) => h('li', {}, findingNode(i))))));
  }
}

// The problem list: parse errors of fields, then errors, warnings by rule with their explanation box, then the
// required fields not filled in yet. Entries are keyed, so what the user is typing in is never rebuilt.
function paintSummary(issues) {
  const items = [];
  const keys = new Set();
  const push = (item) => {
    let key = item.key;
    for (let n = 2; keys.has(key); n += 1) key = `${item.key}#${n}`;
    keys.add(key);
    items.push({ ...item, key });
  };
  for (const [ptr, f] of localErrors()) push({ key: `l${ptr}`, local: ptr, text: `${labelOf(ptr)}：${t().local[parse(f).error]}` });
  const warnings = new Map();
  const missing = [];
  for (const i of issues) {
    if (S.raw[i.path] !== undefined) continue;  // the field's own parse error says more
    if (i.rule === 'S-REQUIRED') missing.push(i);
    else if (i.severity === 'warning') warnings.set(i.rule, [...(warnings.get(i.rule) ?? []), i]);
    else push({ key: `e${i.rule}${i.path}${i.case ?? ''}`, issue: i });
  }
  for (const [rule, group] of warnings) push({ key: `w${rule}`, rule, group });
  if (missing.length) push({ key: 'missing', missing });
  const list = $('issues');
  const old = new Map([...list.children].map((n) => [n.dataset.key, n]));
  let prev = null;
  for (const item of items) {
    let li = old.get(item.key);
    if (li) old.delete(item.key);
    else li = h('li', { 'data-key': item.key });
    renderItem(li, item);
    const want = prev ? prev.nextElementSibling : list.firstElementChild;
    if (li !== want) list.insertBefore(li, want);
    prev = li;
  }
  for (const n of old.values()) n.remove();
  $('issues-empty').hidden = items.length > 0;
  $('issues-empty').textContent = t().noIssues;

  const perSection = {};
  for (const i of issues) if (!i.explained) perSection[sectionOf(i.path)] = (perSection[sectionOf(i.path)] ?? 0) + 1;
  for (const [ptr] of localErrors()) perSection[sectionOf(ptr)] = (perSection[sectionOf(ptr)] ?? 0) + 1;
  for (const badge of document.querySelectorAll('[data-count]')) {
    const n = perSection[badge.dataset.count] ?? 0;
    badge.replaceChildren(h('span', { 'aria-hidden': 'true' }, String(n)), h('span', { class: 'sr-only' }, t().issueCount(n)));
    badge.hidden = !n;
  }
}

function statusNow() {
  const c = S.result?.counts ?? { errors: 0, warnings: 0, explained: 0 };
  const local = localErrors().length;
  const status = local ? 'errors' : S.result?.status ?? 'errors';
  return { status, counts: { errors: c.errors + local, warnings: c.warnings - c.explained, allWarnings: c.warnings, explained: c.explained } };
}

function paintStatus() {
  if (!S.result) return;
  const { status, counts } = statusNow();
  const text = t().status(status, counts);
  if ($('status').textContent !== text) $('status').textContent = text;
  $('statusbar').dataset.status = status;
  const e = S.filing.enterprise ?? {};
  const exportStatus = $('export-status');
  if (!exportStatus) return;
  exportStatus.textContent = text;
  exportStatus.dataset.status = status;
  $('export-enterprise').textContent = t().enterpriseLine(typeof e.name === 'string' ? e.name : '', typeof e.uscc === 'string' ? e.uscc : '');
  $('sign').disabled = status !== 'ok' || S.signing || S.checked !== S.version;
  $('sign').textContent = S.signing ? t().signing : t().sign;
  $('sign-needs').hidden = status === 'ok';
  // Explanations the file holds for warnings that are not there (any more): kept, shown, and removable.
  const warned = new Set((S.result?.issues ?? []).filter((i) => i.severity === 'warning').map((i) => i.rule));
  const stale = Object.entries(isObject(S.filing.explanations) ? S.filing.explanations : {}).filter(([rule]) => !warned.has(rule));
  $('stale').replaceChildren(...(stale.length ? [h('p', {}, t().staleTitle), h('ul', { class: 'stale' }, stale.map(([rule, text]) =>
    h('li', {}, h('code', {}, rule), ` ${ruleTitle(rule)}：`, String(text), ' ',
      h('button', { type: 'button', class: 'fix', onclick: () => { M.removeAt(S.filing, M.pointer('explanations', rule)); changed(); } }, t().removeShort))))] : []));
}

function paintScores() {
  renderScores($('b-prescores'), S.scores, { t: t().scores, lang: S.lang, goTo, notes: profileNotes });
}

function goTo(ptr) {
  const f = S.fields.get(ptr);
  if (!f) return;
  f.input.scrollIntoView({ block: 'center' });
  f.input.focus({ preventScroll: true });
}

// ---- files ----------------------------------------------------------------------------------------------------------
function exportText() {
  const schema = S.forms.schema;
  return `${JSON.stringify(M.orderBySchema(S.filing, schema, schema), null, 2)}\n`;
}

const usccOrDraft = () => (typeof S.filing.enterprise?.uscc === 'string' && /^[0-9A-Z]{18}$/.test(S.filing.enterprise.uscc) ? S.filing.enterprise.uscc : 'draft');

async function exportUnsigned() {
  const name = `${usccOrDraft()}-${M.FILING_YEAR}-unsigned.json`;
  const text = exportText();
  try {
    (await signingCode()).signer.download(text, name);
    $('export-result').textContent = t().exported(name);
  } catch (error) {
    $('export-result').textContent = t().codeLoadFailed + (error?.message ?? String(error));
  }
}

async function signFiling() {
  if (S.signing) return;
  S.signing = true;
  paintStatus();
  const out = $('export-result');
  try {
    const { uscc, name } = S.filing.enterprise;
    const bytes = new TextEncoder().encode(exportText());
    const { signer, askBackupPassword } = await signingCode();
    const signed = await signer.signFiling(cxjf, { bytes, uscc }, (key) => askBackupPassword({ lang: S.lang, name, uscc, key }));
    if (!signed) out.textContent = t().signCancelled;
    else {
      const fields = { v: 1, name, uscc, year: signed.year, keyId: signed.keyId, signedAt: signed.signedAt,
                       digest: signed.digest, signatory: signed.signatory, file: signed.fileName, lang: S.lang };
      const link = h('a', { href: signer.receiptUrl(fields), target: '_blank', rel: 'noopener', class: 'receipt-link' }, t().openReceipt);
      out.replaceChildren(t().signed(signed), ' ', link);
      window.open(signer.receiptUrl(fields), '_blank', 'noopener');
    }
  } catch (error) {
    out.textContent = t().signFailed + (error?.message ?? String(error));
  } finally {
    S.signing = false;
    paintStatus();
  }
}

// A modal question: resolves with the value of the button chosen, 'cancel' on Esc.
function ask(text, choices) {
  const dialog = $('ask-dialog');
  $('ask-text').textContent = text;
  const buttons = choices.map(([value, label, primary]) => h('button', { type: 'button', class: primary ? 'primary' : null, 'data-value': value }, label));
  $('ask-buttons').replaceChildren(...buttons);
  dialog.showModal();
  buttons[0].focus();
  return new Promise((resolve) => {
    const done = (value) => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      resolve(value);
    };
    const onCancel = (event) => {
      event.preventDefault();
      done('cancel');
    };
    dialog.addEventListener('cancel', onCancel);
    for (const b of buttons) b.addEventListener('click', () => done(b.dataset.value));
  });
}

function load(filing, { showAll, note }) {
  S.filing = filing;
  S.result = null;
  S.scores = null;
  S.raw = {};
  S.showAll = showAll;
  S.touched.clear();
  S.stash.clear();
  S.hadExplanations = isObject(filing.explanations);
  buildForm();
  changed();
  say(...note);
}

// The line under the header (imported, restored, cleared, failed): kept as words to say again in the other language.
function say(key, ...args) {
  S.notice = [key, args];
  showNotice();
}
function showNotice() {
  if (!S.notice) return;
  const [key, args] = S.notice;
  const words = t()[key];
  $('notice').textContent = typeof words === 'function' ? words(...args) : words + (args[0] ?? '');
}

// A bare filing or a signed envelope (its filing); read strictly by the engine first (duplicate keys, bad UTF-8 …).
async function importFile(file) {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const read = await cxjf.check(bytes, { checkDate: CHECK_DATE });
    if (read.status === 'unreadable') throw new Error(read.issues.map(message).join('；'));
    let filing;
    try {
      ({ filing } = M.readFiling(new TextDecoder().decode(bytes)));
    } catch {
      throw new Error(t().notFiling);
    }
    let choice = 'asis';
    const replace = M.isPristine(S.filing) ? '' : ` ${t().replaceNote}`;
    if (!M.yearsMatch(filing) && M.canRollForward(filing)) {
      choice = await ask(`${t().rollQuestion(M.annualYears(filing), M.YEARS)}${replace}`,
                         [['roll', t().roll, true], ['asis', t().asIs], ['cancel', t().cancel]]);
    } else if (replace) {
      choice = await ask(t().replaceNote, [['asis', t().importReplace, true], ['cancel', t().cancel]]);
    }
    if (choice === 'cancel') return;
    load(choice === 'roll' ? M.rollForward(filing) : filing,
         { showAll: true, note: [choice === 'roll' ? 'importedRolled' : 'imported', file.name] });
  } catch (error) {
    say('importFailed', error?.message ?? String(error));
  }
}

// ---- page -----------------------------------------------------------------------------------------------------------
function applyTexts() {
  const ui = t();
  applyPageTexts(ui, S.lang);
  for (const node of document.querySelectorAll('[data-section]')) node.textContent = ui.sections[node.dataset.section];
  for (const node of document.querySelectorAll('[data-intro]')) node.textContent = ui.intro[node.dataset.intro];
  if (S.engine) $('engine').textContent = ui.engine(S.engine);
  showNotice();
  if (!S.forms) $('status').textContent = ui.loading;
}

function setUp() {
  $('lang').addEventListener('click', async () => {
    const lang = S.lang === 'zh' ? 'en' : 'zh';
    try {
      await loadTexts(lang);  // the English words are fetched the first time they are wanted
    } catch (error) {
      say('codeLoadFailed', error?.message ?? String(error));
      return;
    }
    S.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, S.lang);
    } catch { /* the language is only a preference */ }
    applyTexts();
    if (S.forms) buildForm();
  });
  $('import').addEventListener('change', (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (file) importFile(file);
  });
  $('clear').addEventListener('click', async () => {
    if (await ask(t().clearQuestion, [['cancel', t().cancel], ['clear', t().clearYes, true]]) !== 'clear') return;
    load(M.emptyFiling(), { showAll: false, note: ['cleared'] });
  });
  // Links to a place in the page move focus there (keyboard and screen-reader users land where they meant to go).
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    link.addEventListener('click', (event) => {
      const section = document.querySelector(link.getAttribute('href'));
      if (!section) return;
      event.preventDefault();
      section.scrollIntoView({ block: 'start' });
      section.focus({ preventScroll: true });
      history.replaceState(null, '', link.getAttribute('href'));
    });
  }
  // Whoever reaches 检查与导出 wants to see every missing field at its place.
  $('s-export').addEventListener('focusin', () => {
    if (S.showAll) return;
    S.showAll = true;
    for (const f of new Set(S.fields.values())) paint(f);
    save();
  });
}

async function start() {
  try {
    await loadTexts(S.lang);
  } catch {
    S.lang = 'zh';  // the Chinese words are always there
  }
  applyTexts();
  setUp();
  try {
    const names = ['labels.zh.json', 'labels.en.json', 'regions.json', 'industries.json', 'banks.json', 'filing.schema.json', 'rules.json'];
    const [version, ...texts] = await Promise.all([cxjf.version(), ...names.map((n) => cxjf.form(n))]);
    const [zh, en, regions, industries, banks, schema, rules] = texts.map((text) => JSON.parse(text));
    regions.cities = M.flatCodes(regions.cities);
    regions.counties = M.flatCodes(regions.counties);
    industries.groups = M.flatCodes(industries.groups);
    industries.classes = M.flatCodes(industries.classes);
    S.forms = { labels: { zh, en }, regions, industries, banks, schema, rules: rules.rules };
    S.engine = version;
    let saved = null;
    try {
      saved = M.readDraft(localStorage.getItem(M.DRAFT_KEY) ?? '');
    } catch { /* no storage: start empty */ }
    if (saved) Object.assign(S, saved);
    S.hadExplanations = isObject(S.filing.explanations);
    applyTexts();
    buildForm();
    if (saved && !M.isPristine(saved.filing)) say('restored');
    for (const id of ['import', 'clear']) $(id).disabled = false;
    $('form-main').removeAttribute('aria-busy');
    S.version += 1;
    document.body.dataset.version = S.version;
    pump();
  } catch (error) {
    $('status').textContent = t().loadFailed + (error?.message ?? String(error));
  }
}

start();
