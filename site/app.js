// 创新积分制填报检查: choose or drop filing files, check each one in the engine's worker in two steps — signatureData,
// the signature verified here (verifier.js: WebCrypto, the @noble fallback, SM2-SM3), check with the verdict —
// and show the engine's result: every finding, the status and counts, the signature and any difference of the check
// the file claims. Sign a filing that passed (signer.js, with the backup dialog of backup-dialog.js). The signing and
// verifying code loads when it is first needed (a file chosen, a key restored): opening the page downloads none of it.
// Every text that comes from a file or the engine is set with textContent, never parsed as HTML.
import { createClient } from './client.js';
import { watchDrops } from './drop-zone.js';
import { applyPageTexts } from './page-texts.js';

const UI = {
  zh: {
    title: '创新积分制填报检查',
    formLink: '填写填报表',
    bureauLink: '科技局批量检查',
    privacy: '文件只在您的电脑上、在本浏览器中检查：不会上传到任何服务器，也不会离开这台电脑。',
    dropHint: '把一个或多个 .json 填报文件拖放到这里，或',
    choose: '选择文件…',
    loading: '正在加载检查程序…',
    ready: '请选择或拖入填报文件。',
    loadFailed: '检查程序加载失败：',
    checking: (done, total) => `正在检查 ${done}/${total} 个文件…`,
    checkingFile: '检查中…',
    summary: (n) => `已检查 ${n} 个文件，每个文件的结果见下。`,
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
    signature: { valid: '签名有效', invalid: '签名无效', absent: '未签名', unverified: '签名未验证' },
    keyIdLabel: '密钥编号 ',
    signedAtLabel: '签名时间 ',
    sign: '签名并导出',
    signing: '正在签名…',
    signed: (f) => `已签名并下载 ${f.fileName}（密钥编号 ${f.keyId}）。`,
    signFailed: '签名失败：',
    signCancelled: '已取消签名。',
    openReceipt: '打开回执/承诺书',
    keysTitle: '签名密钥',
    keysIntro: '通过检查的文件可以用本企业的签名密钥签名并导出。密钥在本浏览器中生成并保存，每家企业（统一社会信用代码）一把；第一次签名前必须先下载密码保护的密钥备份。',
    weakKeys: '注意：本页不是通过 https 或本机地址（127.0.0.1、localhost）打开的，浏览器在这里不提供受保护的密钥存储。在此生成或恢复的签名密钥以原始数据保存在本浏览器中，本网站上运行的任何脚本都能读取它。请尽量通过 https 地址签名。',
    restore: '从备份恢复密钥',
    cancel: '取消',
    restoreTitle: '从备份恢复签名密钥',
    restoreWhy: '在另一台电脑或新的浏览器中，用备份文件和备份密码恢复企业的签名密钥；之后签名的文件密钥编号不变。',
    restoreFile: '备份文件（…-signing-key-backup.json）',
    restoreUscc: '统一社会信用代码',
    restorePassword: '备份密码',
    restoreSubmit: '恢复密钥',
    restoring: '正在恢复…',
    restored: (uscc, keyId) => `已为 ${uscc} 恢复签名密钥，密钥编号 ${keyId}。`,
    replaceKey: (keyId) => `注意：本浏览器中该企业已有密钥 ${keyId}，恢复后将被替换。`,
    needFile: '请选择备份文件。',
    badUscc: '统一社会信用代码应为 18 位数字或大写字母。',
    backupErrors: { format: '这不是签名密钥备份文件，或文件已损坏。', password: '密码错误，或备份文件已被改动。',
                    mismatch: '备份文件中的密钥与文件标明的密钥编号不符。' },
  },
  en: {
    title: 'Innovation points filing check',
    formLink: 'Fill in the filing form',
    bureauLink: 'Bureau batch check',
    privacy: 'Files are checked on your computer, in this browser: they are not uploaded to any server and never leave this computer.',
    dropHint: 'Drop one or more .json filing files here, or',
    choose: 'Choose files…',
    loading: 'Loading the checker…',
    ready: 'Choose or drop filing files.',
    loadFailed: 'The checker failed to load: ',
    checking: (done, total) => `Checking ${done}/${total} files…`,
    checkingFile: 'checking…',
    summary: (n) => `${n} files checked; each file's result is below.`,
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
    signature: { valid: 'signature valid', invalid: 'signature INVALID', absent: 'not signed', unverified: 'signature not verified' },
    keyIdLabel: 'key ID ',
    signedAtLabel: 'signed at ',
    sign: 'Sign and export',
    signing: 'Signing…',
    signed: (f) => `Signed and downloaded ${f.fileName} (key ID ${f.keyId}).`,
    signFailed: 'Signing failed: ',
    signCancelled: 'Signing cancelled.',
    openReceipt: 'Open the receipt / declaration',
    keysTitle: 'Signing keys',
    keysIntro: "A file that passed the check can be signed with the company's signing key and exported. The key is made and kept in this browser, one per company (USCC); before the first signature its password-protected backup must be downloaded.",
    weakKeys: 'Note: this page was not opened over https or from this computer (127.0.0.1, localhost), so the browser offers no protected key storage here. A signing key made or restored here is kept as raw bytes in this browser, readable by any script running on this site. Sign over an https address where you can.',
    restore: 'Restore a key from its backup',
    cancel: 'Cancel',
    restoreTitle: 'Restore a signing key from its backup',
    restoreWhy: "On another computer or in a new browser, restore the company's signing key from its backup file and password; files signed afterwards keep the same key ID.",
    restoreFile: 'Backup file (…-signing-key-backup.json)',
    restoreUscc: 'USCC (unified social credit code)',
    restorePassword: 'Backup password',
    restoreSubmit: 'Restore the key',
    restoring: 'Restoring…',
    restored: (uscc, keyId) => `Signing key for ${uscc} restored, key ID ${keyId}.`,
    replaceKey: (keyId) => `Note: this browser already has key ${keyId} for this company; restoring replaces it.`,
    needFile: 'Choose the backup file.',
    badUscc: 'A USCC is 18 digits or capital letters.',
    backupErrors: { format: 'This is not a signing key backup, or the file is damaged.', password: 'Wrong password, or the backup file was changed.',
                    mismatch: 'The key inside the backup is not the key the file names.' },
  },
};

