// Converts the reference code tables (GB/T 2260, GB/T 4754-2017, the 21 lenders) from ../shared/data
// into the JSON data files under forms/2025/. Run once when the reference data changes:
//   node tools/import-code-tables.mjs ../shared/data forms/2025
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [src = '../shared/data', out = 'forms/2025'] = process.argv.slice(2);

function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const cells = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
        else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { cells.push(cur); cur = ''; }
      else cur += c;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
const csv = (p) => parseCsv(readFileSync(path.join(src, p), 'utf8'));

const regions = { source: 'GB/T 2260 (统计用区划代码 2023, first 6 digits)', provinces: {}, cities: {}, counties: {} };
for (const r of csv('gbt2260/provinces.csv')) regions.provinces[r.code] = r.name;
for (const r of csv('gbt2260/cities.csv')) regions.cities[r.code] = r.name;
for (const r of csv('gbt2260/areas.csv')) regions.counties[r.code] = r.name;

const industries = { source: 'GB/T 4754-2017 国民经济行业分类', sections: {}, divisions: {}, groups: {}, classes: {} };
for (const r of csv('gbt4754/gbt4754-2017.csv')) {
  if (r.level === '1') industries.sections[r.section] = r.name;
  else if (r.level === '2') industries.divisions[r.division] = { section: r.section, name: r.name };
  else if (r.level === '3') industries.groups[r.group] = r.name;
  else if (r.level === '4') industries.classes[r.class] = r.name;
}

const banks = { source: '2024 科技创新和技术改造再贷款 lenders', banks: csv('banks-21.csv') };

const write = (name, value) => writeFileSync(path.join(out, name), JSON.stringify(value, null, 1) + '\n');
write('regions.json', regions);
write('industries.json', industries);
write('banks.json', banks);
console.log(`regions: ${Object.keys(regions.provinces).length} provinces, ${Object.keys(regions.cities).length} cities, ` +
  `${Object.keys(regions.counties).length} counties; industries: ${Object.keys(industries.sections).length} sections, ` +
  `${Object.keys(industries.divisions).length} divisions, ${Object.keys(industries.classes).length} classes; banks: ${banks.banks.length}`);
