// Writes the service worker's list of files into the built sw.js, after the site is assembled:
//   const PRECACHE = { version, files: { 'index.html': 'sha256-…', … } };
// every file of the site folder that a page may load (all of them but the ones below), each with its SHA-256 as a
// Subresource Integrity value (sw.js has the browser check each download against it), and a version made from
// the whole list. A build that changes any file thus changes sw.js, which is what makes browsers update.
//
//   node cmake/precache.mjs build-wasm/site
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Never loaded by a page: the service worker itself, Node's package marker, the portable page (a download of its
// own, 2 MB), licences and source maps.
const LEFT_OUT = [/^sw\.js$/, /^package\.json$/, /^cxjf-portable\.html$/, /(^|\/)\./, /(^|\/)(LICENSE|COPYING|NOTICE)[^/]*$/i,
                  /\.map$/];
const MARKER = /^const PRECACHE = .*;.*$/m;

export function precacheList(siteDir) {
  const files = {};
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(siteDir, dir), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile() && !LEFT_OUT.some((re) => re.test(name))) {
        files[name] = `sha256-${createHash('sha256').update(readFileSync(path.join(siteDir, name))).digest('base64')}`;
      }
    }
  };
  walk('');
  const version = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  return { version, files };
}

// The manifest as written into a built sw.js (tests and bench/ read it back).
export function readPrecache(swText) {
  const line = MARKER.exec(swText);
  if (!line) throw new Error('sw.js has no "const PRECACHE = …;" line');
  return JSON.parse(/^const PRECACHE = (.*);\s*(\/\/.*)?$/.exec(line[0])[1]);
}

// Writes the list into siteDir/sw.js (only when it changed); returns the manifest.
export function writePrecache(siteDir) {
  const swPath = path.join(siteDir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  if ((sw.match(new RegExp(MARKER.source, 'gm')) ?? []).length !== 1) {
    throw new Error(`${swPath} needs exactly one "const PRECACHE = …;" line`);
  }
  const manifest = precacheList(siteDir);
  const text = sw.replace(MARKER, () => `const PRECACHE = ${JSON.stringify(manifest)};  // written by cmake/precache.mjs`);
  if (text !== sw) writeFileSync(swPath, text);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error('usage: node cmake/precache.mjs SITE_DIR');
    process.exit(2);
  }
  try {
    writePrecache(process.argv[2]);
  } catch (e) {
    console.error(`precache.mjs: ${e.message}`);
    process.exit(1);
  }
}
