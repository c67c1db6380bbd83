// The bureau page's intake: files, folders and archives as the clerk gives them (bureau-files.js), each file checked
// in the worker pool and its result (the engine's transport) handed to the batch (bureau-batch.js); a file the page
// cannot read, or that is too large, gets the engine's result for that failure (unreadableTransport). Shows the
// state line, the progress (the engine's count of files checked) and notes; 清空本批 starts again.
import { entriesOf, fromEntries, fromFileList, unpack } from './bureau-files.js';
import { rowOf } from './bureau-row.js';
import { watchDrops } from './drop-zone.js';

const $ = (id) => document.getElementById(id);
// Text and attributes set only when they change: the page is laid out again for every change.
const say = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };
const attribute = (id, name, value) => { if ($(id).getAttribute(name) !== value) $(id).setAttribute(name, value); };

export function createIntake(page) {
  const byKey = new Map();   // key → the file (as in page.files)
  const jobs = new Set();
  let nextKey = 1;
  let generation = 0;        // 清空本批 while files are still coming: they are dropped
  let gathering = 0;         // reading folders or unpacking in progress
  let announced = 0;         // files an archive's directory listed that are not in the batch yet
  let state = null;          // what the page is doing, when it is not checking
  let notes = [];
  let started = 0;           // when the files being checked were given
  let finishedMs = null;
  let finishing = 0;

  const limits = () => ({ maxBytes: page.info.limits.maxBytes });

  function receive(file, transport) {
    file.row = rowOf(page.files.receive(file, transport));
  }

  function failed(name, failure) {
    const file = { key: nextKey++, name };
    byKey.set(file.key, file);
    return { file, transport: page.engine.unreadableTransport(failure, limits()) };
  }

  // New files (some with their result already: unreadable ones) into the batch, the rest to the workers.
  function addFiles(list, unreadable = []) {
    if (!list.length && !unreadable.length) return;
    for (const file of list) byKey.set(file.key, file);
    page.files.add([...list, ...unreadable.map((u) => u.file)]);
    for (const { file, transport } of unreadable) receive(file, transport);
    finishedMs = null;
    if (list.length) startJob(list);
    page.scheduleRender();
  }

  function startJob(todo) {
    const job = page.pool.check(todo.map(({ key, blob, start, end }) => ({ key, blob, start, end })),
                                { checkDate: page.checkDate, maxBytes: page.info.limits.maxBytes, maxMs: page.maxMs }, (pairs) => {
      for (const [item, reply] of pairs) {
        const file = byKey.get(item.key);
        if (!file) continue;  // the batch was cleared
        try {
          receive(file, reply.transport ?? page.engine.unreadableTransport(reply.failure, limits()));
        } catch (error) {  // the page's engine failed: said once, the file stays pending
          if (!notes.includes(error?.message)) notes.push(String(error?.message ?? error));
        }
      }
      page.scheduleRender();
    });
    jobs.add(job);
    const end = (error) => {
      jobs.delete(job);
      if (error) notes.push(`${page.ui().loadFailed}${error?.message ?? error}`);
      maybeFinished();
    };
    job.done.then(() => end(), end);
  }

  // Every file checked: the table drawn with the engine's final answers, then the mark the bench waits for.
  function maybeFinished() {
    if (jobs.size || gathering) return;
    const token = ++finishing;
    finishedMs = performance.now() - started;
    page.render();
    if (token === finishing && page.files.size) performance.mark('bureau:done');
  }

  // gather() resolves to fromFileList() or fromEntries()'s answer.
  async function addInputs(gather) {
    if (page.status !== 'ready') return;
    performance.mark('bureau:start');
    if (!jobs.size && !gathering) started = performance.now();
    gathering += 1;
    state = page.ui().reading;
    page.render();
    const batch = generation;
    const add = (list, unreadable) => { if (batch === generation) addFiles(list, unreadable); };
    const io = (name, error) => failed(name, { kind: 'io', detail: error });
    try {
      const got = await gather();
      add(got.items.map(({ name, blob }) => ({ key: nextKey++, name, blob })),
          (got.problems ?? []).map((p) => io(p.name, p.error)));
      const skipped = [...got.skipped];
      if (got.zips.length) {
        const z = await unpack(got.zips, (blob, onPartial) => page.pool.unzip(blob, onPartial, page.info.limits.maxBytes), {
          onArchive: (name) => { state = page.ui().unzipping(name); page.scheduleRender(); },
          onHead: ({ count }) => { if (batch === generation) announced += count; },
          onItems: (items) => {
            if (batch === generation) announced -= items.length;
            add(items.map(({ name, blob, start, end }) => ({ key: nextKey++, name, blob, start, end })), []);
          },
        });
        skipped.push(...z.skipped);
        add([], [...z.problems.map((p) => io(p.name, p.error)),
                 ...z.tooLarge.map((big) => failed(big.name, { kind: 'tooLarge', bytes: big.size }))]);
      }
      if (skipped.length && batch === generation) notes.push({ skipped: skipped.length });
    } catch (error) {
      notes.push(String(error?.message ?? error));
    } finally {
      gathering -= 1;
      if (!gathering) announced = 0;
      state = null;
    }
    page.render();
    maybeFinished();
  }

  function clear() {
    generation += 1;
    for (const job of jobs) job.cancel();
    jobs.clear();
    byKey.clear();
    page.files.clear();
    page.derived = null;
    page.summary = null;
    notes = [];
    announced = 0;
    finishedMs = null;
    page.render();
  }

  function render() {
    const ui = page.ui();
    const summary = page.files?.size ? page.summary : null;
    const checking = jobs.size > 0;
    let text;
    if (page.status === 'failed') text = ui.loadFailed + page.error;
    else if (page.status === 'loading') text = ui.loading;
    else if (state) text = state;
    else if (checking) text = ui.checking(summary.files + announced, page.pool.size);  // the live region: not every file's tick
    else if (summary && finishedMs !== null) text = ui.done(summary.files, finishedMs);
    else text = ui.ready(page.checkDate);
    say('state', text);

    const bar = $('progress');
    const show = Boolean(summary) && (checking || finishedMs !== null);
    if (bar.hidden === show) bar.hidden = !show;
    if ($('progress-text').hidden === show) $('progress-text').hidden = !show;
    if (show) {
      const total = summary.files + announced;
      const done = summary.files - summary.pending;
      const elapsed = (performance.now() - started) / 1000;
      let line = ui.progress(done, total);
      if (checking && done > 0 && elapsed > 0.5) line += ui.rate(done / elapsed) + ui.eta((total - done) / (done / elapsed));
      attribute('progress', 'aria-valuemax', String(total));
      attribute('progress', 'aria-valuenow', String(done));
      attribute('progress', 'aria-valuetext', line);
      $('progress-bar').style.transform = `scaleX(${total ? done / total : 0})`;
      say('progress-text', line);
    }
    const noteTexts = notes.map((n) => (typeof n === 'string' ? n : ui.skipped(n.skipped)));
    if ($('notes').dataset.shown !== noteTexts.join('\n')) {
      $('notes').dataset.shown = noteTexts.join('\n');
      $('notes').replaceChildren(...noteTexts.map((text) => {
        const span = document.createElement('span');
        span.textContent = text;
        return span;
      }));
    }
    if ($('clear').hidden !== !page.files?.size) $('clear').hidden = !page.files?.size;
  }

  // The rows again from the engine (after the registry or the language changed them).
  function refreshViews() {
    const rows = page.files.rows();
    page.files.files().forEach((file, i) => { if (rows[i]) file.row = rowOf(rows[i]); });
  }

  watchDrops($('drop'), (data) => {
    const entries = entriesOf(data);  // now: the browser empties dataTransfer after the event
    if (entries.length) addInputs(() => fromEntries(entries));
  });
  for (const id of ['files', 'folder']) {
    $(id).addEventListener('change', (event) => {
      const chosen = [...event.target.files];
      event.target.value = '';  // the same selection again is checked again
      if (chosen.length) addInputs(async () => fromFileList(chosen));
    });
  }
  $('clear').addEventListener('click', clear);

  return { render, refreshViews, busy: () => jobs.size > 0 || gathering > 0, fileOf: (key) => byKey.get(key) };
}
