// Signing in headless Chromium (Debian's, driven by playwright-core), the site served over http on 127.0.0.1:
// the page's verification path on every Wycheproof vector, the real signing flow (drop a filing, make a key, back it
// up, sign, download) checked by the native CLI, CLI-signed files verified in the page, a key restored from its
// backup in a fresh browser profile, the receipt, and the pure-JS fallback on a host where crypto.subtle is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createPrivateKey, sign as cryptoSign } from 'node:crypto';

import { cliPath, loadNodeEngine, repoRoot, siteDir, startStaticServer } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const shots = path.join(repoRoot, 'build-wasm', 'screenshots');
const USCC = '91330108MA28L4TH7K';  // examples/02-hangzhou-saas-clean.json
const PASSWORD = '备份密码 correct horse';
const exampleBytes = readFileSync(path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json'));
const wycheproof = JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'conformance', 'wycheproof', 'ed25519_test.json'), 'utf8'));

let server, port, base, work;
const contexts = [];
const profiles = [];

before(async () => {
  ({ child: server, base } = await startStaticServer());
  port = new URL(base).port;
  work = mkdtempSync(path.join(tmpdir(), 'cxjf-signing-'));
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  for (const ctx of contexts) await ctx.close().catch(() => {});
  server?.kill();
  for (const dir of [...profiles, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

// A new browser with its own, empty profile (IndexedDB included). extraArgs: e.g. a host name mapped to 127.0.0.1.
async function freshBrowser(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-chromium-'));
  profiles.push(profile);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    viewport: { width: 1100, height: 900 }, locale: 'zh-CN',
  });
  contexts.push(ctx);
  return ctx;
}

// Every page of a context reports console errors/warnings, page errors and every request it makes.
function watch(ctx) {
  const seen = { problems: [], requests: [] };
  const attach = (page) => {
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => seen.problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => seen.requests.push(r.url()));
  };
  ctx.pages().forEach(attach);
  ctx.on('page', attach);
  return seen;
}

async function until(condition, timeout = 60000) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function assertClean(seen, ...origins) {
  const foreign = seen.requests.filter((u) => !origins.some((o) => u.startsWith(`${o}/`)) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'every request is same-origin');
  assert.deepEqual(seen.problems, [], 'no console error or warning');
}

async function openCheckPage(ctx, origin = base) {
  const page = await ctx.newPage();
  await page.goto(`${origin}/check.html`);
  await page.waitForSelector('#files:not([disabled])');
  return page;
}

const cardOf = (page, name) => page.locator('#results > li', { has: page.locator('.file-name', { hasText: name }) });

async function drop(page, name, buffer) {
  await page.setInputFiles('#files', { name, mimeType: 'application/json', buffer });
  await page.waitForFunction(() => /已检查 \d+ 个文件/.test(document.getElementById('state').textContent), null, { timeout: 60000 });
  return cardOf(page, name);
}

async function saveDownload(download) {
  const file = path.join(work, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
}

function cli(...args) {
  return spawnSync(cliPath, args, { encoding: 'utf8' });
}

function cliSignature(file) {
  const run = cli('check', '--format', 'json', file);
  return JSON.parse(run.stdout).files[0].signature;
}

// Shared between the tests below, which run in order: the key made in the first browser and its backup.
const made = {};

test('the page\'s verification path gives all 151 Wycheproof verdicts, with WebCrypto and with the fallback', { timeout: 120000 }, async () => {
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  const result = await page.evaluate(async (suite) => {
    const signing = await import('./signing.js');
    const fromHex = (h) => new Uint8Array(h.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
    const out = { backend: await signing.backend(), secure: window.isSecureContext };
    for (const [name, s] of [['webcrypto', signing], ['fallback', signing.createSigning({ fallback: true })]]) {
      let total = 0;
      const wrong = [];
      for (const group of suite.testGroups) {
        for (const t of group.tests) {
          total += 1;
          const verdict = await s.verify(fromHex(group.publicKey.pk), fromHex(t.msg), fromHex(t.sig));
          if (verdict !== (t.result === 'valid')) wrong.push(t.tcId);
        }
      }
      out[name] = { total, wrong, backend: await s.backend() };
    }
    return out;
  }, wycheproof);
  assert.equal(result.secure, true);
  assert.equal(result.backend, 'webcrypto', 'Chromium on 127.0.0.1 signs with WebCrypto');
  for (const name of ['webcrypto', 'fallback']) {
    assert.equal(result[name].backend, name);
    assert.equal(result[name].total, 151, name);
    assert.deepEqual(result[name].wrong, [], `${name}: wrong verdicts`);
  }
  await page.close();
  assertClean(seen, base);
});

test('sign in Chromium: drop a clean filing, make a key, back it up, sign; the CLI verifies the download', { timeout: 120000 }, async () => {
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  const card = await drop(page, '02-hangzhou-saas-clean.json', exampleBytes);
  assert.equal(await card.locator('.badge').textContent(), '通过');
  assert.equal(await card.locator('.sig-verdict').textContent(), '未签名');

  await card.locator('button.sign').click();
  const dialog = page.locator('#backup-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.textContent(), /不下载备份的话，清除浏览器数据、换电脑或重装系统后，这把密钥就永久丢失/);
  assert.match(await page.textContent('#backup-company'), new RegExp(USCC));
  const keyId = /密钥编号 ([0-9A-F-]{19})/.exec(await page.textContent('#backup-key'))[1];
  await page.screenshot({ path: path.join(shots, 'backup-dialog-zh.png') });

  await page.fill('#backup-password', '1234567');
  await page.fill('#backup-password2', '1234567');
  await page.click('#backup-submit');
  assert.equal(await page.textContent('#backup-error'), '密码至少需要 8 个字符。');
  await page.fill('#backup-password', PASSWORD);
  await page.fill('#backup-password2', `${PASSWORD}!`);
  await page.click('#backup-submit');
  assert.equal(await page.textContent('#backup-error'), '两次输入的密码不一致。');
  assert.equal(downloads.length, 0, 'nothing is downloaded before the password is confirmed');

  const receiptOpened = ctx.waitForEvent('page', { timeout: 60000 });
  await page.fill('#backup-password2', PASSWORD);
  await page.click('#backup-submit');
  await card.locator('.signed').waitFor({ timeout: 60000 });
  assert.equal(downloads.length, 2);
  assert.deepEqual(downloads.map((d) => d.suggestedFilename()), [`${USCC}-signing-key-backup.json`, `${USCC}-2025.cxjf.json`]);
  const [backupFile, envelopeFile] = await Promise.all(downloads.map(saveDownload));
  assert.match(await card.locator('.signed').textContent(), new RegExp(`已签名并下载 ${USCC}-2025\\.cxjf\\.json（密钥编号 ${keyId}）`));

  const backup = JSON.parse(readFileSync(backupFile, 'utf8'));
  assert.equal(backup.format, 'cxjf.keybackup/1');
  assert.equal(backup.keyId, keyId);
  assert.equal(backup.uscc, USCC);
  assert.ok(backup.kdf.iterations >= 310000);

  const verify = cli('verify', '--format', 'json', envelopeFile);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.equal(JSON.parse(verify.stdout.trim()).signature.keyId, keyId);
  const signature = cliSignature(envelopeFile);
  assert.equal(signature.status, 'valid');
  assert.equal(signature.check.matches, true);
  const envelope = JSON.parse(readFileSync(envelopeFile, 'utf8'));
  assert.equal(envelope.signature.keyId, keyId);

  // The key store holds a non-extractable CryptoKey: the page can sign with it, never read it.
  const stored = await page.evaluate(async (uscc) => {
    const { openKeyStore } = await import('./keystore.js');
    const store = await openKeyStore();
    const key = await store.get(uscc);
    const list = await store.list();
    store.close();
    let exported = 'refused';
    try {
      await crypto.subtle.exportKey('pkcs8', key.privateKey);
      exported = 'exported';
    } catch { /* expected: InvalidAccessError */ }
    return { protection: key.protection, extractable: key.privateKey.extractable, type: key.privateKey.type, keyId: key.keyId,
             hasSeed: 'seed' in key, list, exported };
  }, USCC);
  assert.deepEqual({ ...stored, list: undefined }, { protection: 'non-extractable', extractable: false, type: 'private', keyId,
                                                     hasSeed: false, list: undefined, exported: 'refused' });
  assert.equal(stored.list.length, 1);

  // The receipt opened by itself: company, USCC, year, key ID, time, the digest grouped, a QR code, the seal box.
  const receipt = await receiptOpened;
  await receipt.waitForSelector('#qr path');
  assert.match(receipt.url(), /\/receipt\.html#/);
  assert.equal(await receipt.textContent('#f-uscc'), USCC);
  assert.equal(await receipt.textContent('#f-name'), '杭州数澜云策科技有限公司');
  assert.equal(await receipt.textContent('#f-year'), '2025');
  assert.equal(await receipt.textContent('#f-keyId'), keyId);
  assert.equal(await receipt.textContent('#f-signedAt'), envelope.signature.signedAt);
  const digest = signature.digest;
  const lines = await receipt.$eval('#f-digest', (td) => td.innerText.split('\n'));
  assert.deepEqual(lines, [0, 16, 32, 48].map((i) => digest.slice(i, i + 16).match(/.{4}/g).join(' ')), 'the digest, 4 × 4 groups');
  assert.equal(await receipt.textContent('#qr-text'), `cxjf-receipt/1;uscc=${USCC};keyId=${keyId};digest=${digest}`);
  assert.match(await receipt.textContent('#declaration'), new RegExp(`密钥编号 ${keyId}`));
  assert.equal(await receipt.locator('.seal-box').textContent(), '单位公章');
  await receipt.screenshot({ path: path.join(shots, 'receipt-zh.png'), fullPage: true });
  await receipt.click('#lang');
  assert.equal(await receipt.textContent('.seal-box'), 'Company seal');
  await receipt.screenshot({ path: path.join(shots, 'receipt-en.png'), fullPage: true });
  await receipt.close();

  // Signing again uses the stored key: no new key, no second backup.
  await card.locator('button.sign').click();
  await until(() => downloads.length === 3);
  assert.equal(await page.locator('#backup-dialog').isVisible(), false);
  assert.equal(downloads[2].suggestedFilename(), `${USCC}-2025.cxjf.json`);
  assert.equal(JSON.parse(readFileSync(await saveDownload(downloads[2]), 'utf8')).signature.keyId, keyId);
  await page.screenshot({ path: path.join(shots, 'check-page-signed-zh.png'), fullPage: true });

  Object.assign(made, { keyId, backupFile, envelopeFile });
  await page.close();
  assertClean(seen, base);
});

test('CLI-signed files in the page: 签名有效 with the key ID; a tampered copy 签名无效; the CLI agrees', { timeout: 60000 }, async () => {
  const key = path.join(work, 'cli-key.pem');
  const signed = path.join(work, 'cli-signed.json');
  assert.equal(cli('keygen', '--out', key).status, 0);
  const sign = cli('sign', '--key', key, '--out', signed, path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json'));
  assert.equal(sign.status, 0, sign.stderr);
  const text = readFileSync(signed, 'utf8');
  const keyId = JSON.parse(text).signature.keyId;
  const tamperedText = text.replace('"revenue": 26413548', '"revenue": 26413549');
  assert.notEqual(tamperedText, text, 'one figure changed');
  const tampered = path.join(work, 'cli-tampered.json');
  writeFileSync(tampered, tamperedText);
  assert.equal(cliSignature(tampered).status, 'invalid');

  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  await page.setInputFiles('#files', [
    { name: 'signed.json', mimeType: 'application/json', buffer: Buffer.from(text) },
    { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(tamperedText) },
  ]);
  await page.waitForFunction(() => /已检查 2 个文件/.test(document.getElementById('state').textContent), null, { timeout: 60000 });
  const good = cardOf(page, 'signed.json');
  const bad = cardOf(page, 'tampered.json');
  assert.equal(await good.locator('.sig-verdict').textContent(), '签名有效');
  assert.equal(await good.locator('.key-id').textContent(), keyId);
  assert.equal(await good.locator('.badge').textContent(), '通过');
  assert.equal(await bad.locator('.sig-verdict').textContent(), '签名无效');
  assert.equal(await bad.locator('.key-id').textContent(), keyId);
  assert.equal(await bad.locator('.badge').textContent(), '有警告', 'as the CLI: an E-SIGNATURE warning');
  assert.deepEqual(await bad.locator('tbody code').allTextContents(), ['E-SIGNATURE', '/signature/value']);
  assert.match(await bad.locator('td.message').textContent(), /签名验证失败/);
  await page.screenshot({ path: path.join(shots, 'check-page-signatures-zh.png'), fullPage: true });
  assert.deepEqual(seen.requests.filter((u) => u.includes('/vendor/')), [], 'verifying with WebCrypto loads no vendor code');
  await page.click('#lang');
  assert.equal(await good.locator('.sig-verdict').textContent(), 'signature valid');
  assert.equal(await bad.locator('.sig-verdict').textContent(), 'signature INVALID');
  await page.close();
  assertClean(seen, base);
});

test('a validly signed file whose check claim differs: the page compares the claim, as `cxjf check` reports it', { timeout: 60000 }, async () => {
  // The envelope of example 02, its claim changed and signed again over the new RFC 8785 bytes (the engine's).
  const key = path.join(work, 'claim-key.pem');
  const signed = path.join(work, 'claim-signed.json');
  assert.equal(cli('keygen', '--out', key).status, 0);
  assert.equal(cli('sign', '--key', key, '--out', signed, path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json')).status, 0);
  const envelope = JSON.parse(readFileSync(signed, 'utf8'));
  envelope.check.warnings = 7;
  envelope.check.prescores['tech-sme'].score = 1;
  const { format, filing, check } = envelope;
  const { signedAt, keyId, alg } = envelope.signature;
  const engine = await loadNodeEngine();
  const { canonical } = engine.canonicalize(JSON.stringify({ format, filing, check, signedAt, keyId, alg }));
  envelope.signature.value = cryptoSign(null, Buffer.from(canonical), createPrivateKey(readFileSync(key))).toString('base64url');
  const claimed = path.join(work, 'claim-differs.json');
  writeFileSync(claimed, `${JSON.stringify(envelope, null, 2)}\n`);
  assert.equal(cliSignature(claimed).status, 'valid');
  const report = cli('check', claimed).stdout;
  const differs = report.split('\n').filter((l) => l.includes('文件中的检查结论与本次检查不同：')).map((l) => l.trim());
  assert.ok(differs.length >= 2, report);

  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  await page.setInputFiles('#files', [{ name: 'claim.json', mimeType: 'application/json', buffer: readFileSync(claimed) }]);
  await page.waitForFunction(() => /已检查 1 个文件/.test(document.getElementById('state').textContent), null, { timeout: 60000 });
  const card = cardOf(page, 'claim.json');
  assert.equal(await card.locator('.sig-verdict').textContent(), '签名有效');
  assert.deepEqual((await card.locator('.claim-differs').allTextContents()).map((t) => t.trim()), differs, 'the CLI\'s lines');
  await page.close();
  assertClean(seen, base);
});

test('SM2-SM3 files in the page: verified here (签名有效; a tampered copy 签名无效), as the CLI says', { timeout: 60000 }, async () => {
  const key = path.join(work, 'sm2-key.pem');
  const signed = path.join(work, 'sm2-signed.json');
  assert.equal(cli('keygen', '--alg', 'SM2-SM3', '--out', key).status, 0);
  assert.equal(cli('sign', '--key', key, '--out', signed, path.join(repoRoot, 'examples', '02-hangzhou-saas-clean.json')).status, 0);
  const text = readFileSync(signed, 'utf8');
  const tamperedText = text.replace('"revenue": 26413548', '"revenue": 26413549');
  assert.notEqual(tamperedText, text, 'one figure changed');
  const tampered = path.join(work, 'sm2-tampered.json');
  writeFileSync(tampered, tamperedText);
  const good = cliSignature(signed);
  assert.equal(good.status, 'valid');
  assert.equal(cliSignature(tampered).status, 'invalid');
  const cliBad = JSON.parse(cli('check', '--format', 'json', tampered).stdout).files[0];
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  await page.setInputFiles('#files', [
    { name: 'sm2.json', mimeType: 'application/json', buffer: Buffer.from(text) },
    { name: 'sm2-tampered.json', mimeType: 'application/json', buffer: Buffer.from(tamperedText) },
  ]);
  await page.waitForFunction(() => /已检查 2 个文件/.test(document.getElementById('state').textContent), null, { timeout: 60000 });
  const card = cardOf(page, 'sm2.json');
  const bad = cardOf(page, 'sm2-tampered.json');
  assert.equal(await card.locator('.sig-verdict').textContent(), '签名有效');
  assert.equal(await card.locator('.key-id').textContent(), good.keyId);
  assert.equal(await card.locator('.badge').textContent(), '通过');
  assert.equal(await bad.locator('.sig-verdict').textContent(), '签名无效');
  assert.equal(await bad.locator('.badge').textContent(), '有警告', 'as the CLI: an E-SIGNATURE warning');
  assert.equal(cliBad.status, 'warnings');
  assert.deepEqual(await bad.locator('tbody code').allTextContents(),
                   cliBad.issues.flatMap((i) => [i.rule, i.path]), 'the CLI\'s findings');
  assert.equal(await bad.locator('td.message').textContent(), cliBad.issues[0].message_zh);
  assert.ok(seen.requests.some((u) => u.endsWith('/sm2-verify.js')), 'the SM2 code is loaded for an SM2 file');
  await page.click('#lang');
  assert.equal(await card.locator('.sig-verdict').textContent(), 'signature valid');
  assert.equal(await bad.locator('.sig-verdict').textContent(), 'signature INVALID');
  await page.close();
  assertClean(seen, base);
});

test('restore the backup in a fresh browser profile and sign again: the same key ID, verified by the CLI', { timeout: 120000 }, async () => {
  assert.ok(made.backupFile, 'the signing test ran first');
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  const downloads = [];
  page.on('download', (d) => downloads.push(d));

  await page.click('#restore');
  await page.locator('#restore-dialog').waitFor({ state: 'visible' });
  await page.setInputFiles('#restore-file', { name: `${USCC}-signing-key-backup.json`, mimeType: 'application/json',
                                              buffer: readFileSync(made.backupFile) });
  await page.waitForFunction((uscc) => document.getElementById('restore-uscc').value === uscc, USCC);
  await page.fill('#restore-password', 'not the password');
  await page.click('#restore-submit');
  await page.waitForFunction(() => /密码错误/.test(document.getElementById('restore-error').textContent), null, { timeout: 60000 });
  await page.screenshot({ path: path.join(shots, 'restore-dialog-zh.png') });
  await page.fill('#restore-password', PASSWORD);
  await page.click('#restore-submit');
  await page.waitForFunction(() => /已为/.test(document.getElementById('key-state').textContent), null, { timeout: 60000 });
  assert.equal(await page.textContent('#key-state'), `已为 ${USCC} 恢复签名密钥，密钥编号 ${made.keyId}。`);

  const card = await drop(page, '02-hangzhou-saas-clean.json', exampleBytes);
  const receiptOpened = ctx.waitForEvent('page', { timeout: 60000 });
  await card.locator('button.sign').click();
  await card.locator('.signed').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#backup-dialog').isVisible(), false, 'the restored key needs no new backup');
  assert.equal(downloads.length, 1);
  const file = await saveDownload(downloads[0]);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).signature.keyId, made.keyId);
  const verify = cli('verify', file);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.equal(cliSignature(file).status, 'valid');
  await (await receiptOpened).close();
  await page.close();
  assertClean(seen, base);
});

test('the receipt shows hostile fragment values as text, and a page without data says so', { timeout: 60000 }, async () => {
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await ctx.newPage();
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const params = new URLSearchParams({ name: hostile, uscc: USCC, year: '2025', keyId: 'ABCD-0123-4567-89EF',
                                       digest: 'ab'.repeat(32), signatory: hostile, signedAt: '2025-06-20T10:15:30+08:00' });
  await page.goto(`${base}/receipt.html#${params}`);
  await page.waitForSelector('#qr path');
  assert.equal(await page.textContent('#f-name'), hostile);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  // Printed, the receipt is one A4 sheet in either language (the toolbar is not printed).
  for (const lang of ['zh', 'en']) {
    params.set('lang', lang);
    params.set('name', '杭州数澜云策科技有限公司');
    params.set('file', `${USCC}-2025.cxjf.json`);
    await page.goto(`${base}/receipt.html#${params}`);
    await page.reload();
    await page.waitForSelector('#qr path');
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    assert.equal(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length, 1, `${lang}: one printed page`);
  }
  await page.goto(`${base}/receipt.html#uscc=${USCC}&keyId=nope`);
  await page.reload();
  assert.equal(await page.isVisible('#missing'), true);
  assert.equal(await page.isVisible('#receipt'), false);
  await page.close();
  assertClean(seen, base);
});

test('the check page fetches no signing code until it signs (an unsigned file needs none); the shared backup dialog cancels cleanly', { timeout: 120000 }, async () => {
  const ctx = await freshBrowser();
  const seen = watch(ctx);
  const page = await openCheckPage(ctx);
  await page.waitForLoadState('networkidle');
  const lazy = ['signer.js', 'signing.js', 'keystore.js', 'base64url.js', 'backup-dialog.js'];
  const loaded = () => seen.requests.map((u) => new URL(u).pathname.slice(1)).filter((n) => lazy.includes(n) || n.startsWith('vendor/'));
  assert.deepEqual(loaded(), [], 'opening the page');
  assert.equal(await page.isVisible('#key-protection'), false);

  const card = await drop(page, '02-hangzhou-saas-clean.json', exampleBytes);
  assert.deepEqual(loaded(), [], 'an unsigned file checked: its verdict is the engine\'s, no verifier needed');
  await card.locator('button.sign').click();
  await page.locator('#backup-dialog[open]').waitFor();
  for (const name of ['backup-dialog.js', 'base64url.js', 'keystore.js', 'signer.js', 'signing.js']) {
    assert.ok(loaded().includes(name), `signing fetches ${name}`);
  }
  assert.match(await page.textContent('#backup-company'), new RegExp(`企业：杭州数澜云策科技有限公司 · ${USCC}`));
  await page.keyboard.press('Escape');
  await card.locator('.sign-error').waitFor();
  assert.equal(await card.locator('.sign-error').textContent(), '已取消签名。');
  assert.equal(await page.locator('#backup-dialog').count(), 0);
  // Again, in English, with the cancel button: nothing was kept or downloaded.
  await page.click('#lang');
  await cardOf(page, '02-hangzhou-saas-clean.json').locator('button.sign').click();
  await page.locator('#backup-dialog[open]').waitFor();
  assert.equal(await page.textContent('#backup-submit'), 'Download the backup and sign');
  await page.click('#backup-cancel');
  await cardOf(page, '02-hangzhou-saas-clean.json').locator('.sign-error').waitFor();
  assert.equal(await cardOf(page, '02-hangzhou-saas-clean.json').locator('.sign-error').textContent(), 'Signing cancelled.');
  assert.equal(await page.evaluate(async (uscc) => {
    const { openKeyStore } = await import('./keystore.js');
    const store = await openKeyStore();
    const key = await store.get(uscc);
    store.close();
    return key;
  }, USCC), null, 'a cancelled first signature keeps no key');
  await page.close();
  assertClean(seen, base);
});

test('on a plain-http host name (no crypto.subtle) the page warns, signs with the fallback, and the CLI verifies', { timeout: 120000 }, async () => {
  const ctx = await freshBrowser(['--host-resolver-rules=MAP cxjf.test 127.0.0.1']);
  const seen = watch(ctx);
  const origin = `http://cxjf.test:${port}`;
  const page = await openCheckPage(ctx, origin);
  assert.deepEqual(await page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof crypto.subtle })),
                   { secure: false, subtle: 'undefined' });
  await page.waitForSelector('#key-protection:not([hidden])');
  assert.match(await page.textContent('#key-protection'), /不是通过 https 或本机地址.*以原始数据保存在本浏览器中/);

  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  const card = await drop(page, '02-hangzhou-saas-clean.json', exampleBytes);
  await card.locator('button.sign').click();
  await page.locator('#backup-dialog').waitFor({ state: 'visible' });
  assert.equal(await page.isVisible('#backup-weak'), true, 'the backup dialog says the key is less protected here');
  await page.fill('#backup-password', PASSWORD);
  await page.fill('#backup-password2', PASSWORD);
  const receiptOpened = ctx.waitForEvent('page', { timeout: 60000 });
  await page.click('#backup-submit');
  await card.locator('.signed').waitFor({ timeout: 60000 });
  const [backupFile, envelopeFile] = await Promise.all(downloads.map(saveDownload));
  const verify = cli('verify', envelopeFile);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const stored = await page.evaluate(async (uscc) => {
    const { openKeyStore } = await import('./keystore.js');
    const store = await openKeyStore();
    const key = await store.get(uscc);
    store.close();
    return { protection: key.protection, seed: key.seed?.length };
  }, USCC);
  assert.deepEqual(stored, { protection: 'raw-seed', seed: 32 });

  // The fallback's backup is the same format: the WebCrypto path of a secure page (127.0.0.1) restores it.
  const backup = JSON.parse(readFileSync(backupFile, 'utf8'));
  const securePage = await openCheckPage(ctx, base);
  const restored = await securePage.evaluate(async ([bytes, password]) => {
    const signing = await import('./signing.js');
    const key = await signing.restoreBackup(new Uint8Array(bytes), password);
    return { keyId: key.keyId, protection: key.protection, backend: await signing.backend() };
  }, [[...readFileSync(backupFile)], PASSWORD]);
  assert.deepEqual(restored, { keyId: backup.keyId, protection: 'non-extractable', backend: 'webcrypto' });
  await (await receiptOpened).close();
  await securePage.close();
  await page.close();
  assertClean(seen, origin, base);
});
