#!/usr/bin/env node
// Page weight: what each page of the built site downloads, measured in headless Chromium from a local server.
//
//   node bench/page-weight.mjs [PAGE.html ...]        (default: index.html, and check.html when it exists)
//
// Each page is loaded in a fresh browser profile with service workers blocked, until its engine has answered
// (the engine's version is on the page) and the network is idle; every response is recorded, from the page and
// from its worker. Sizes are the files' bytes and their gzip -9 size (zlib level 9), per file and in total;
// KB = 1,000 bytes. The bar (DESIGN §8): the enterprise page (index.html), everything it loads, ≤ 350 KB gzip.
// Also shown: the service worker's first-visit download (every file of the site, sw.js's list: it downloads what
// the page did not load, e.g. the signing code and the other pages), and the portable page, raw and gzip.
// Exits with 1 when the bar is not met or a page asked another origin for anything.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readPrecache } from '../cmake/precache.mjs';
import { serveSite } from './site-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BAR = 350_000;
const pages = process.argv.slice(2).length ? process.argv.slice(2)
  : ['index.html', 'check.html'].filter((p) => existsSync(path.join(siteDir, p)));

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const pad = (s, n) => String(s).padStart(n);

const server = await serveSite(siteDir);
const { origin } = server;

const { chromium } = await import('playwright-core');
const rows = (files) => files.map((name) => {
  const bytes = readFileSync(path.join(siteDir, name));
  return { name, raw: bytes.length, gzip: gz(bytes) };
});
function printTable(title, list) {
  console.log(`\n${title}`);
  console.log(`${'file'.padEnd(44)}${pad('bytes', 11)}${pad('gzip -9', 11)}`);
  for (const r of list) console.log(`${r.name.padEnd(44)}${pad(r.raw.toLocaleString('en'), 11)}${pad(r.gzip.toLocaleString('en'), 11)}`);
  const raw = list.reduce((s, r) => s + r.raw, 0);
  const gzip = list.reduce((s, r) => s + r.gzip, 0);
  console.log(`${`total (${list.length} files)`.padEnd(44)}${pad(raw.toLocaleString('en'), 11)}${pad(gzip.toLocaleString('en'), 11)}   = ${kb(raw)} raw, ${kb(gzip)} gzip`);
  return { raw, gzip };
}

const loaded = new Set();
let failed = false;
try {
  for (const pageName of pages) {
    const profile = mkdtempSync(path.join(tmpdir(), 'cxjf-weight-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, serviceWorkers: 'block',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const responses = new Map();
    const other = [];
    ctx.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin !== origin) { if (!/^(data|blob):/.test(r.url())) other.push(r.url()); return; }
      const name = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
      responses.set(name, (responses.get(name) ?? 0) + 1);
    });
    const page = await ctx.newPage();
    await page.goto(`${origin}/${pageName}`);
    await page.waitForFunction(() => /cxjf \d+\.\d+\.\d+/.test(document.body.innerText), null, { timeout: 60000 });
    await page.waitForLoadState('networkidle');
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });

    const names = [...responses.keys()].filter((n) => existsSync(path.join(siteDir, n))).sort();
    names.forEach((n) => loaded.add(n));
    const { gzip } = printTable(`${pageName}: every file it loads`, rows(names));
    const twice = [...responses].filter(([, count]) => count > 1).map(([n, c]) => `${n} ×${c}`);
    if (twice.length) console.log(`  loaded more than once: ${twice.join(', ')}`);
    if (other.length) { console.log(`  requests to other origins: ${other.join(', ')}`); failed = true; }
    if (pageName === 'index.html') {
      const met = gzip <= BAR;
      console.log(`  bar: enterprise page ≤ ${kb(BAR)} gzip: ${met ? 'met' : 'NOT MET'} (${kb(gzip)})`);
      failed ||= !met;
    }
  }
} finally {
  server.close();
}

const sw = path.join(siteDir, 'sw.js');
if (existsSync(sw)) {
  const listed = Object.keys(readPrecache(readFileSync(sw, 'utf8')).files);
  const extra = listed.filter((n) => !loaded.has(n));
  printTable('the service worker\'s offline copy: every listed file (first visit, on https or localhost)', rows(listed));
  printTable('  of which the pages above did not load themselves', rows(extra));
}
const portable = path.join(siteDir, 'cxjf-portable.html');
if (existsSync(portable)) printTable('the portable page (one file, for use from disk)', rows(['cxjf-portable.html']));
process.exitCode = failed ? 1 : 0;
