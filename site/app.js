// 创新积分制填报检查: choose or drop filing files, check each one in the engine's worker, list every finding.
// Every text that comes from a file or the engine is set with textContent, never parsed as HTML.
import { createClient } from './client.js';

const UI = {
  zh: {
    title: '创新积分制填报检查',
    privacy: '文件只在您的电脑上、在本浏览器中检查：不会上传到任何服务器，也不会离开这台电脑。',
    dropHint: '把一个或多个 .json 填报文件拖放到这里，或',
    choose: '选择文件…',
    loading: '正在加载检查程序…',
    ready: '请选择或拖入填报文件。',
    loadFailed: '检查程序加载失败：',
    checking: (done, total) => `正在检查 ${done}/${total} 个文件…`,
    checkingFile: '检查中…',
    summary: (n, s) => `已检查 ${n} 个文件：通过 ${s.ok}，有警告 ${s.warnings}，有错误 ${s.errors}，无法读取 ${s.unreadable}。`,
    counts: ({ errors, warnings, explained }) =>
      [errors && `${errors} 个错误`, warnings && `${warnings} 个警告${explained ? `（${explained} 个已说明）` : ''}`]
        .filter(Boolean).join('，'),
    noIssues: '没有发现问题。',
    explained: '（已说明）',
    enterprise: '企业：',
    scores: '预评分：',
    profiles: { 'tech-sme': '科技型中小企业', 'high-tech': '高企条件', 'innovative-sme': '创新型中小企业',
                'innovation-points-estimate': '创新积分预估' },
    eligible: (yes) => (yes ? '符合' : '暂不符合'),
    bonus: '加分',
    columns: ['严重程度', '规则', '位置', '说明'],
    engine: (v) => `检查引擎 ${v.engine} · 规则集 ${v.ruleset}`,
    switchTo: 'English',
    switchLang: 'en',
  },
  en: {
    title: 'Innovation points filing check',
    privacy: 'Files are checked on your computer, in this browser: they are not uploaded to any server and never leave this computer.',
    dropHint: 'Drop one or more .json filing files here, or',
    choose: 'Choose files…',
    loading: 'Loading the checker…',
    ready: 'Choose or drop filing files.',
    loadFailed: 'The checker failed to load: ',
    checking: (done, total) => `Checking ${done}/${total} files…`,
    checkingFile: 'checking…',
    summary: (n, s) => `${n} files checked: ${s.ok} ok, ${s.warnings} with warnings, ${s.errors} with errors, ${s.unreadable} unreadable.`,
    counts: ({ errors, warnings, explained }) =>
      [errors && `${errors} error${errors === 1 ? '' : 's'}`,
       warnings && `${warnings} warning${warnings === 1 ? '' : 's'}${explained ? ` (${explained} explained)` : ''}`]
        .filter(Boolean).join(', '),
    noIssues: 'No problems found.',
    explained: ' (explained)',
    enterprise: 'Enterprise: ',
    scores: 'Pre-scores: ',
    profiles: { 'tech-sme': 'tech-SME', 'high-tech': 'high-tech conditions', 'innovative-sme': 'innovative SME',
                'innovation-points-estimate': 'innovation points estimate' },
    eligible: (yes) => (yes ? 'eligible' : 'not eligible yet'),
    bonus: 'bonus',
    columns: ['Severity', 'Rule', 'Location', 'Message'],
    engine: (v) => `engine ${v.engine} · ruleset ${v.ruleset}`,
    switchTo: '中文',
    switchLang: 'zh-CN',
  },
};

