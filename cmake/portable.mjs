// Builds the portable page: one HTML file that works opened from disk (file://), made from a page of the built
// site (index.html by default) after the site is assembled. A page at file:// has no origin: it can load no module
// script, no worker script and no .wasm from a file, so everything goes inside the one file:
//   * the page's module scripts (and what they import, the vendor/ packages included) become one inline module,
//     bundled by esbuild (pinned in package-lock.json); its CSS becomes <style>, its images data: URLs;
//   * the engine comes from the classic SINGLE_FILE build (cxjf_wasm_single: the wasm inside, as base64), run by an
//     inline classic script; the engine's worker is made from text, from that glue's source and the bundled worker
//     code (wasm/portable/client.js takes the place of client.js, wasm/portable/engine.js of cxjf-engine.js);
//   * the Content-Security-Policy allows exactly the inline <script> and <style> elements of the built file, each
//     by its SHA-256 computed here ('sha256-…'), no 'unsafe-inline', no 'unsafe-eval', and no network at all.
//
//   node cmake/portable.mjs --site build-wasm/site --engine build-wasm/portable/cxjf-engine.single.js \
//        --node-modules node_modules [--page index.html] [--out build-wasm/site/cxjf-portable.html]
//
// Anything the page loads that cannot be inlined (an unknown <link>, a src= on another element, a CSS url()) fails
// the build: a portable page that silently reaches for a file would break only when opened from disk.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEsbuild, MINIFY } from './site.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = path.join(repoRoot, 'wasm');
const portableDir = path.join(wasmDir, 'portable');

// One file cannot hold its code anywhere but inline, so the policy names each inline <script> and <style> of the
// built file by its SHA-256 (computed below, after the file is complete): no 'unsafe-inline' (an injected inline
// script, an event-handler attribute or a style="" attribute are refused), no 'unsafe-eval' ('wasm-unsafe-eval'
// compiles the engine's wasm only). No connect-src and default-src 'none': no fetch, no XHR, no WebSocket, no
// image, font or frame from anywhere, file: included. blob: only for the engine's worker, made from text
// (script-src blob: too for browsers without worker-src); a blob: worker runs under this same policy.
// data:/blob: images only.
export function portableCsp({ scripts = [], styles = [] } = {}) {
  const list = (hashes) => [...new Set(hashes)].map((h) => ` '${h}'`).join('');
  return `default-src 'none'; script-src${list(scripts)} 'wasm-unsafe-eval' blob:; worker-src blob:; ` +
    `style-src${list(styles) || " 'none'"}; img-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

const sha256 = (text) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

// The CSP hash sources of an HTML file's inline <script> (without src) and <style> elements: the SHA-256 of each
// element's text exactly as the HTML parser hands it to the browser's check (raw text, nothing decoded).
export function inlineHashes(html) {
  const scripts = [];
  const styles = [];
  const code = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of code.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (attributes(m[1]).src === undefined) scripts.push(sha256(m[2]));
  }
  for (const m of code.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styles.push(sha256(m[1]));
  return { scripts, styles };
}

const IMAGE_TYPES = { '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
                      '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon' };

function parseArgs(argv) {
  const args = { page: 'index.html' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (m, c) => c.toUpperCase());
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    args[key] = argv[i + 1];
  }
  for (const key of ['site', 'engine', 'nodeModules']) {
    if (!args[key]) throw new Error(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`);
  }
  args.out ??= path.join(args.site, 'cxjf-portable.html');
  return args;
}