const $ = (id) => document.getElementById(id);
const cxjf = createClient();
const state = { lang: 'zh', version: null, terms: { zh: {}, en: {} }, files: [], status: 'loading', backend: null };

// signer.js and what it imports, once asked for; `signer` is the module from then on (a file's signature verdict,
// a receipt link or a signature exist only after it loaded). The key store's protection is known at once where the
// browser has no crypto.subtle (plain http), and asked of the signing code when that loads.
let signer = null;
let signerLoading = null;
function loadSigner() {
  signerLoading ??= import('./signer.js').then((module) => {
    signer = module;
    signer.backend().then((backend) => {
      state.backend = backend;
      $('key-protection').hidden = backend !== 'fallback';
    }, () => {});
    return module;
  }, (error) => {
    signerLoading = null;
    throw error;
  });
  return signerLoading;
}
if (!globalThis.isSecureContext || !globalThis.crypto?.subtle) state.backend = 'fallback';

// verifier.js (and signing.js, which it imports) once a signed file is met.
let verifierLoading = null;
const loadVerifier = () => (verifierLoading ??= import('./verifier.js').catch((error) => {
  verifierLoading = null;
  throw error;
}));

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
  if (entry.failure) item.append(el('p', 'sign-error', t.loadFailed + entry.failure));
  if (!result) return item;

  const e = result.enterprise;
  if (e?.name || e?.uscc) item.append(el('p', 'enterprise', `${t.enterprise}${[e.name, e.uscc].filter(Boolean).join(' · ')}`));
  if (status !== 'unreadable') item.append(renderSignature(entry, t));
  const counts = t.counts(result.counts);
  item.append(el('p', 'counts', counts || t.noIssues));
  if (result.scores && Object.keys(result.scores).length) item.append(renderScores(result.scores, t));
  if (status === 'ok' && e?.uscc && entry.bytes) item.append(renderSigning(entry, t));
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

