// The service worker (registered by offline.js): keeps every file the pages load, so that a page opened once
// works again with the server gone. The list of files and their SHA-256 is written into this file at build time
// (cmake/precache.mjs, after the site is assembled): a build that changes any file changes this script, the
// browser installs it as a new version, and the new version downloads the list into a cache of its own.
//   * install: every listed file, checked against its hash (a stale copy in the HTTP cache is downloaded again;
//     a half-updated server fails the install, and the old version stays in charge);
//   * activate: the caches of older versions of this site (same scope) are deleted;
//   * fetch: same-origin GET requests inside the scope for a listed file come from the cache; everything else
//     goes to the network untouched, and nothing else is ever cached.
// Only same-origin files are ever kept: a listed name that resolves outside the scope (another origin) fails the
// install, every download is a same-origin request (mode 'same-origin': a redirect to another origin fails), and
// a response that is not a plain same-origin one (opaque, CORS, an error) is never put in the cache.
// A new version takes over when no page of the old one is open any more, or earlier when the one page open asks
// it to (offline.js does so only from a page nobody has used yet, which then reloads itself): a page never mixes
// files of two builds. Works under any sub-path: every name is relative to the registration's scope.
const PRECACHE = { version: 'unbuilt', files: {} };  // { version, files: { name: integrity } }, by cmake/precache.mjs

const SCOPE = self.registration.scope;            // ends with '/'
const CACHE_PREFIX = `cxjf ${SCOPE} `;             // one origin may host several copies of the site
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`;

const sameOrigin = (href) => new URL(href).origin === self.location.origin;

// The name of a listed file that a URL asks for ('' is the folder itself: its index.html), or null.
function listedName(url) {
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return null;
  let name;
  try {
    name = decodeURIComponent(url.pathname.slice(new URL(SCOPE).pathname.length));
  } catch {
    return null;
  }
  if (name === '') name = 'index.html';
  return Object.hasOwn(PRECACHE.files, name) ? name : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(Object.entries(PRECACHE.files).map(async ([name, integrity]) => {
      const url = new URL(name, SCOPE).href;
      if (listedName(new URL(url)) !== name) throw new Error(`${name}: not a same-origin file inside ${SCOPE}`);
      const download = (cache) => fetch(new Request(url, { cache, credentials: 'same-origin', mode: 'same-origin', integrity }));
      // The HTTP cache first (the page has just loaded most of these files); a copy that fails the integrity
      // check (an older build) or any other failure: once more from the server.
      let response = await download('default').catch(() => null);
      if (!response?.ok || response.type !== 'basic') response = await download('reload');
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      if (response.type !== 'basic' || !sameOrigin(response.url || url)) {
        throw new Error(`${name}: not a same-origin response (${response.type})`);
      }
      // A response that came through a redirect (some hosts send index.html on to the folder) cannot answer a
      // page navigation: keep its body and headers only.
      await cache.put(url, response.redirected
        ? new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers })
        : response);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();  // the first visit's page too: its later requests (e.g. signing code) hit the cache
  })());
});

// 'take-over-if-alone' from a page: a version waiting to take over does so at once when that page is the only one of
// this site open in the browser (offline.js then reloads it); with any other page of the site open, it keeps waiting.
self.addEventListener('message', (event) => {
  if (event.data !== 'take-over-if-alone') return;  // (to the version in charge already: skipWaiting does nothing)
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    if (pages.every((page) => page.id === event.source?.id || !page.url.startsWith(SCOPE))) await self.skipWaiting();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const name = listedName(url);
  if (name === null) return;
  event.respondWith((async () => {
    const cached = await caches.match(new URL(name, SCOPE).href, { cacheName: CACHE });
    return cached ?? fetch(request);
  })());
});
