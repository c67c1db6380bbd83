// Static rules of the site (DESIGN §7) read from the built site folder: strict CSP, no inline code,
// relative URLs only, no request to another origin, no user string parsed as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { repoRoot, siteDir } from './support.mjs';

const read = (name) => readFileSync(path.join(siteDir, name), 'utf8');
const pages = ['index.html', 'check.html', 'bureau.html', 'receipt.html'];
const ownScripts = readdirSync(siteDir).filter((f) => f.endsWith('.js') && f !== 'cxjf-engine.js');
const styles = readdirSync(siteDir).filter((f) => f.endsWith('.css'));

for (const page of pages) {
  const html = read(page);

  test(`${page} carries a strict Content-Security-Policy`, () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(meta, 'no CSP meta element');
    const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(policy['default-src'], ["'self'"]);
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(policy['style-src'], ["'self'"]);
    assert.deepEqual(policy['connect-src'], ["'self'"]);
    assert.match(html, /<link rel="icon" href="data:,">/);
  });

  test(`${page}: no inline script, style or event handler`, () => {
    for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      assert.match(m[0], /\ssrc="[^"]+"/, `inline script: ${m[0]}`);
      assert.equal(m[1].trim(), '');
    }
    assert.doesNotMatch(html, /<style\b/);
    assert.doesNotMatch(html, /\sstyle="/);
    assert.doesNotMatch(html, /\son[a-z]+="/);
  });

  test(`${page}: relative URLs only, and nothing from another origin`, () => {
    for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
      // A file beside the page, or a place in the page itself (#section).
      assert.ok(m[1] === 'data:,' || /^(\.\/)?[\w.-]+$/.test(m[1]) || /^#[\w-]+$/.test(m[1]), `not a relative URL: ${m[1]}`);
    }
  });
}