// 签名有效 / 签名无效 / 未签名, with the key ID and time; for a valid one, any difference between the check the file
// claims and this engine's own, and a link to print its receipt again.
function renderSignature(entry, t) {
  const sig = entry.result.signature;
  const line = el('p', `signature sig-${sig.status}`);
  line.append(el('span', 'sig-verdict', t.signature[sig.status]));
  if (sig.status !== 'absent' && sig.keyId) line.append(' · ', el('span', 'sig-key', t.keyIdLabel), el('code', 'key-id', sig.keyId));
  if (sig.status === 'valid' && sig.signedAt) line.append(' · ', el('span', 'sig-time', `${t.signedAtLabel}${sig.signedAt}`));
  // The engine compared the check the file claims with its own (as `cxjf check` reports it): each difference.
  for (const d of sig.check?.differences ?? []) {
    line.append(el('span', 'claim-differs', ` ${term('signature.claimDiffers')}${d.field}: ${d.claimed} → ${d.actual}`));
  }
  if (sig.status === 'valid' && entry.receipt) {
    line.append(' · ');
    line.append(receiptLink(entry.receipt, t));
  }
  return line;
}

function receiptLink(fields, t) {
  const link = el('a', 'receipt-link', t.openReceipt);
  link.href = signer.receiptUrl(fields);
  link.target = '_blank';
  link.rel = 'noopener';
  return link;
}

// The 签名并导出 button, and what signing did.
function renderSigning(entry, t) {
  const box = el('div', 'sign-box');
  const button = el('button', 'sign', entry.signing ? t.signing : t.sign);
  button.type = 'button';
  button.disabled = Boolean(entry.signing);
  button.addEventListener('click', () => signEntry(entry));
  box.append(button);
  if (entry.signed) {
    const done = el('p', 'signed', t.signed(entry.signed));
    done.append(' ', receiptLink(receiptFields(entry, entry.signed), t));
    box.append(done);
  } else if (entry.signError) {
    box.append(el('p', 'sign-error', entry.signError === 'cancelled' ? t.signCancelled : t.signFailed + entry.signError));
  }
  return box;
}

function receiptFields(entry, signed) {
  const e = entry.result.enterprise;
  return { v: 1, name: e.name, uscc: e.uscc, year: signed.year, keyId: signed.keyId, signedAt: signed.signedAt,
           digest: signed.digest, signatory: signed.signatory, file: signed.fileName, lang: state.lang };
}

function rerender(entry) {
  const node = renderFile(entry);
  entry.node.replaceWith(node);
  entry.node = node;
}

async function signEntry(entry) {
  if (entry.signing) return;
  entry.signing = true;
  entry.signError = null;
  rerender(entry);
  try {
    const [, { askBackupPassword }] = await Promise.all([loadSigner(), import('./backup-dialog.js')]);
    const { name, uscc } = entry.result.enterprise;
    const signed = await signer.signFiling(cxjf, { bytes: entry.bytes, uscc },
                                           (key) => askBackupPassword({ lang: state.lang, name, uscc, key }));
    if (signed) {
      entry.signed = signed;
      const receipt = window.open(signer.receiptUrl(receiptFields(entry, signed)), '_blank', 'noopener');
      receipt?.focus?.();
    } else {
      entry.signError = 'cancelled';
    }
  } catch (error) {
    entry.signError = error?.message ?? String(error);
  } finally {
    entry.signing = false;
    rerender(entry);
  }
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

function setUpRestore() {
  const dialog = $('restore-dialog');
  const fileInput = $('restore-file');
  const say = (text) => { $('restore-error').textContent = text; };
  $('restore').addEventListener('click', () => {
    $('restore-form').reset();
    say('');
    dialog.showModal();
  });
  $('restore-cancel').addEventListener('click', () => dialog.close());
  // The file names its company: the USCC field is filled in from it (and from the file name), and stays editable.
  fileInput.addEventListener('change', async () => {
    const t = UI[state.lang];
    say('');
    const file = fileInput.files[0];
    if (!file) return;
    try {
      await loadSigner();
      const info = signer.backupInfo(new Uint8Array(await file.arrayBuffer()));
      const uscc = info.uscc ?? /^([0-9A-Z]{18})-/.exec(file.name)?.[1];
      if (uscc) $('restore-uscc').value = uscc;
      const existing = uscc && await signer.keyFor(uscc);
      if (existing && existing.keyId !== info.keyId) say(t.replaceKey(existing.keyId));
    } catch (error) {
      say(signer && error instanceof signer.BackupError ? t.backupErrors[error.code] : String(error?.message ?? error));
    }
  });
  $('restore-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const t = UI[state.lang];
    const file = fileInput.files[0];
    const uscc = $('restore-uscc').value.trim().toUpperCase();
    if (!file) return say(t.needFile);
    if (!USCC.test(uscc)) return say(t.badUscc);
    say(t.restoring);
    try {
      await loadSigner();
      const key = await signer.restoreKey(new Uint8Array(await file.arrayBuffer()), $('restore-password').value, uscc);
      $('restore-password').value = '';
      dialog.close();
      $('key-state').textContent = t.restored(uscc, key.keyId);
    } catch (error) {
      say(signer && error instanceof signer.BackupError ? t.backupErrors[error.code] : String(error?.message ?? error));
    }
  });
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
  const done = state.files.filter((f) => f.result || f.failure);
  if (state.status === 'failed') $('state').textContent = t.loadFailed + state.error;
  else if (state.status === 'loading') $('state').textContent = t.loading;
  else if (done.length < state.files.length) $('state').textContent = t.checking(done.length, state.files.length);
  else if (state.files.length) $('state').textContent = t.summary(state.files.length);
  else $('state').textContent = t.ready;
}

