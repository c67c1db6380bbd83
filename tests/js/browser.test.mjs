// The check page in headless Chromium (Debian's, driven by playwright-core), served over http on 127.0.0.1:
// real files in, findings shown at the right place, only same-origin requests, no console errors, user text inert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, siteDir, startStaticServer } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const shots = path.join(repoRoot, 'build-wasm', 'screenshots');
let server, base, ctx, profile;

before(async () => {
  ({ child: server, base } = await startStaticServer());
  const { chromium } = await import('playwright-core');
  profile = mkdtempSync(path.join(tmpdir(), 'cxjf-chromium-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 }, locale: 'zh-CN',
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await ctx?.close();
  server?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const example = (name) => ({ name, mimeType: 'application/json', buffer: readFileSync(path.join(repoRoot, 'examples', name)) });

test('check page: files dropped in are checked in the worker and every finding is shown', { timeout: 60000 }, async () => {
  const page = await ctx.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}/check.html`);
  await page.waitForSelector('#files:not([disabled])');
  assert.match(await page.textContent('#engine'), /cxjf \d+\.\d+\.\d+/);

  const hostile = '<img src=x onerror="window.__pwned=1">.json';
  await page.setInputFiles('#files', [
    example('01-hefei-smart-equipment-clean.json'),
    example('11-xiamen-wrong-uscc-check-char.json'),
    example('17-nanjing-typo-field-name.json'),
    { name: hostile, mimeType: 'application/json', buffer: Buffer.from('{"enterprise": ') },
  ]);
  await page.waitForFunction(() => /已检查 4 个文件/.test(document.getElementById('state').textContent), null, { timeout: 60000 });
  // Each file's status is the engine's, on its card; the page adds up none of them (issue 13).
  assert.doesNotMatch(await page.textContent('#state'), /通过 \d/);

  const cards = await page.$$eval('#results > li', (items) => items.map((li) => ({
    name: li.querySelector('.file-name').textContent,
    badge: li.querySelector('.badge').textContent,
    rules: [...li.querySelectorAll('tbody code')].map((c) => c.textContent),
    messages: [...li.querySelectorAll('td.message')].map((c) => c.textContent),
  })));
  const byName = Object.fromEntries(cards.map((c) => [c.name, c]));
  assert.equal(byName['01-hefei-smart-equipment-clean.json'].badge, '通过');
  assert.equal(byName['11-xiamen-wrong-uscc-check-char.json'].badge, '有错误');
  assert.equal(byName['17-nanjing-typo-field-name.json'].badge, '有错误');
  const scores = await page.textContent('#results > li:first-child .scores');
  assert.match(scores, /科技型中小企业 100（暂不符合）/);
  assert.match(scores, /创新积分预估 78\.2 \+ 加分 26非官方估算/);
  assert.deepEqual(byName['11-xiamen-wrong-uscc-check-char.json'].rules, ['R-ID-USCC', '/enterprise/uscc']);
  assert.match(byName['11-xiamen-wrong-uscc-check-char.json'].messages[0], /统一社会信用代码校验位错误/);
  assert.equal(byName['17-nanjing-typo-field-name.json'].rules[0], 'S-UNKNOWN-FIELD');
  assert.equal(byName[hostile].badge, '无法读取', 'a file name with HTML is shown as text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('#results img', (imgs) => imgs.length), 0);
  await page.screenshot({ path: path.join(shots, 'check-page-zh.png'), fullPage: true });

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#state'), /4 files checked/);
  const en = await page.$$eval('td.message', (tds) => tds.map((td) => td.textContent));
  assert.ok(en.some((m) => /Wrong USCC check character/.test(m)), en.join('\n'));
  await page.screenshot({ path: path.join(shots, 'check-page-en.png'), fullPage: true });

  const origin = new URL(base).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'every request is same-origin');
  assert.deepEqual(problems, []);
  await page.close();
});
