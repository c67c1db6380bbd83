// Static rules of the site (DESIGN §7) read from the built site folder: strict CSP, no inline code,
// relative URLs only, no request to another origin, no user string parsed as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { siteDir } from './support.mjs';

const read = (name) => readFileSync(path.join(siteDir, name), 'utf8');
const html = read('index.html');
const ownScripts = readdirSync(siteDir).filter((f) => f.endsWith('.js') && f !== 'cxjf-engine.js');

test('index.html carries a strict Content-Security-Policy', () => {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, 'no CSP meta element');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy['style-src'], ["'self'"]);
  assert.deepEqual(policy['connect-src'], ["'self'"]);
  assert.match(html, /<link rel="icon" href="data:,">/);
});

test('no inline script, style or event handler', () => {
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    assert.match(m[0], /\ssrc="[^"]+"/, `inline script: ${m[0]}`);
    assert.equal(m[1].trim(), '');
  }
  assert.doesNotMatch(html, /<style\b/);
  assert.doesNotMatch(html, /\sstyle="/);
  assert.doesNotMatch(html, /\son[a-z]+="/);
});

test('relative URLs only, and nothing from another origin', () => {
  for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
    assert.ok(m[1] === 'data:,' || /^(\.\/)?[\w.-]+$/.test(m[1]), `not a relative URL: ${m[1]}`);
  }
  for (const name of [...ownScripts, 'style.css', 'index.html']) {
    const text = read(name);
    assert.doesNotMatch(text, /https?:\/\//, `${name} names an absolute URL`);
    assert.doesNotMatch(text, /@import|url\(/, `${name} loads a resource from CSS`);
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