function attributes(text) {
  const attrs = {};
  for (const m of text.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attrs;
}

const isLocal = (url) => !/^(data:|blob:|#|[a-z][\w+.-]*:)/i.test(url);

// Text placed inside <script>…</script>: the HTML parser ends the element at the first "</script" and treats
// "<!--" specially. "<\/" and "<\!" mean the same inside JS strings, templates, regular expressions and comments,
// the only places such text can occur in JavaScript.
// Line ends as LF: the parser turns CR LF and CR into LF before the CSP hash is taken, so the hash is of that text.
const inlineScript = (code) => code.replace(/\r\n?/g, '\n').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

function inlineStyle(css, name) {
  if (/<\/style|<!--/i.test(css)) throw new Error(`${name}: "</style" or "<!--" cannot be inlined`);
  if (/@import|\burl\(/i.test(css)) throw new Error(`${name}: @import/url() loads a file; the portable page cannot`);
  return css.replace(/\r\n?/g, '\n');
}

const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

// The plugin that swaps the two modules which load files for their portable versions, and serves the bundled
// worker code to wasm/portable/client.js as text. The worker is bundled from its sources in wasm/ (the site's
// worker.js already holds the served glue: cmake/site.mjs). offline.js becomes a module that registers nothing:
// the portable page is its own offline copy, and its policy (worker-src blob:) refuses a service worker, which the
// served offline.js would try to register (a CSP violation in the console) when the file is opened over http.
function portablePlugin({ siteDir, workerCode }) {
  const fromSite = (args) => [siteDir, wasmDir].some((dir) => path.resolve(args.resolveDir) === path.resolve(dir));
  return {
    name: 'cxjf-portable',
    setup(build) {
      build.onResolve({ filter: /^\.\/client\.js$/ }, (args) =>
        (fromSite(args) ? { path: path.join(portableDir, 'client.js') } : undefined));
      build.onResolve({ filter: /^\.\/cxjf-engine\.js$/ }, (args) =>
        (fromSite(args) ? { path: path.join(portableDir, 'engine.js') } : undefined));
      build.onResolve({ filter: /^\.\/offline\.js$/ }, (args) =>
        (fromSite(args) ? { path: 'offline', namespace: 'cxjf-portable' } : undefined));
      build.onResolve({ filter: /^cxjf-portable:worker-code$/ }, () => ({ path: 'worker-code', namespace: 'cxjf-portable' }));
      build.onLoad({ filter: /.*/, namespace: 'cxjf-portable' }, (args) => {
        if (args.path === 'offline') return { contents: 'export const offline = Promise.resolve(false);', loader: 'js' };
        if (workerCode === undefined) throw new Error('the worker code is not built yet');
        return { contents: workerCode, loader: 'text' };
      });
    },
  };
}

export async function buildPortable({ site, engine, nodeModules, page = 'index.html' }) {
  const esbuild = loadEsbuild(nodeModules);
  const siteDir = path.resolve(site);
  const read = (name) => readFileSync(path.join(siteDir, name), 'utf8');
  const common = { ...MINIFY, bundle: true, write: false, platform: 'browser' };

  // 1. The worker: wasm/worker.js and what it imports, as one classic script (a blob: worker cannot be a module
  //    worker reliably everywhere, and needs none: the glue is prepended as text).
  const worker = await esbuild.build({
    ...common,
    entryPoints: [path.join(wasmDir, 'worker.js')],
    format: 'iife',
    // cxjf.js names import.meta.url only to find cxjf-engine.wasm, which the portable engine never downloads
    define: { 'import.meta.url': 'undefined' },
    plugins: [portablePlugin({ siteDir })],
  });
  const workerCode = worker.outputFiles[0].text;

  // 2. The page.
  let html = read(page);
  const modules = [];
  const problems = [];
  html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (whole, attrText, body) => {
    const attrs = attributes(attrText);
    if (attrs.src === undefined) return whole.replace(body, () => inlineScript(body));
    if (!isLocal(attrs.src)) { problems.push(`<script src="${attrs.src}">`); return whole; }
    if (attrs.type === 'module') {
      modules.push(attrs.src);
      return modules.length === 1 ? '<!--cxjf:page-script-->' : '';
    }
    return `<script>${inlineScript(read(attrs.src))}</script>`;
  });
  html = html.replace(/<link\b([^>]*)>/gi, (whole, attrText) => {
    const attrs = attributes(attrText);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (attrs.href === undefined || !isLocal(attrs.href)) return whole;
    if (rel.includes('stylesheet')) return `<style>${inlineStyle(read(attrs.href), attrs.href)}</style>`;
    if (rel.includes('modulepreload') || rel.includes('preload') || rel.includes('prefetch')) return '';
    problems.push(`<link rel="${attrs.rel}" href="${attrs.href}">`);
    return whole;
  });
  html = html.replace(/<img\b([^>]*)>/gi, (whole, attrText) => {
    const { src, srcset } = attributes(attrText);
    if (srcset !== undefined) problems.push(`<img srcset="${srcset}">`);
    if (src === undefined || !isLocal(src)) return whole;
    const type = IMAGE_TYPES[path.extname(src).toLowerCase()];
    if (!type) { problems.push(`<img src="${src}">`); return whole; }
    const data = readFileSync(path.join(siteDir, src)).toString('base64');
    return whole.replace(/\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, ` src="data:${type};base64,${data}"`);
  });
  // Whatever else still loads a local file (frames, media, objects, forms posting somewhere) cannot work from disk.
  for (const m of html.matchAll(/<(iframe|embed|object|source|audio|video|track|input|form)\b([^>]*)>/gi)) {
    const attrs = attributes(m[2]);
    for (const key of ['src', 'data', 'action', 'poster']) {
      if (attrs[key] !== undefined && isLocal(attrs[key]) && attrs[key] !== '') problems.push(`<${m[1]} ${key}="${attrs[key]}">`);
    }
  }
  if (problems.length) throw new Error(`${page}: cannot make these portable: ${problems.join(', ')}`);
  if (!modules.length) throw new Error(`${page} has no module script: nothing to bundle`);

  const bundle = await esbuild.build({
    ...common,
    stdin: { contents: modules.map((m) => `import ${JSON.stringify(`./${m.replace(/^\.\//, '')}`)};`).join('\n'),
             resolveDir: siteDir, sourcefile: `${page} (module scripts)`, loader: 'js' },
    format: 'esm',
    external: ['node:*'],  // signing.js imports node:crypto under Node only
    plugins: [portablePlugin({ siteDir, workerCode })],
  });
  const pageCode = bundle.outputFiles[0].text;

  // The policy goes in last, with the hashes of the file's inline code as it is now complete (the page's own
  // inline scripts, its styles, the bundle and the engine): a placeholder marks its place until then.
  const CSP_MARK = '<!--cxjf:csp-->';
  const cspPattern = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;
  if (cspPattern.test(html)) html = html.replace(cspPattern, CSP_MARK);
  else html = html.replace(/<meta\s+charset[^>]*>/i, (m) => `${m}\n${CSP_MARK}`);
  if (!html.includes(CSP_MARK)) throw new Error(`${page}: no <meta charset> to put the CSP after`);

  // The module runs after the document is parsed, so after the engine's classic script at the end of <body>:
  // the page shows before the 1.5 MB engine script is parsed.
  html = html.replace('<!--cxjf:page-script-->', () => `<script type="module">${inlineScript(pageCode)}</script>`);
  const engineScript = `<script>${inlineScript(readFileSync(engine, 'utf8'))}</script>\n`;
  if (!/<\/body>/i.test(html)) throw new Error(`${page}: no </body>`);
  html = html.replace(/<\/body>/i, () => `${engineScript}</body>`);

  // No inline event handler (onclick="…") or style="" attribute: the policy refuses both (no 'unsafe-hashes').
  const tags = html.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->/gi, '');
  for (const m of tags.matchAll(/<[a-z][\w-]*\b([^>]*)>/gi)) {
    const bad = Object.keys(attributes(m[1])).filter((k) => k === 'style' || /^on/.test(k));
    if (bad.length) throw new Error(`${page}: ${bad.join(', ')} attribute in ${m[0].slice(0, 80)}: the CSP refuses it`);
  }
  const csp = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(portableCsp(inlineHashes(html)))}">`;
  return html.replace(CSP_MARK, () => csp);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (!existsSync(args.engine)) throw new Error(`${args.engine} is missing: build the cxjf_wasm_single target`);
    const html = await buildPortable(args);
    const old = existsSync(args.out) ? readFileSync(args.out, 'utf8') : null;
    if (old !== html) writeFileSync(args.out, html);
  } catch (e) {
    console.error(`portable.mjs: ${e.message}`);
    process.exit(1);
  }
}
