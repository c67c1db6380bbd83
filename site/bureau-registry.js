// The bureau's key registry (cxjf.keys/1) on the page: imported, exported, cleared, a key registered from a file's
// details, the keys of a batch added — each done by the engine's batch (its reader is the CLI's: one registry file
// gets one verdict in both) and kept in this browser as the engine writes it.
import { download } from './download.js';

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = 'cxjf.bureau.keys';
// A property set only when it changes: every change makes the browser lay the page out again.
const set = (id, property, value) => { if ($(id)[property] !== value) $(id)[property] = value; };

// The registry kept in this browser ('' when none, or when storage is not available).
export function storedRegistry() {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

function store(text) {
  try {
    if (text) localStorage.setItem(STORAGE_KEY, text);
    else localStorage.removeItem(STORAGE_KEY);
  } catch { /* private mode: the registry lasts as long as the page */ }
}

export function createRegistry(page) {
  const state = { message: null, confirmClear: false };

  // change(): one of the engine batch's registry operations; message(ui): what was done, in the language shown then.
  function changed(change, message) {
    try {
      const result = change();
      store(page.files.keysText);
      page.registryVersion += 1;
      page.refreshViews();
      state.message = (ui) => message(ui, result);
    } catch (error) {
      const why = error?.message ?? String(error);
      state.message = (ui) => ui.registryBad(why);
    }
    page.render();
  }

  page.acceptKey = (uscc, keyId) => changed(() => page.files.acceptKey(uscc, keyId), (ui) => ui.registryAccepted(uscc, keyId));

  function render() {
    const ui = page.ui();
    const size = page.registry?.enterprises;
    const has = Boolean(page.files?.keysText);
    const head = state.message ? `${state.message(ui)} ` : '';
    set('registry-state', 'textContent', head + (has ? ui.registryCount(size ?? '…') : ui.registryNone));
    set('registry-export', 'disabled', !has);
    set('registry-clear', 'disabled', !has);
    set('registry-clear', 'textContent', state.confirmClear ? ui.registryClearConfirm : ui.registryClear);
    set('registry-add', 'disabled', !page.files?.size || !page.summary?.valid || page.summary.pending > 0 || page.busy());
  }

  $('registry-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file || !page.files) return;
    const text = await file.text();
    changed(() => page.files.setRegistry(text), (ui) => ui.registryImported(page.registry?.enterprises ?? 0));
  });
  $('registry-export').addEventListener('click', () => {
    const text = page.files?.keysText;
    if (text) download(new Blob([text], { type: 'application/json' }), `cxjf-keys-${page.checkDate}.json`);
  });
  $('registry-add').addEventListener('click', () => {
    changed(() => page.files.addBatchKeys(), (ui, added) => ui.registryAdded(added.added, added.changed, added.conflicting));
  });
  $('registry-clear').addEventListener('click', () => {
    if (!state.confirmClear) {
      state.confirmClear = true;
      render();
      return;
    }
    state.confirmClear = false;
    changed(() => page.files.setRegistry(''), (ui) => ui.registryCleared);
  });
  $('registry-clear').addEventListener('blur', () => {
    if (state.confirmClear) {
      state.confirmClear = false;
      render();
    }
  });

  return { render };
}
