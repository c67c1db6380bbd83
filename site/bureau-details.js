// The bureau page's detail dialog of one file: the engine's view of it (fileView: status, counts, every finding in
// both languages, the signature with the registry's verdict and any difference of the signed check claim, the
// pre-scores), its peer rank, and for a USCC filed more than once the files side by side — the engine's sheet rows,
// the file the sheet uses first, and why each other one lost. The clerk can register a changed or unknown key here.
import { el, srOnly, statusKey } from './bureau-table.js';

const $ = (id) => document.getElementById(id);
const PROFILES = ['tech-sme', 'high-tech', 'innovative-sme'];
const ESTIMATE = 'innovation-points-estimate';

export function createDetails(page, table) {
  const state = { key: null, opener: null, drawn: null, onlyDiff: true };
  const fileOf = (key) => page.files.files().find((f) => f.key === key);

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

  function signatureSection(view) {
    const ui = page.ui();
    const sig = view.signature;
    const { status } = sig;
    const kids = [el('p', `sig-line sig-${status}`, ui.sigVerdict[status] ?? status)];
    if (status !== 'absent') {
      kids.push(dl([[ui.sigLines.alg, sig.alg], [ui.sigLines.keyId, sig.keyId, 'key-id'], [ui.sigLines.signedAt, sig.signedAt],
                    [ui.sigLines.digest, sig.digest, 'digest']]));
    }
    if (status === 'valid') {
      const key = view.key?.state ?? 'none';
      const line = el('p', `key-state key-${key}`, ui.keyState[key]);
      if (key === 'changed') line.append(' ', el('span', null, `${ui.sigLines.registered}${ui.colon}`), el('code', 'key-id', view.key.registered));
      kids.push(line);
      if (key === 'changed' || key === 'unknown') {
        const accept = el('button', 'accept-key', ui.acceptKey);
        accept.type = 'button';
        accept.addEventListener('click', () => page.acceptKey(view.enterprise?.uscc ?? '', sig.keyId));
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

  function findingsSection(view) {
    const ui = page.ui();
    const issues = view.issues;
    if (!issues.length) return section(ui.findings, el('p', null, ui.noFindings));
    const tableNode = el('table', 'issues');
    const head = el('tr');
    for (const name of ui.findingColumns) {
      const th = el('th', null, name);
      th.scope = 'col';
      head.append(th);
    }
    tableNode.append(el('thead'), el('tbody'));
    tableNode.tHead.append(head);
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
      tableNode.tBodies[0].append(row);
    }
    const wrap = el('div', 'table-scroll');
    wrap.append(tableNode);
    return section(`${ui.findings}（${issues.length}）`, wrap);
  }

  function scoresSection(view, peer) {
    const ui = page.ui();
    const scores = view.scores ?? {};
    const list = el('ul', 'score-list');
    for (const id of [...PROFILES, ESTIMATE]) {
      const s = scores[id];
      if (!s) continue;
      const item = el('li');
      let value = id === 'high-tech' ? `${s.score}/${s.max}` : `${s.score} / ${s.max}`;
      if (s.bonusMax) value += ` + ${s.bonus} / ${s.bonusMax}`;
      if (typeof s.eligible === 'boolean') value += `（${ui.eligibleWord(s.eligible)}）`;
      item.append(ui.scoreLine(ui.columns[id === ESTIMATE ? 'estimate' : id], value));
      if (s.label) item.append(' ', el('span', 'label', page.lang === 'zh' ? s.label.zh : s.label.en));
      list.append(item);
    }
    const kids = [list];
    if (peer) kids.push(el('p', 'peer', ui.peer(peer)));
    return section(ui.scoresTitle, ...kids);
  }

  // The files of one USCC, the one the sheet uses first, their sheet rows as the engine makes them.
  function duplicateSection(file, group) {
    const ui = page.ui();
    const all = page.files.files();
    const order = [group.chosen, ...group.files.filter((i) => i !== group.chosen)];
    const members = order.map((index) => ({ file: all[index], why: group.why[group.files.indexOf(index)] }));
    const rows = members.map(({ file: f }) => page.files.fileView(f).sheet ?? []);
    const columns = page.info.columns;
    const toggle = el('label', 'only-diff');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = state.onlyDiff;
    box.id = 'dup-only-diff';
    box.addEventListener('change', () => {
      state.onlyDiff = box.checked;
      render(true);
      $('dup-only-diff')?.focus();
    });
    toggle.append(box, ' ', ui.dupOnlyDiff);

    const tableNode = el('table', 'compare');
    const head = el('tr');
    const corner = el('th', null, ui.dupField);
    corner.scope = 'col';
    head.append(corner);
    members.forEach(({ file: f, why }) => {
      const th = el('th', f === file ? 'current' : null);
      th.scope = 'col';
      const chosen = why === 'chosen';
      th.append(el('span', 'compare-file', f.name), el('br'), el('span', chosen ? 'dup-used' : 'dup-superseded', chosen ? ui.dupUsed : ui.dupSuperseded));
      th.title = ui.dupWhy[why] ?? why;
      th.append(srOnly(` ${ui.dupWhy[why] ?? why}`));
      head.append(th);
    });
    tableNode.append(el('thead'), el('tbody'));
    tableNode.tHead.append(head);
    let differing = 0;
    columns.forEach((c, k) => {
      const differs = rows.some((r) => r[k] !== rows[0][k]);
      if (differs) differing += 1;
      if (state.onlyDiff && !differs) return;
      const tr = el('tr', differs ? 'differs-row' : null);
      const th = el('th', null, page.lang === 'zh' ? c.zh : c.en);
      th.scope = 'row';
      tr.append(th);
      rows.forEach((r, i) => {
        const mark = i > 0 && r[k] !== rows[0][k];
        const td = el('td', mark ? 'differs' : null, r[k]);
        if (mark) td.append(srOnly(ui.dupDiffers));
        tr.append(td);
      });
      tableNode.tBodies[0].append(tr);
    });
    const wrap = el('div', 'table-scroll');
    wrap.append(tableNode);
    const why = members.find((m) => m.file === file).why;
    const kids = [el('p', null, ui.dupRule), el('p', 'dup-why', ui.dupWhy[why] ?? why), toggle];
    kids.push(differing || !state.onlyDiff ? wrap : el('p', null, ui.dupSame));
    return section(ui.dupTitle(group.uscc, members.length), ...kids);
  }

  // Drawn again only when what it shows changed (not on every refresh of the table while files are checked).
  function render(force = false) {
    if (!$('detail').open) return;
    const ui = page.ui();
    const file = fileOf(state.key);
    if (!file) {
      $('detail').close();
      return;
    }
    const list = table.visible().length ? table.visible() : page.files.files();
    const at = list.indexOf(file);
    $('detail-prev').disabled = at <= 0;
    $('detail-next').disabled = at < 0 || at >= list.length - 1;
    const { duplicate, peer } = table.derivedOf(file);
    const version = [file.key, page.lang, page.registryVersion, Boolean(file.row), Boolean(peer), duplicate?.group.files.join(','),
                     duplicate?.why, state.onlyDiff].join('|');
    if (!force && state.drawn === version) return;
    state.drawn = version;
    const hadFocus = $('detail-body').contains(document.activeElement);
    $('detail-title').textContent = file.name;
    const body = [];
    if (!file.row) {
      body.push(el('p', null, ui.statusNames.pending));
    } else {
      const view = page.files.fileView(file);
      body.push(section(ui.enterprise, dl([[ui.columns.name, file.row.name], [ui.columns.uscc, file.row.uscc],
                                           [ui.columns.region, file.row.region], [ui.columns.industry, file.row.industry]])));
      const result = el('p', `result status-${statusKey(file)}`);
      result.append(el('span', 'badge', page.statusWord(view.status)), ' ', ui.counts(view.counts));
      body.push(section(ui.result, result));
      if (duplicate) body.push(duplicateSection(file, duplicate.group));
      body.push(signatureSection(view), findingsSection(view));
      if (Object.keys(view.scores ?? {}).length) body.push(scoresSection(view, peer));
    }
    $('detail-body').replaceChildren(...body);
    if (hadFocus && !$('detail-body').contains(document.activeElement)) $('detail-title').focus();
  }

  function open(key, opener) {
    state.key = key;
    state.drawn = null;
    state.opener = opener ?? null;
    if (!$('detail').open) $('detail').showModal();
    render();
    $('detail-close').focus();
  }

  function step(delta) {
    const list = table.visible();
    const next = list[list.indexOf(fileOf(state.key)) + delta];
    if (!next) return;
    state.key = next.key;
    render();
    // The button just pressed may be disabled now (first or last file): the focus goes to the other one.
    if (document.activeElement?.disabled || document.activeElement === document.body) {
      (delta < 0 ? $('detail-next') : $('detail-prev')).focus();
    }
  }

  $('table-body').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-open]');
    if (button) open(Number(button.dataset.open), button);
  });
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail-prev').addEventListener('click', () => step(-1));
  $('detail-next').addEventListener('click', () => step(1));
  $('detail').addEventListener('close', () => {
    const key = state.key;
    state.key = null;
    const row = document.querySelector(`button[data-open="${key}"]`) ?? state.opener;
    if (row?.isConnected) row.focus();
  });

  return { render };
}
