// Offline use: registers the service worker sw.js (beside this file, for this folder and below) wherever the
// browser allows one: on https and on 127.0.0.1/localhost. Elsewhere (a page opened from disk, plain http on
// another host, a browser without service workers or that refuses them) the page simply works online only:
// this module never throws and logs nothing.
//
// `offline` resolves to true once every file of the site is kept for offline use (a service worker is active for
// this folder), and to false where that cannot happen (also when the download of the files failed).
const here = new URL('./', import.meta.url);

async function register() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container || !globalThis.isSecureContext || !/^https?:$/.test(here.protocol)) return false;
  // After the page has loaded: the service worker's downloads then come from the HTTP cache, not alongside.
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  try {
    const registration = await container.register(new URL('sw.js', here), { scope: here.href });
    if (registration.active) return true;
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
