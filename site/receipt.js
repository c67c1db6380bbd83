// 回执/承诺书: the paper a company prints after signing, stamps with its seal and hands to its bureau, binding the
// signing key (its key ID) to the company. Everything it shows comes in the address fragment (#uscc=…&keyId=…),
// which no server ever receives; every value is set with textContent and checked for its shape first.
import qrcode from './vendor/qrcode-generator/qrcode.js';
import { applyPageTexts } from './page-texts.js';

const UI = {
  zh: {
    pageTitle: '电子签名回执及承诺书',
    programme: '创新积分制企业信息填报',
    title: '电子签名回执及承诺书',
    lead: '本回执由企业在签名后打印，加盖单位公章、由法定代表人或授权代表签字后交主管科技部门，用于确认下列签名密钥属于本企业。',
    missing: '没有回执数据。请在检查页对通过检查的填报文件“签名并导出”，回执会自动打开。',
    name: '企业名称', uscc: '统一社会信用代码', year: '填报年度', keyId: '签名密钥编号', alg: '签名算法',
    signedAt: '签名时间', digest: '签名内容摘要（SHA-256）', file: '签名文件',
    qrCaption: '扫码核对密钥编号与摘要',
    declarationTitle: '承诺',
    declaration: (f) => [
      `本单位在 ${f.year} 年度创新积分制企业信息采集中报送的填报文件（签名内容摘要见上）所填信息真实、准确、完整，本单位对其真实性负责。`,
      `上述签名密钥（密钥编号 ${f.keyId}）由本单位生成并持有；以该密钥签署的填报文件，即为本单位正式报送的文件。`,
      '如签名密钥遗失、泄露或更换，本单位将及时书面告知主管科技部门，并重新提交回执。',
    ],
    seal: '单位公章',
    signatory: '法定代表人或授权代表（签字）：',
    filedSignatory: (name) => `（填报文件中的承诺人：${name}）`,
    date: '日期：',
    qrText: '二维码内容：',
    print: '打印',
    switchTo: 'English',
    switchLang: 'en',
  },
  en: {
    pageTitle: 'Electronic signature receipt and declaration',
    programme: 'Innovation points enterprise filing',
    title: 'Electronic signature receipt and declaration',
    lead: 'Printed by the company after signing, stamped with its seal, signed by its legal representative or an authorised person and handed to its science and technology bureau: it confirms that the signing key below belongs to the company.',
    missing: 'No receipt data. On the check page, "Sign and export" a filing that passed the check: the receipt opens by itself.',
    name: 'Company name', uscc: 'USCC', year: 'Filing year', keyId: 'Signing key ID', alg: 'Algorithm',
    signedAt: 'Signed at', digest: 'Digest of the signed content (SHA-256)', file: 'Signed file',
    qrCaption: 'Scan to check the key ID and the digest',
    declarationTitle: 'Declaration',
    declaration: (f) => [
      `The filing this company submits for the ${f.year} innovation points information collection (digest above) is true, accurate and complete; the company is responsible for its truthfulness.`,
      `The signing key above (key ID ${f.keyId}) was made by and is held by this company; a filing signed with it is this company's official submission.`,
      'Should the signing key be lost, disclosed or replaced, the company will inform its bureau in writing without delay and submit a new receipt.',
    ],
    seal: 'Company seal',
    signatory: 'Legal representative or authorised person (signature):',
    filedSignatory: (name) => `(signatory named in the filing: ${name})`,
    date: 'Date:',
    qrText: 'QR code content: ',
    print: 'Print',
    switchTo: '中文',
    switchLang: 'zh-CN',
  },
};

const $ = (id) => document.getElementById(id);

// Each field with the shape it must have; a field that does not fit is treated as missing.
const SHAPES = {
  name: /^[^\u0000-\u001f]{1,200}$/u,
  uscc: /^[0-9A-Z]{18}$/,
  year: /^\d{4}$/,
  keyId: /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/,
  signedAt: /^[0-9T:+\-Z.]{10,40}$/,
  digest: /^[0-9a-f]{64}$/,
  signatory: /^[^\u0000-\u001f]{1,50}$/u,
  file: /^[^\u0000-\u001f/\\]{1,200}$/u,
};
const REQUIRED = ['uscc', 'year', 'keyId', 'digest'];

function readFields() {
  const params = new URLSearchParams(location.hash.slice(1));
  const fields = {};
  for (const [key, shape] of Object.entries(SHAPES)) {
    const value = params.get(key);
    if (value !== null && shape.test(value)) fields[key] = value;
  }
  const lang = params.get('lang') === 'en' ? 'en' : 'zh';
  return { fields, lang, complete: REQUIRED.every((k) => fields[k]) };
}

// The text the QR code carries: short, ASCII, enough to compare with the signed file or a bureau's key registry.
export const qrPayload = (f) => `cxjf-receipt/1;uscc=${f.uscc};keyId=${f.keyId};digest=${f.digest}`;

// Draws the QR code into the page's <svg> with DOM calls (the path data holds only numbers), 4-module quiet zone.
function drawQr(svg, text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let r = 0; r < n; r += 1) {
    for (let c = 0; c < n; c += 1) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  }
  const ns = svg.namespaceURI;
  svg.setAttribute('viewBox', `0 0 ${n + 8} ${n + 8}`);
  svg.setAttribute('aria-label', text);
  const back = document.createElementNS(ns, 'rect');
  back.setAttribute('width', String(n + 8));
  back.setAttribute('height', String(n + 8));
  back.setAttribute('fill', '#fff');
  const modules = document.createElementNS(ns, 'path');
  modules.setAttribute('d', d);
  modules.setAttribute('fill', '#000');
  svg.replaceChildren(back, modules);
}

// 64 hex digits in groups of four, four groups a line: easy to read aloud and to compare.
function groupedDigest(digest) {
  const groups = digest.match(/.{4}/g);
  return [0, 4, 8, 12].map((i) => groups.slice(i, i + 4).join(' '));
}

const { fields, lang: initialLang, complete } = readFields();
const state = { lang: initialLang };

function render() {
  const t = UI[state.lang];
  applyPageTexts(t, state.lang, t.pageTitle);
  $('missing').hidden = complete;
  $('receipt').hidden = !complete;
  if (!complete) return;
  for (const key of ['name', 'uscc', 'year', 'keyId', 'signedAt', 'file']) $(`f-${key}`).textContent = fields[key] ?? '—';
  $('f-digest').replaceChildren(...groupedDigest(fields.digest).flatMap((line, i) => (i ? [document.createElement('br'), line] : [line])));
  $('declaration').replaceChildren(...t.declaration(fields).map((text) => {
    const item = document.createElement('li');
    item.textContent = text;
    return item;
  }));
  $('f-signatory-line').textContent = fields.signatory ? t.filedSignatory(fields.signatory) : '';
}

if (complete) {
  const payload = qrPayload(fields);
  drawQr($('qr'), payload);
  $('qr-text').textContent = payload;
}
$('print').addEventListener('click', () => window.print());
$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  render();
});
render();
