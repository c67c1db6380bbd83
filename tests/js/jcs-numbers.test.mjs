// RFC 8785 numbers: the C++ canonicalizer against ECMAScript itself (Node's Number → string, which JSON.stringify
// uses) on 1,000,000 doubles: random bit patterns over every exponent (subnormals included), -0, integers, and
// the edges around powers of two and ten where shortest-digit printing goes wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './support.mjs';

const tool = process.env.CXJF_JCS_NUMBERS ?? path.join(repoRoot, 'build', 'jcs_numbers');
const COUNT = 1_000_000;

// xorshift32 pairs with a fixed seed, so a failure can be reproduced.
function* bitPatterns(n) {
  let a = 0x9e3779b9, b = 0x7f4a7c15;
  const next = (x) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
  for (let i = 0; i < n; i++) {
    a = next(a);
    b = next(b ^ i);
    yield [a, b];
  }
}

function corpus() {
  const view = new DataView(new ArrayBuffer(8));
  const values = [];
  const add = (d) => { if (Number.isFinite(d)) values.push(d); };
  for (const d of [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1e21, 1e20, 1e-6, 1e-7, 5e-324, -5e-324, Number.MIN_VALUE,
    Number.MAX_VALUE, Number.EPSILON, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 123456789012345680000, 333333333.33333329]) add(d);
  for (let e = -1074; e <= 1023; e++) {
    const p = 2 ** e;
    add(p); add(-p);
    view.setFloat64(0, p); const bits = view.getBigUint64(0);
    for (const delta of [-1n, 1n]) { view.setBigUint64(0, bits + delta); add(view.getFloat64(0)); }
  }
  for (let e = -323; e <= 308; e++) {
    const p = Number(`1e${e}`);
    add(p);
    view.setFloat64(0, p); const bits = view.getBigUint64(0);
    for (const delta of [-1n, 1n]) { view.setBigUint64(0, bits + delta); add(view.getFloat64(0)); }
  }
  for (let i = 0; values.length < COUNT / 4; i++) add(Math.trunc((i * 7919) ** 1.3) * (i % 2 ? -1 : 1));  // integers
  for (const [high, low] of bitPatterns(COUNT)) {
    if (values.length >= COUNT) break;
    view.setUint32(0, high);
    view.setUint32(4, low);
    add(view.getFloat64(0));  // every exponent, subnormals, both signs; NaN and infinities skipped
  }
  return values;
}

test('1,000,000 doubles: C++ ecmascript_number equals ECMAScript Number → string', () => {
  const values = corpus();
  assert.equal(values.length, COUNT);
  const view = new DataView(new ArrayBuffer(8));
  const hex = (u) => u.toString(16).padStart(8, '0');
  const input = values.map((d) => { view.setFloat64(0, d); return hex(view.getUint32(0)) + hex(view.getUint32(4)); }).join('\n') + '\n';
  const run = spawnSync(tool, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr || String(run.error));
  const lines = run.stdout.split('\n');
  assert.equal(lines.length, COUNT + 1);
  let mismatches = 0;
  const examples = [];
  for (let i = 0; i < COUNT; i++) {
    const expected = JSON.stringify(values[i]);
    if (lines[i] !== expected) {
      mismatches++;
      if (examples.length < 10) examples.push(`${values[i]}: C++ ${lines[i]} vs JS ${expected}`);
    }
  }
  assert.equal(mismatches, 0, examples.join('\n'));
});
