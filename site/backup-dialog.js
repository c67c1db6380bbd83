// The dialog before a company's first signature, shared by the form (index.html) and the check page (check.html):
// a new key was made in this browser, and its password-protected backup must be downloaded before anything is
// signed with it. Built with DOM calls only (every text, the company's name included, is set as text), put into
// the page while it is open and removed afterwards; loaded with the signing code, when the user signs.
//
//   import { askBackupPassword } from './backup-dialog.js';
//   const password = await askBackupPassword({ lang: 'zh', name, uscc, key });   // the password, or null: cancelled
//
// key: the fresh key of signing.js ({ keyId, protection }); protection 'raw-seed' adds a note that the key is
// less protected on this page (no WebCrypto Ed25519 here).
export const TEXT = {
  zh: {
    title: '第一次签名：先备份签名密钥',
    company: (name, uscc) => `企业：${[name, uscc].filter(Boolean).join(' · ')}`,
    newKey: (keyId) => `已在本浏览器中为该企业生成新的签名密钥，密钥编号 ${keyId}。`,
    why: '密钥只保存在本浏览器（当前浏览器用户配置）中。不下载备份的话，清除浏览器数据、换电脑或重装系统后，这把密钥就永久丢失，以后只能换新密钥并重新向主管部门提交回执。备份文件只在此刻下载一次，请与密码分开妥善保管。',
    weak: '注意：本页不是通过 https 或本机地址打开的，签名密钥将以原始数据保存在本浏览器中。',
    password: '备份密码（至少 8 个字符）',
    passwordAgain: '再次输入备份密码',
    tooShort: '密码至少需要 8 个字符。',
    mismatch: '两次输入的密码不一致。',
    submit: '下载备份并签名',
    cancel: '取消',
  },
  en: {
    title: 'First signature: back up the signing key',
    company: (name, uscc) => `Company: ${[name, uscc].filter(Boolean).join(' · ')}`,
    newKey: (keyId) => `A new signing key was made in this browser for this company, key ID ${keyId}.`,
    why: 'The key is kept only in this browser (this browser profile). Without the backup, clearing the browser data, a new computer or a reinstalled system loses the key for good; you would then need a new key and a new receipt for your bureau. The backup is downloaded only now, once: keep it safe, apart from its password.',
    weak: 'Note: this page was not opened over https or from this computer, so the signing key is kept as raw bytes in this browser.',
    password: 'Backup password (at least 8 characters)',
    passwordAgain: 'The backup password again',
    tooShort: 'The password needs at least 8 characters.',
    mismatch: 'The two passwords differ.',
    submit: 'Download the backup and sign',
    cancel: 'Cancel',
  },
};

export const MIN_PASSWORD = 8;  // characters (code points)

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const passwordInput = (id) => el('input', { id, type: 'password', autocomplete: 'new-password' });

export function askBackupPassword({ lang = 'zh', name, uscc, key }) {
  const t = TEXT[lang] ?? TEXT.zh;
  const password = passwordInput('backup-password');
  const again = passwordInput('backup-password2');
  const error = el('p', { id: 'backup-error', className: 'form-error' });
  error.setAttribute('role', 'alert');
  const cancelButton = el('button', { id: 'backup-cancel', type: 'button' }, t.cancel);
  const form = el('form', { id: 'backup-form', noValidate: true },
    el('h2', { id: 'backup-title' }, t.title),
    el('p', { id: 'backup-company' }, t.company(name, uscc)),
    el('p', { id: 'backup-key' }, t.newKey(key.keyId)),
    el('p', {}, t.why),
    el('p', { id: 'backup-weak', className: 'weak-keys', hidden: key.protection !== 'raw-seed' }, t.weak),
    el('label', { className: 'field' }, el('span', {}, t.password), password),
    el('label', { className: 'field' }, el('span', {}, t.passwordAgain), again),
    error,
    el('div', { className: 'dialog-buttons' },
       el('button', { id: 'backup-submit', type: 'submit', className: 'primary' }, t.submit), cancelButton));
  const dialog = el('dialog', { id: 'backup-dialog' }, form);
  dialog.setAttribute('aria-labelledby', 'backup-title');
  document.getElementById('backup-dialog')?.remove();  // one at a time
  document.body.append(dialog);
  dialog.showModal();

  return new Promise((resolve) => {
    const finish = (value) => {
      password.value = '';
      again.value = '';
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if ([...password.value].length < MIN_PASSWORD) error.textContent = t.tooShort;
      else if (password.value !== again.value) error.textContent = t.mismatch;
      else finish(password.value);
    });
    const cancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    cancelButton.addEventListener('click', cancel);
    dialog.addEventListener('cancel', cancel);  // Esc
  });
}
