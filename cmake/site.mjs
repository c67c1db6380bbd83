// Assembles the static site's own files in the output folder, minified by esbuild (pinned in package-lock.json):
//   * every *.js is an ES module minified on its own: same file name, same imports and exports (a page still loads
//     what it loaded, and the signing code only when it asks for it);
//   * worker.js is the exception: the worker's whole module graph (worker.js, cxjf.js, base64url.js and the
//     Emscripten glue cxjf-engine.js that the wasm link wrote into the output folder) becomes that one module, so
//     the worker starts with one download before the wasm instead of a chain of three; cxjf.js and cxjf-engine.js
//     stay in the folder as they are, for Node and for anyone who imports the engine module directly;
//   * sm2-verify.js too becomes one module with the npm code it imports (@noble/curves, sm-crypto's SM3, resolved
//     from --node-modules): the pages import() it only when they meet an SM2-SM3 signature;
//   * sw.js is a classic script: minified too, with its `const PRECACHE = …;` line kept as the first line, on its
//     own, for cmake/precache.mjs to fill in afterwards;
//   * *.css minified; everything else (HTML) copied as it is.
// A file is written only when its content changes; the output depends on nothing but the inputs (no time, no
// absolute path), so two builds of the same sources give the same bytes.
//
//   node cmake/site.mjs --out build-wasm/site --node-modules node_modules site/index.html … wasm/worker.js …
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRECACHE_LINE = /^const PRECACHE = .*;.*$/m;
const GLUE = 'cxjf-engine.js';

export function loadEsbuild(nodeModules) {
  try {
    return createRequire(path.join(path.resolve(nodeModules), 'noop.js'))('esbuild');
  } catch (e) {
    throw new Error(`esbuild not found in ${nodeModules} (${e.code ?? e.message}): run npm ci (scripts/setup.sh)`);
  }
}

// charset utf8: the pages' Chinese text stays UTF-8 (as \uXXXX escapes it would be twice the size, gzip included).
export const MINIFY = { minify: true, charset: 'utf8', legalComments: 'inline', logLevel: 'warning' };

async function minifyScript(esbuild, name, text) {
  if (name !== 'sw.js') return (await esbuild.transform(text, { ...MINIFY, loader: 'js', format: 'esm', sourcefile: name })).code;
  const matches = text.match(new RegExp(PRECACHE_LINE.source, 'gm')) ?? [];
  if (matches.length !== 1) throw new Error('sw.js needs exactly one "const PRECACHE = …;" line');
  const declaration = /^const PRECACHE = [^;]*;/.exec(matches[0])[0];
  const rest = text.replace(PRECACHE_LINE, '');
  // A classic script: top-level names are left alone (they are the worker's globals); PRECACHE stays a free name
  // here, declared by the line put back in front.
  const { code } = await esbuild.transform(rest, { ...MINIFY, loader: 'js', sourcefile: name });
  return `${declaration}\n${code}`;
}

// One ES module of an entry and everything it imports (nothing left to resolve in the browser).
async function bundle(esbuild, entry, options = {}) {
  const result = await esbuild.build({ ...MINIFY, entryPoints: [entry], bundle: true, write: false, format: 'esm',
                                       platform: 'browser', ...options });
  return result.outputFiles[0].text;
}

// The worker with everything it imports; the glue comes from the output folder (the wasm link puts it there).
async function bundleWorker(esbuild, entry, outDir) {
  const glue = path.resolve(outDir, GLUE);
  if (!existsSync(glue)) throw new Error(`${glue} is missing: build the cxjf_wasm target first`);
  return bundle(esbuild, entry, {
    plugins: [{
      name: 'cxjf-glue',
      setup(build) {
        build.onResolve({ filter: /^\.\/cxjf-engine\.js$/ }, () => ({ path: glue }));
      },
    }],
  });
}

// A site module with the npm packages it imports, as one ES module.
const bundleModule = (esbuild, entry, nodeModules) => bundle(esbuild, entry, { nodePaths: [path.resolve(nodeModules)] });
const BUNDLED = new Set(['sm2-verify.js']);

export async function assembleSite({ out, nodeModules, files }) {
  const esbuild = loadEsbuild(nodeModules);
  const seen = new Map();
  const written = [];
  for (const file of files) {
    const name = path.basename(file);
    if (seen.has(name)) throw new Error(`two sources for ${name}: ${seen.get(name)} and ${file}`);
    seen.set(name, file);
  }
  await Promise.all([...seen].map(async ([name, file]) => {
    let data;
    if (name === 'worker.js') data = await bundleWorker(esbuild, file, out);
    else if (BUNDLED.has(name)) data = await bundleModule(esbuild, file, nodeModules);
    else if (/\.m?js$/.test(name)) data = await minifyScript(esbuild, name, readFileSync(file, 'utf8'));
    else if (name.endsWith('.css')) {
      data = (await esbuild.transform(readFileSync(file, 'utf8'), { ...MINIFY, loader: 'css', sourcefile: name })).code;
    } else data = readFileSync(file);
    const bytes = Buffer.from(data);
    const target = path.join(out, name);
    if (existsSync(target)) {
      const old = readFileSync(target);
      if (old.equals(bytes)) return;
      // sw.js as built holds the list cmake/precache.mjs wrote into it, which stays if the rest is the same.
      const code = (text) => String(text).replace(PRECACHE_LINE, '');
      if (name === 'sw.js' && code(old) === code(bytes)) return;
    }
    writeFileSync(target, bytes);
    written.push(name);
  }));
  return written.sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (key) => {
    const i = argv.indexOf(key);
    if (i < 0 || argv[i + 1] === undefined) throw new Error(`${key} is required`);
    return argv.splice(i, 2)[1];
  };
  try {
    const out = option('--out');
    const nodeModules = option('--node-modules');
    if (!argv.length) throw new Error('no source files given');
    await assembleSite({ out, nodeModules, files: argv });
  } catch (e) {
    console.error(`site.mjs: ${e.message}`);
    console.error('usage: node cmake/site.mjs --out SITE_DIR --node-modules NODE_MODULES FILE...');
    process.exit(1);
  }
}
