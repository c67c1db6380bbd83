// Issue 13, "one engine above the file too": JavaScript keeps the DOM, file intake and WebCrypto; it never makes a
// finding, a status, a count or a sheet cell. This test reads every page and engine-wrapper script (site/*.js,
// wasm/*.js) and fails on the shapes such code takes — a finding's fields or a rule ID written as a value, a status
// assigned, a count incremented, a cell neutralised or CSV quoted, the key registry's format, the duplicate rule's
// signing-time comparison, and the names of the JavaScript copies issue 13 removed. Reading the engine's answers
// (`row.counts.errors`, `f.severity === 'error'`, `i.rule === 'S-REQUIRED'`) is display and passes. The detector is
// shown to fail: on snippets of the code it replaced, and (where git has it) on that code itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './support.mjs';

// Comments and the text of strings that are not rule IDs are kept: a rule ID in a comment is fine, so comments go.
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').split('\n').map((line) => {
    // A line comment outside a string: the first // not inside quotes (good enough for this code base's style).
    let quote = null;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (quote) {
        if (c === '\\') i += 1;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '/' && line[i + 1] === '/') return line.slice(0, i);
    }
    return line;
  }).join('\n');
}

const RULE_ID = String.raw`['"\`](?:E|R|S|J|F|X|B|C)-[A-Z][A-Z0-9-]*(?:\.[a-z-]+)?['"\`]`;
const STATUS_WORD = String.raw`['"\`](?:ok|warnings|errors|unreadable|valid|invalid|absent|unverified)['"\`]`;

// [what, pattern]: each a way JavaScript would make what the engine makes.
export const SHAPES = [
  ['a rule ID as a value (not compared with ===/!==)', new RegExp(String.raw`(?<![!=]==\s*)${RULE_ID}`, 'g')],
  ['a finding\'s field written', /\b(?:rule|severity)\s*:\s*['"`]|\bexplained\s*:\s*(?:true|false)\b/g],
  ['a status assigned', new RegExp(String.raw`\bstatus\s*(?:=(?!=)|:)[^;,\n]*?${STATUS_WORD}`, 'g')],
  ['a count made', /\b(?:counts?|tally|summary)\b(?:\.\w+|\[[^\]]+\])*\s*(?:\+\+|\+=|-=)|\b(?:errors|warnings|explained|unreadable|superseded|enterprises)\s*(?:\+\+|\+=)|\[[^\]\n]*status[^\]\n]*\]\s*(?:\+\+|\+=)|\bcounts\s*[:=]\s*\{/g],
  ['a sheet cell made inert or CSV written', /neutrali[sz]e|\\ufeff|replaceAll\(\s*'"'\s*,\s*'""'\s*\)|\\r\\n`/g],
  ['the key registry\'s format', /['"`]cxjf\.keys\/1['"`]/g],
  ['signing times compared', /signedAt\s*[<>]|[<>]=?\s*[\w.?]*signedAt\b/g],
  ['a copy issue 13 removed', /\b(?:comparePaths|compareFindings|compareText|sheetRows|withRegistry|parseRegistry|registryText|unreadableResult|readFailure|peerInput|csvLine|sheetCsv\s*=|findingsRows|statusOf|countFindings|supersedes|fixed1|isDecimal)\b(?=\s*[(=])/g],
];

export function violations(text) {
  const body = code(text);
  const found = [];
  for (const [what, pattern] of SHAPES) {
    for (const m of body.matchAll(pattern)) {
      const line = body.slice(0, m.index).split('\n').length;
      found.push(`${line}: ${what}: ${m[0].trim()}`);
    }
  }
  return found;
}

const scripts = ['site', 'wasm'].flatMap((dir) => readdirSync(path.join(repoRoot, dir))
  .filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f)));

test('no page or wrapper script makes a finding, a status, a count or a sheet cell', () => {
  assert.ok(scripts.length > 20, scripts.join(' '));
  const all = scripts.flatMap((file) => violations(readFileSync(path.join(repoRoot, file), 'utf8')).map((v) => `${file}:${v}`));
  assert.deepEqual(all, []);
});

test('the detector fails on the JavaScript issue 13 replaced (snippets of it)', () => {
  const replaced = {
    'signer.js readFile': `
      result.issues.push({ rule: 'E-SIGNATURE', severity: 'warning', path: '/signature/value', case: 'mismatch',
                           message_zh: text('zh'), message_en: text('en'), explained: false });
      result.counts = { ...result.counts, warnings: result.counts.warnings + 1 };
      if (result.status === 'ok') result.status = 'warnings';`,
    'bureau-model.js withRegistry': `
      issues.push({ rule: 'E-KEY-CHANGED', severity: 'error', path: '/signature/keyId', ...message(terms, 'E-KEY-CHANGED', params) });
      const status = result.status === 'unreadable' ? 'unreadable' : statusOf(counts);`,
    'bureau-model.js countFindings': `
      for (const f of issues) { if (f.severity === 'error') counts.errors += 1; else { counts.warnings += 1; } }`,
    'bureau.js tally': `for (const e of S.entries) { s[statusKey(e)] += 1; }`,
    'app.js tally': `for (const f of done) tally[f.result.status] += 1;`,
    'bureau-model.js csvLine': `return /[,"\\r\\n]/.test(cell) ? \`"\${cell.replaceAll('"', '""')}"\` : cell;`,
    'bureau-model.js neutralise': `export function neutralise(text) { return /^[=+\\-@\\t\\r]/.test(text) ? \`'\${text}\` : text; }`,
    'bureau-model.js supersedes': `if (at !== null && bt !== null && at !== bt) return bt > at; const x = a.signature?.signedAt > b.signature?.signedAt;`,
    'bureau-model.js parseRegistry': `if (doc?.format !== KEYS_FORMAT) throw new RegistryError('format must be "cxjf.keys/1"'); const KEYS = 'cxjf.keys/1';`,
    'app.js readFailure': `return { status: 'unreadable', counts: { errors: 1, warnings: 0, explained: 0 }, issues: [{ rule: 'F-IO' }] };`,
    'bureau.js sortPaths': `S.entries.sort((a, b) => comparePaths(a.name, b.name));`,
  };
  for (const [where, snippet] of Object.entries(replaced)) {
    assert.ok(violations(snippet).length > 0, `${where} is not caught`);
  }
  // Display of the engine's answers passes.
  const display = `
    if (i.rule === 'S-REQUIRED' && !shown) continue;
    td.textContent = String(row.counts.errors);
    const row = el('tr', \`severity-\${f.severity}\`);
    if (f.severity === 'error') mark();
    statusCell.append(page.statusWord(view.status));`;
  assert.deepEqual(violations(display), []);
});

test('the detector fails on the code issue 13 replaced, as it was (git)', (t) => {
  const before = '8a7165d';  // the lead's last commit before the pages were made thin
  const files = ['site/bureau-model.js', 'site/bureau.js', 'site/signer.js', 'site/bureau-worker.js', 'site/app.js'];
  const texts = files.map((f) => spawnSync('git', ['show', `${before}:${f}`], { cwd: repoRoot, encoding: 'utf8' }));
  if (texts.some((r) => r.status !== 0)) {
    t.skip(`git has no ${before} here`);
    return;
  }
  files.forEach((f, i) => assert.ok(violations(texts[i].stdout).length > 0, `${f} at ${before} passes the detector`));
});
