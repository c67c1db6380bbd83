// The 预评分 section of the enterprise form: the engine's score() reply drawn with DOM APIs only — per profile its
// total (the estimate always with its own label, 非官方估算, next to the score), eligibility, and per indicator an
// SVG bar of points/max, the value, the band and the hint for the next band (a button to the field it names).
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c != null && c !== ''));
  return node;
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

// points of max as a bar; the numbers themselves are in the text beside it, so the drawing is hidden from readers.
function bar(points, max) {
  const share = max > 0 ? Math.max(0, Math.min(1, points / max)) : 0;
  const box = svg('svg', { class: 'bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
  box.append(svg('rect', { class: 'bar-track', x: 0, y: 0, width: 100, height: 8, rx: 2 }),
             svg('rect', { class: share >= 1 ? 'bar-fill full' : 'bar-fill', x: 0, y: 0, width: (share * 100).toFixed(2), height: 8, rx: 2 }));
  return box;
}

const num = (n) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10));

function indicatorItem(ind, ctx) {
  const { t, lang } = ctx;
  const item = el('li', ind.applicable ? 'indicator' : 'indicator not-applicable');
  item.append(el('div', 'ind-head', el('span', 'ind-title', ind.title[lang]),
                 el('span', 'ind-points', t.points(num(ind.points), num(ind.max)))));
  item.append(bar(ind.points, ind.max));
  const detail = el('p', 'ind-detail');
  if (!ind.applicable) detail.append(t.notApplicable);
  else {
    detail.append(el('span', 'ind-value', `${t.value}${ind.valueText}`));
    if (ind.band) detail.append(el('span', 'ind-band', `${t.band}${ind.band}`));
  }
  item.append(detail);
  if (ind.hint) {
    const text = lang === 'zh' ? ind.hint.text_zh : ind.hint.text_en;
    const hint = el('button', 'hint-button', `${t.nextBand}${text}`);
    hint.type = 'button';
    hint.addEventListener('click', () => ctx.goTo(ind.hint.field));
    item.append(hint);
  }
  return item;
}

function checkList(title, items, ctx) {
  const { t, lang } = ctx;
  const box = el('div', 'checks', el('h4', null, title));
  const list = el('ul', 'check-list');
  for (const c of items) {
    const state = !c.applicable ? 'na' : c.passed ? 'pass' : 'fail';
    const value = t.checkValue(c.applicable ? c.value : '', c.threshold);
    list.append(el('li', `check-${state}`, el('span', 'mark', t.mark[state]), `${c.title[lang]}${value}`));
  }
  box.append(list);
  return box;
}

function profileCard(p, ctx) {
  const { t, lang } = ctx;
  const card = el('article', `profile profile-${p.profile}`);
  const head = el('header', 'profile-head', el('h3', null, p.title[lang]));
  const total = el('p', 'total');
  if (p.kind === 'conditions') total.append(el('span', 'score', t.conditionsMet(p.score, p.max)));
  else {
    total.append(el('span', 'score', num(p.score)), el('span', 'of', ` / ${num(p.max)} ${t.pointsUnit}`));
  }
  // The estimate's label comes with the result and is shown right beside the number it qualifies.
  if (p.label) total.append(el('span', 'estimate-label', p.label[lang]));
  if (p.bonusMax) total.append(el('span', 'bonus', `+ ${t.bonus} ${num(p.bonus)} / ${num(p.bonusMax)}`));
  head.append(total);
  const tags = el('p', 'tags');
  if (p.eligible !== undefined && p.profile !== 'innovation-points-estimate') {
    tags.append(el('span', p.eligible ? 'tag ok' : 'tag no', p.eligible ? t.eligible : t.notEligible));
    const route = p.eligibleBy && !['score', 'conditions'].includes(p.eligibleBy)
      ? p.routes?.find((r) => r.id === p.eligibleBy) : null;
    if (route) tags.append(el('span', 'tag', t.byRoute(route.title[lang])));
  }
  if (p.stage) tags.append(el('span', 'tag', `${t.stage}${p.stage.title[lang]}`));
  if (tags.childNodes.length) head.append(tags);
  card.append(head);

  if (p.indicators?.length) {
    const list = el('ul', 'indicators');
    for (const ind of p.indicators) list.append(indicatorItem(ind, ctx));
    card.append(list);
  }
  if (p.categories?.length) {
    const cats = el('p', 'categories');
    cats.append(p.categories.map((c) => `${c.title[lang]} ${num(c.points)}/${num(c.max)}${c.min ? t.minimum(num(c.min), c.metMinimum) : ''}`).join(' · '));
    card.append(cats);
  }
  if (p.conditions?.length) card.append(checkList(t.conditions, p.conditions, ctx));
  if (p.routes?.length) card.append(checkList(t.routes, p.routes, ctx));
  // How the profile reads the published method and what it can only approximate from the filing (its notes),
  // fetched the first time a reader opens them (the engine of this page leaves them out, to keep the page light).
  if (ctx.notes) {
    const text = el('p', null);
    const details = el('details', 'profile-notes', el('summary', null, t.notes), text);
    details.addEventListener('toggle', async () => {
      if (!details.open || text.textContent) return;
      const notes = await ctx.notes(p.profile).catch(() => null);
      text.textContent = notes?.[lang] ?? t.notesMissing;
    });
    card.append(details);
  }
  return card;
}

// root: the element to fill; reply: score() of the engine; ctx: { t: the UI strings' scores part, lang: 'zh'|'en',
// goTo(pointer): moves focus to a field, notes(profile id): a promise of its notes {zh, en} }.
export function renderScores(root, reply, ctx) {
  if (!reply?.profiles?.length) {
    root.replaceChildren(el('p', 'muted', ctx.t.none));
    return;
  }
  root.replaceChildren(...reply.profiles.map((p) => profileCard(p, ctx)));
}
