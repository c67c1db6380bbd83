// Hostile inputs (tests/bad-inputs/): every file through the native CLI and through the wasm engine in Node, each
// with the status and rule IDs of tests/bad-inputs/manifest.json; both must agree, the batch must list exactly the
// files given, and nothing may crash or hang. Cases with a "known_issue" are todo: they document an engine problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { cases, filesDir, manifest, manifestPath, writeGenerated } from '../bad-inputs/make.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf');
const siteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(root, 'build-wasm', 'site'));
// The verdicts, not the clock: no time cap here (the largest inputs take ~1 s in wasm on a loaded machine; the cap
// has its own tests in cli.test.mjs, wasm.test.mjs and the unit tests).
const DATE = ['--check-date', '2025-06-30', '--max-ms', '0'];
const TIMEOUT_MS = 30_000;

const expected = JSON.parse(readFileSync(manifestPath, 'utf8'));
const tmp = mkdtempSync(path.join(tmpdir(), 'cxjf-bad-inputs-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const generatedPaths = Object.fromEntries(writeGenerated(tmp).map(({ file, path: p }) => [file, p]));
const pathOf = (entry) => (entry.generated ? generatedPaths[entry.file] : path.join(filesDir, entry.file));
const paths = expected.files.map(pathOf);
const ruleSet = (issues) => [...new Set(issues.map((i) => i.rule))].sort();

function runCli(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: TIMEOUT_MS });
  if (r.error) throw r.error;
  assert.equal(r.signal, null, `cxjf ${args.slice(0, 4).join(' ')}… killed by ${r.signal} (crash or hang)`);
  assert.ok([0, 1, 2].includes(r.status), `exit ${r.status}: ${r.stderr}`);
  return r;
}

// The wasm leg runs in a worker so that a hang or an abort in the engine cannot take the test run down: the worker
// is terminated after TIMEOUT_MS. It also reports whether checking __proto__ keys polluted Object.prototype.
const workerCode = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { readFileSync } = require('node:fs');
  (async () => {
    const { loadEngine } = await import(workerData.engineUrl);
    const engine = await loadEngine({ wasmBinary: readFileSync(workerData.wasmPath) });
    const results = [];
    for (const file of workerData.paths) {
      const bytes = readFileSync(file);
      const started = Date.now();
      let result, signatureData, thrown;
      try {
        result = engine.check(bytes, { checkDate: '2025-06-30', maxMs: 0 });
        if (result.signature && result.signature.status === 'unverified') signatureData = engine.signatureData(bytes);
      } catch (e) { thrown = String(e && e.stack || e); }
      results.push({ result, signatureData, thrown, ms: Date.now() - started });
    }
    parentPort.postMessage({ results, polluted: ({}).polluted !== undefined || ({}).prototype !== undefined });
  })().catch((e) => parentPort.postMessage({ fatal: String(e && e.stack || e) }));