const $ = (id) => document.getElementById(id);
const cxjf = createClient();
const state = { lang: 'zh', version: null, terms: { zh: {}, en: {} }, files: [], status: 'loading' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Status and severity words come from the engine's own messages (forms/2025/messages.*.json).
const term = (key) => state.terms[state.lang][key] ?? key;

function renderFile(entry) {
  const t = UI[state.lang];
  const item = el('li', 'file');
  const head = el('h2', 'file-head');
  const result = entry.result;
  const status = result?.status ?? 'checking';
  item.classList.add(`status-${status}`);
  head.append(el('span', 'badge', result ? term(`status.${status}`) : t.checkingFile), el('span', 'file-name', entry.name));
  item.append(head);
  if (!result) return item;

  const e = result.enterprise;
  if (e?.name || e?.uscc) item.append(el('p', 'enterprise', `${t.enterprise}${[e.name, e.uscc].filter(Boolean).join(' · ')}`));
  const counts = t.counts(result.counts);
  item.append(el('p', 'counts', counts || t.noIssues));
  if (result.scores && Object.keys(result.scores).length) item.append(renderScores(result.scores, t));
  if (result.issues.length === 0) return item;

  const table = el('table', 'issues');
  const headRow = el('tr');
  for (const name of t.columns) headRow.append(el('th', null, name));
  table.append(el('thead'), el('tbody'));
  table.tHead.append(headRow);
  for (const issue of result.issues) {
    const row = el('tr', `severity-${issue.severity}`);
    const severity = term(`severity.${issue.severity}`) + (issue.explained ? t.explained : '');
    const ruleCell = el('td');
    ruleCell.append(el('code', null, issue.rule));
    const pathCell = el('td');
    pathCell.append(el('code', null, issue.path || '/'));
    row.append(el('td', 'severity', severity), ruleCell, pathCell,
               el('td', 'message', state.lang === 'zh' ? issue.message_zh : issue.message_en));
    table.tBodies[0].append(row);
  }
  item.append(table);
  return item;
}

// One line per file: each profile's score, eligibility, and the estimate's own label (非官方估算), never dropped.
function renderScores(scores, t) {
  const line = el('p', 'scores', t.scores);
  Object.entries(scores).forEach(([id, s], i) => {
    if (i) line.append(' · ');
    let text = `${t.profiles[id] ?? id} ${s.score}`;
    if (s.max && id === 'high-tech') text = `${t.profiles[id]} ${s.score}/${s.max}`;
    if (s.bonusMax) text += ` + ${t.bonus} ${s.bonus}`;
    if (s.eligible !== undefined) text += `（${t.eligible(s.eligible)}）`;
    line.append(el('span', 'score', text));
    if (s.label) line.append(el('span', 'label', state.lang === 'zh' ? s.label.zh : s.label.en));
  });
  return line;
}

function renderState() {
  const t = UI[state.lang];
  const done = state.files.filter((f) => f.result);
  if (state.status === 'failed') $('state').textContent = t.loadFailed + state.error;
  else if (state.status === 'loading') $('state').textContent = t.loading;
  else if (done.length < state.files.length) $('state').textContent = t.checking(done.length, state.files.length);
  else if (state.files.length) {
    const tally = { ok: 0, warnings: 0, errors: 0, unreadable: 0 };
    for (const f of done) tally[f.result.status] += 1;
    $('state').textContent = t.summary(state.files.length, tally);
  } else $('state').textContent = t.ready;
}

function render() {
  const t = UI[state.lang];
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t.title;
  for (const node of document.querySelectorAll('[data-text]')) {
    if (typeof t[node.dataset.text] === 'string') node.textContent = t[node.dataset.text];
  }
  const button = $('lang');
  button.textContent = t.switchTo;
  button.lang = t.switchLang;

  renderState();
  $('engine').textContent = state.version ? t.engine(state.version) : '';
  for (const entry of state.files) entry.node = renderFile(entry);
  $('results').replaceChildren(...state.files.map((entry) => entry.node));
}

// A file the browser cannot read gets the engine's F-IO message, so it reads like every other finding.
function readFailure(error) {
  const issue = (lang) => (state.terms[lang]['F-IO'] ?? 'F-IO: {detail}').replace('{detail}', error?.message ?? String(error));
  return {
    status: 'unreadable', counts: { errors: 1, warnings: 0, explained: 0 },
    issues: [{ rule: 'F-IO', severity: 'error', path: '', message_zh: issue('zh'), message_en: issue('en') }],
  };
}

async function checkFiles(fileList) {
  const files = [...fileList];
  if (!files.length || state.status !== 'ready') return;
  const batch = files.map((file) => ({ name: file.name, result: null }));
  state.files = batch;
  render();
  for (const [i, file] of files.entries()) {
    let result;
    try {
      const bytes = await file.arrayBuffer();
      result = await cxjf.check(bytes, {}, [bytes]);  // the bytes go to the worker, not copied
    } catch (error) {
      result = readFailure(error);
    }
    if (state.files !== batch) return;  // a newer selection replaced this one
    const entry = batch[i];
    entry.result = result;
    const node = renderFile(entry);
    entry.node.replaceWith(node);
    entry.node = node;
    renderState();
  }
}

function setUpDropping() {
  const zone = $('drop');
  let depth = 0;  // dragenter/dragleave fire for every child element
  document.addEventListener('dragenter', (event) => {
    event.preventDefault();
    depth += 1;
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  // Without this, a file dropped outside the zone would make the browser open it instead of checking it.
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    if (event.dataTransfer?.files?.length) checkFiles(event.dataTransfer.files);
  });
  $('files').addEventListener('change', (event) => {
    checkFiles(event.target.files);
    event.target.value = '';  // choosing the same file again checks it again
  });
}

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  render();
});
setUpDropping();
render();

try {
  const [version, zh, en] = await Promise.all([cxjf.version(), cxjf.form('messages.zh.json'), cxjf.form('messages.en.json')]);
  state.version = version;
  state.terms = { zh: JSON.parse(zh), en: JSON.parse(en) };
  state.status = 'ready';
  $('files').disabled = false;
} catch (error) {
  state.status = 'failed';
  state.error = error?.message ?? String(error);
}
render();
