// Offline use: registers the service worker sw.js (beside this file, for this folder and below) wherever the
// browser allows one: on https and on 127.0.0.1/localhost. Elsewhere (a page opened from disk, plain http on
// another host, a browser without service workers or that refuses them) the page simply works online only:
// this module never throws and logs nothing.
//
// `offline` resolves to true once every file of the site is kept for offline use (a service worker is active for
// this folder), and to false where that cannot happen (also when the download of the files failed).
//
// A new build on the server (README, "Hosting cxjf"): every page opened asks the server for sw.js at once; when it
// differs, the browser downloads the new version's files in the background, and the new version takes over when
// no page of the site is open any more. Sooner when this page is the only one of the site open and nobody has
// used it yet (no click, key, input or dropped file since it opened): the new version takes over at once and this
// page reloads itself into it. A page in use is never reloaded under its user.
const here = new URL('./', import.meta.url);

let used = false;
for (const type of ['pointerdown', 'keydown', 'input', 'drop']) {
  globalThis.addEventListener?.(type, () => { used = true; }, { capture: true, once: true, passive: true });
}

function watchForUpdates(container, registration) {
  // Only an unused page asks a new version to take over; the new version in charge, this page reloads into it.
  if (container.controller) container.addEventListener('controllerchange', () => location.reload(), { once: true });
  const offer = (worker) => {
    if (worker.state === 'installed' && !used) worker.postMessage('take-over-if-alone');
  };
  const follow = (worker) => {
    if (!worker) return;
    offer(worker);
    worker.addEventListener('statechange', () => offer(worker));
  };
  follow(registration.waiting);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  registration.update().catch(() => {});  // offline or the server down: the version in charge stays
}

async function register() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container || !globalThis.isSecureContext || !/^https?:$/.test(here.protocol)) return false;
  // After the page has loaded: the service worker's downloads then come from the HTTP cache, not alongside.
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  try {
    const registration = await container.register(new URL('sw.js', here), { scope: here.href });
    if (registration.active) {
      watchForUpdates(container, registration);
      return true;
    }
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return false;
    return await new Promise((resolve) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve(true);
        else if (worker.state === 'redundant') resolve(false);
      });
    });
  } catch {
    return false;
  }
}

export const offline = register();