`;
function runWasm(files) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerCode, { eval: true, workerData: {
      engineUrl: pathToFileURL(path.join(siteDir, 'cxjf.js')).href, wasmPath: path.join(siteDir, 'cxjf-engine.wasm'), paths: files } });
    const timer = setTimeout(() => { worker.terminate(); reject(new Error(`wasm engine did not finish in ${TIMEOUT_MS} ms`)); }, TIMEOUT_MS);
    worker.once('message', (m) => { clearTimeout(timer); worker.terminate(); m.fatal ? reject(new Error(m.fatal)) : resolve(m); });
    worker.once('error', (e) => { clearTimeout(timer); reject(e); });
    worker.once('exit', (code) => { clearTimeout(timer); reject(new Error(`wasm worker exited with ${code}`)); });
  });
}

// The engine in wasm checks everything but the signature arithmetic, which the page does in JS (WebCrypto): a
// well-formed signature is "unverified". Here node:crypto plays the page, so the verdict can be compared with the CLI's.
function pageVerdict({ result, signatureData: d }) {
  if (!d || d.status !== 'unverified') return { status: result.status, rules: ruleSet(result.issues) };
  let valid = false;
  if (d.alg === 'Ed25519') {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(d.publicKey).toString('base64url') }, format: 'jwk' });
    valid = cryptoVerify(null, Buffer.from(d.signedBytes), key, Buffer.from(d.value));
  }
  if (valid) return { status: result.status, rules: ruleSet(result.issues) };
  return { status: result.status === 'ok' ? 'warnings' : result.status, rules: ruleSet([...result.issues, { rule: 'E-SIGNATURE' }]) };
}

test('the committed files and manifest are exactly what make.mjs generates', () => {
  assert.deepEqual(readdirSync(filesDir).sort(), cases.map((c) => c.file).sort(), 'files/ holds exactly the cases');
  for (const c of cases) assert.ok(readFileSync(path.join(filesDir, c.file)).equals(c.bytes), `${c.file} differs: run node tests/bad-inputs/make.mjs`);
  assert.deepEqual(expected, manifest(), 'manifest.json differs: run node tests/bad-inputs/make.mjs');
  assert.ok(expected.files.length >= 60, `${expected.files.length} hostile inputs`);
});

test('every hostile input: expected status and rules, natively and in wasm, and both agree', { timeout: 90_000 }, async (t) => {
  assert.ok(existsSync(cli), `no CLI at ${cli}`);
  const started = Date.now();
  const r = runCli(['check', '--format', 'json', '--jobs', '2', ...DATE, ...paths]);
  t.diagnostic(`CLI batch of ${paths.length} files: ${Date.now() - started} ms, exit ${r.status}`);
  assert.equal(r.status, 1, 'exit 1: some files have errors or are unreadable');
  const out = JSON.parse(r.stdout);
  assert.equal(out.files.length, paths.length, 'the batch reports exactly the files given');
  assert.equal(out.summary.files, paths.length);
  assert.deepEqual(out.files.map((f) => f.file), paths, 'in input order');

  const wasmStarted = Date.now();
  const wasm = await runWasm(paths);
  t.diagnostic(`wasm engine on ${paths.length} files: ${Date.now() - wasmStarted} ms`);
  assert.equal(wasm.polluted, false, 'checking __proto__/constructor keys polluted Object.prototype in the worker');
  assert.equal(({}).polluted, undefined, 'parsing the CLI output polluted Object.prototype');

  for (const [i, entry] of expected.files.entries()) {
    const options = entry.known_issue ? { todo: entry.known_issue } : {};
    await t.test(`${entry.file}: ${entry.why}`, options, () => {
      const native = out.files[i];
      const nativeRules = ruleSet(native.issues);
      const w = wasm.results[i];
      assert.equal(w.thrown, undefined, `wasm threw: ${w.thrown}`);
      assert.ok(w.ms < 5000, `wasm took ${w.ms} ms`);
      for (const rules of [nativeRules, ruleSet(w.result.issues)]) {
        assert.ok(!rules.includes('X-INTERNAL') && !rules.includes('S-INTERNAL'), `internal error: ${rules}`);
      }
      const page = pageVerdict(w);
      // Agreement first: a difference here means the two builds disagree, whatever the expectation says.
      assert.deepEqual(page, { status: native.status, rules: nativeRules }, 'CLI and wasm (+ page signature check) agree');
      assert.equal(native.status, entry.expect.status, `status; issues: ${JSON.stringify(native.issues.map((x) => [x.rule, x.path, x.message_en]))}`);
      for (const rule of entry.expect.rules) assert.ok(nativeRules.includes(rule), `${rule} among ${nativeRules}`);
      if (native.status === 'unreadable') {
        assert.ok(nativeRules.every((x) => /^(J|F)-/.test(x)), `an unreadable file has only reader findings: ${nativeRules}`);
      }
    });
  }
});

test('a directory walk over files/ reports each committed file once', () => {
  const r = runCli(['check', '--format', 'json', '--jobs', '1', ...DATE, filesDir]);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => path.basename(f.file)).sort(), cases.map((c) => c.file).sort());
  const byName = Object.fromEntries(out.files.map((f) => [path.basename(f.file), f.status]));
  for (const entry of expected.files.filter((e) => !e.generated && !e.known_issue)) assert.equal(byName[entry.file], entry.expect.status, entry.file);
});

test('standard input gives the same verdict as the path', () => {
  for (const name of ['utf8-cesu-surrogate.json', 'dup-by-escape.json', 'depth-100000-arrays.json', 'empty.json', 'proto-top.json']) {
    const bytes = readFileSync(path.join(filesDir, name));
    const r = spawnSync(cli, ['check', '--format', 'json', ...DATE, '-'], { input: bytes, encoding: 'utf8', timeout: TIMEOUT_MS });
    assert.equal(r.signal, null, name);
    const viaPath = JSON.parse(runCli(['check', '--format', 'json', ...DATE, path.join(filesDir, name)]).stdout).files[0];
    const viaStdin = JSON.parse(r.stdout).files[0];
    assert.deepEqual([viaStdin.status, ruleSet(viaStdin.issues)], [viaPath.status, ruleSet(viaPath.issues)], name);
  }
});

// CLI only: things that exist only on a disk. Built in a temp dir at test time.
test('CLI: a directory named x.json, symlink loops, dangling links and a directory link cycle', async (t) => {
  const dir = path.join(tmp, 'disk');
  mkdirSync(path.join(dir, 'x.json', 'inner'), { recursive: true });
  mkdirSync(path.join(dir, 'empty-dir.json'));
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'x.json', 'inner', 'a.json'), readFileSync(path.join(root, 'examples', '02-hangzhou-saas-clean.json')));
  symlinkSync('loop2.json', path.join(dir, 'loop1.json'));
  symlinkSync('loop1.json', path.join(dir, 'loop2.json'));
  symlinkSync('self.json', path.join(dir, 'self.json'));
  symlinkSync('/nonexistent/cxjf-bad-input.json', path.join(dir, 'dangling.json'));
  symlinkSync('..', path.join(dir, 'sub', 'up'));           // a directory link cycle: must not be followed
  symlinkSync('../sub', path.join(dir, 'sub', 'again.json'));

  const given = [path.join(dir, 'x.json'), path.join(dir, 'loop1.json'), path.join(dir, 'self.json'), path.join(dir, 'nope.json')];
  const explicit = runCli(['check', '--format', 'json', ...DATE, ...given]);
  assert.equal(explicit.status, 2, 'a file that cannot be read from disk: exit 2');
  const files = JSON.parse(explicit.stdout).files;
  assert.deepEqual(files.map((f) => f.file),
    [path.join(dir, 'x.json', 'inner', 'a.json'), ...given.slice(1)], 'the directory x.json is walked; every other path reported once');
  assert.equal(files[0].status, 'ok');
  for (const f of files.slice(1)) {
    assert.equal(f.status, 'unreadable', f.file);
    assert.deepEqual(ruleSet(f.issues), ['F-IO'], f.file);
  }

  const walk = runCli(['check', '--format', 'json', ...DATE, dir]);
  const walked = JSON.parse(walk.stdout).files;
  assert.deepEqual(walked.map((f) => path.relative(dir, f.file)).sort(),
    ['dangling.json', 'loop1.json', 'loop2.json', 'self.json', path.join('x.json', 'inner', 'a.json')].sort(),
    'the walk ends, does not follow sub/up or sub/again.json, and lists each file once');
  for (const f of walked.filter((x) => !x.file.endsWith('a.json'))) assert.deepEqual(ruleSet(f.issues), ['F-IO'], f.file);

  await t.test('a symlink loop found by the walk is described as a loop, a dangling link as broken', () => {
    const loop = walked.find((f) => f.file.endsWith('loop1.json'));
    assert.match(loop.issues[0].message_en, /levels of symbolic links|loop/i);
    const dangling = walked.find((f) => f.file.endsWith('dangling.json'));
    assert.match(dangling.issues[0].message_en, /broken symbolic link/);
  });
});