test('scripts and styles name no absolute URL and load nothing from CSS', () => {
  for (const name of [...ownScripts, ...styles, ...pages]) {
    // The SVG and OOXML (the bureau's XLSX) namespaces are names, not addresses anything is loaded from.
    const text = read(name).replace(/(['"])http:\/\/www\.w3\.org\/2000\/svg\1/g, "'svg-namespace'")
      .replace(/([`'"])http:\/\/schemas\.openxmlformats\.org\/[\w/-]+\1/g, "'ooxml-namespace'");
    assert.doesNotMatch(text, /https?:\/\//, `${name} names an absolute URL`);
    assert.doesNotMatch(text, /@import|\burl\(/, `${name} loads a resource from CSS`);
  }
});

test('scripts never parse strings as HTML or code', () => {
  assert.ok(ownScripts.includes('app.js') && ownScripts.includes('worker.js'));
  for (const name of ownScripts) {
    const text = read(name);
    assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function\b/, name);
  }
  // The glue is built with DYNAMIC_EXECUTION=0: Embind must not build functions from strings (CSP).
  assert.doesNotMatch(read('cxjf-engine.js'), /new Function\b|\beval\(/);
});

// The npm packages the browser loads are copied by the build (cmake/copy_vendor.cmake): only what is imported,
// every import relative and present, each package with its licence.
test('vendor/: the copied packages resolve by themselves, with their licences', () => {
  const vendor = path.join(siteDir, 'vendor');
  const walk = (dir) => readdirSync(path.join(vendor, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const files = walk('').sort();
  for (const dir of ['noble-ed25519', 'noble-hashes', 'noble-ciphers']) assert.ok(files.includes(path.join(dir, 'LICENSE')), dir);
  // The packages bundled into sm2-verify.js: their licences beside the others.
  for (const dir of ['noble-curves', 'sm-crypto']) assert.match(read(`vendor/${dir}/LICENSE`), /MIT License|Permission is hereby granted/, dir);
  assert.match(read('vendor/qrcode-generator/qrcode.js'), /Licensed under the MIT license/);
  const modules = files.filter((f) => /\.m?js$/.test(f));
  assert.ok(modules.length >= 10 && modules.length <= 20, modules.join(' '));
  for (const file of modules) {
    const text = read(path.join('vendor', file));
    assert.doesNotMatch(text, /sourceMappingURL/, file);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) {
      assert.match(m[1], /^\.\/[\w.-]+\.js$/, `${file} imports ${m[1]}`);
      assert.ok(existsSync(path.join(vendor, path.dirname(file), m[1])), `${file} imports ${m[1]}, which was not copied`);
    }
  }
  for (const name of ['signing.js', 'receipt.js']) {
    const imports = [...read(name).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.\/vendor\/[^'"]+)['"]/g)].map((m) => m[1]);
    assert.ok(imports.length > 0, name);
    for (const file of imports) assert.ok(existsSync(path.join(siteDir, file)), `${name}: ${file}`);
  }
});

// The modules a page loads before anything is clicked: its module scripts and, transitively, their static imports
// (an `import(…)` is loaded only when the code runs it). Read from the built, minified files.
const staticImports = (text) => [...text.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.\/[^"']+)["']/g)]
  .map((m) => m[1].slice(2));
function firstLoad(page) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of staticImports(read(name))) visit(path.posix.join(path.posix.dirname(name), dep));
  };
  for (const m of read(page).matchAll(/<script type="module" src="([^"]+)"><\/script>/g)) visit(m[1]);
  return [...seen].sort();
}

test('a first visit loads no signing code: signer.js, signing.js, keystore.js, base64url.js, the backup dialog and vendor/ load when used', () => {
  const lazy = ['signer.js', 'signing.js', 'keystore.js', 'base64url.js', 'backup-dialog.js', 'form-text-en.js'];
  const index = firstLoad('index.html');
  assert.deepEqual(index, ['client.js', 'form-model.js', 'form-scores.js', 'form-text.js', 'form.js', 'offline.js', 'page-texts.js']);
  assert.deepEqual(firstLoad('check.html'), ['app.js', 'client.js', 'drop-zone.js', 'offline.js', 'page-texts.js']);
  for (const name of [...index, 'app.js']) {
    for (const m of read(name).matchAll(/\bimport\(\s*["'](\.\/[^"']+)["']\s*\)/g)) {
      assert.ok(existsSync(path.join(siteDir, m[1])), `${name} imports ${m[1]} later, which is missing`);
    }
  }
  const later = new Set(['form.js', 'form-text.js', 'app.js'].flatMap((n) => [...read(n).matchAll(/\bimport\(\s*["']\.\/([^"']+)["']/g)].map((m) => m[1])));
  for (const name of ['signer.js', 'backup-dialog.js']) assert.ok(later.has(name), `${name} is imported when used`);
  for (const name of lazy) assert.ok(!index.includes(name), name);
  // The worker is one module: the engine glue, cxjf.js and base64url.js are inside it.
  assert.deepEqual(staticImports(read('worker.js')), []);
  assert.doesNotMatch(read('worker.js'), /\bimport\s*\(/);
  assert.match(read('worker.js'), /cxjf-engine\.wasm/);
});

test('sm2-verify.js is one module with its npm code, imported only when an SM2-SM3 signature is met', async () => {
  const text = read('sm2-verify.js');
  assert.deepEqual(staticImports(text), []);
  assert.doesNotMatch(text, /\bimport\s*\(|\brequire\(|from\s*["'][^"'.]/, 'nothing left to resolve');
  assert.doesNotMatch(text, /^\s*\/\/ /m, 'minified');
  assert.ok(text.length < 40000, `${text.length} bytes`);
  // Not loaded by any page at first, nor by verifier.js (the pages' verifier): verifier.js import()s it.
  for (const page of pages) assert.ok(!firstLoad(page).includes('sm2-verify.js'), page);
  assert.ok(!staticImports(read('verifier.js')).includes('sm2-verify.js'));
  assert.match(read('verifier.js'), /\bimport\(\s*["']\.\/sm2-verify\.js["']\s*\)/);
  // The built bundle works on its own, with the source's verdicts (a key and signature made by sm-crypto here).
  const built = await import(path.join(siteDir, 'sm2-verify.js'));
  const source = await import(path.join(repoRoot, 'site', 'sm2-verify.js'));
  const { sm2 } = (await import('node:module')).createRequire(import.meta.url)('sm-crypto');
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  const message = new TextEncoder().encode('sm2-verify bundle');
  const sig = Uint8Array.from(Buffer.from(sm2.doSignature(Array.from(message), privateKey,
    { der: false, hash: true, userId: '1234567812345678' }), 'hex'));
  const pub = Uint8Array.from(Buffer.from(publicKey, 'hex'));
  for (const m of [built, source]) {
    assert.equal(m.verifySm2(pub, message, sig), true);
    assert.equal(m.verifySm2(pub, message.subarray(1), sig), false);
  }
});

test('the built scripts and styles are minified (smaller than their sources, no comment line left)', () => {
  const sources = new Map([...readdirSync(path.join(repoRoot, 'site')).map((f) => [f, path.join(repoRoot, 'site', f)]),
                           ...readdirSync(path.join(repoRoot, 'wasm')).map((f) => [f, path.join(repoRoot, 'wasm', f)])]);
  // (worker.js is the worker's whole module graph, bigger than its own source: the test above; sm2-verify.js is
  // bundled with its npm code too: the test below.)
  const built = [...ownScripts, ...styles].filter((f) => sources.has(f) && f !== 'worker.js' && f !== 'sm2-verify.js');
  assert.ok(built.length >= 15, built.join(' '));
  for (const name of built) {
    const withoutList = (t) => t.replace(/^const PRECACHE = .*$/m, '');  // sw.js: the list is written in afterwards
    const text = read(name);
    assert.ok(withoutList(text).length < withoutList(readFileSync(sources.get(name), 'utf8')).length * 0.9, `${name} is not minified`);
    assert.doesNotMatch(text, /^\s*\/\/ /m, `${name} keeps a comment`);
  }
  // The service worker keeps its list on a line of its own, for cmake/precache.mjs.
  assert.match(read('sw.js'), /^const PRECACHE = \{"version":"[0-9a-f]{16}","files":\{.*\}\};  \/\/ written by cmake\/precache.mjs\n\S/);
});