function render() {
  const t = UI[state.lang];
  applyPageTexts(t, state.lang);

  $('key-protection').hidden = state.backend !== 'fallback';
  renderState();
  $('engine').textContent = state.version ? t.engine(state.version) : '';
  for (const entry of state.files) entry.node = renderFile(entry);
  $('results').replaceChildren(...state.files.map((entry) => entry.node));
}

// One file through the engine in two steps: read and checked in the worker (signatureData), its signature, when well
// formed, verified here; then checked again with that verdict, which the engine applies (E-SIGNATURE, the claimed
// check compared, counts, status).
async function checkOne(bytes) {
  const data = await cxjf.signatureData(bytes);
  if (data.status !== 'unverified') return data.result;
  const verdict = await (await loadVerifier()).verdictOf(data);
  return verdict ? cxjf.check(bytes, { verdict }) : data.result;
}

async function checkFiles(fileList) {
  const files = [...fileList];
  if (!files.length || state.status !== 'ready') return;
  const batch = files.map((file) => ({ name: file.name, result: null }));
  state.files = batch;
  render();
  for (const [i, file] of files.entries()) {
    const entry = batch[i];
    try {
      // The page keeps the bytes (a copy goes to the worker): they are what gets signed.
      entry.bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      // A file the browser cannot read: the engine's result for it (F-IO), as the CLI's.
      entry.result = await cxjf.unreadable({ kind: 'io', detail: error?.message ?? String(error) });
      entry.bytes = null;
    }
    if (entry.bytes) {
      try {
        entry.result = await checkOne(entry.bytes);
        if (entry.result.signature?.status === 'valid') {
          await loadSigner();  // the receipt's link
          entry.receipt = receiptOfSigned(entry);
        }
      } catch (error) {
        // The engine itself failed (its worker could not start or broke): its message is all there is to show.
        entry.result = null;
        entry.failure = error?.message ?? String(error);
      }
    }
    if (state.files !== batch) return;  // a newer selection replaced this one
    rerender(entry);
    renderState();
  }
}

// A signed file that verifies can have its receipt printed again: the fields come from the file itself.
function receiptOfSigned(entry) {
  let filing;
  try {
    filing = JSON.parse(new TextDecoder().decode(entry.bytes)).filing;
  } catch {
    return null;
  }
  const e = entry.result.enterprise;
  const s = entry.result.signature;
  return { v: 1, name: e.name, uscc: e.uscc, year: filing?.filingYear, keyId: s.keyId, signedAt: s.signedAt,
           digest: s.digest, signatory: filing?.declaration?.signatory, file: entry.name, lang: state.lang };
}

function setUpDropping() {
  watchDrops($('drop'), (data) => {
    if (data.files?.length) checkFiles(data.files);
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
setUpRestore();
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
