#!/usr/bin/env node
// The pre-score table of every file in examples/, as markdown (written into README.md between the prescores markers).
//
//   node bench/prescore-table.mjs            print the table
//   node bench/prescore-table.mjs --write    replace the table in README.md
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHECK_DATE = '2025-06-30';

export function prescoreTable(cli = process.env.CXJF_CLI ?? path.join(root, 'build', 'cxjf')) {
  const run = spawnSync(cli, ['check', '--format', 'json', '--check-date', CHECK_DATE, 'examples'], { cwd: root, encoding: 'utf8' });
  if (run.error) throw run.error;
  const { files } = JSON.parse(run.stdout);
  const yes = (s) => (s.eligible ? '✓' : '✗');
  const stage = { startup: '初创', growth: '成长', mature: '稳定' };
  const rows = files.map((f) => {
    const s = f.scores;
    const t = s['tech-sme'], h = s['high-tech'], i = s['innovative-sme'], e = s['innovation-points-estimate'];
    return `| \`${path.basename(f.file)}\` | ${f.enterprise.industryCode} | ${f.status} | ${t.score} ${yes(t)} | ` +
           `${h.score}/${h.max} ${yes(h)} | ${i.score} ${yes(i)} | ${e.score} + ${e.bonus} | ${stage[e.stage] ?? e.stage} | ` +
           `${f.peer ? f.peer.percentile.toFixed(1) : '—'} |`;
  });
  return ['| file | industry | status | 科技型中小企业 (tech-sme) | 高新技术企业条件 (high-tech) | 创新型中小企业 (innovative-sme) | ' +
          '创新积分预估 非官方估算 (base + bonus) | stage | peer percentile |',
          '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table = prescoreTable();
  if (process.argv.includes('--write')) {
    const readmePath = path.join(root, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const updated = readme.replace(/(<!-- prescores:begin -->\n)[\s\S]*?(<!-- prescores:end -->)/, `$1${table}$2`);
    if (updated === readme && !readme.includes(table)) throw new Error('README.md has no prescores markers');
    writeFileSync(readmePath, updated);
  } else {
    process.stdout.write(table);
  }
}
