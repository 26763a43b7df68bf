import { api } from './api.js';
import { barChart, legend } from './chart.js';
import { deliveryRows } from './deliveries.js';
import { deliveryDetail } from './detail.js';
import { byId, el, when } from './dom.js';
import { hookRows } from './hooks.js';
import { dayStart, inZone, offsetMinutes, setZone, zone, zoneLabel } from './zone.js';

/** How often the page asks for what changed: new deliveries and hook results show without a reload. */
const pollMs = 3000;

const filters = /** @type {HTMLFormElement} */ (byId('filters'));
const detail = byId('detail');
/** What the detail shows now (its id and its last data), so a poll only redraws what changed. */
let shown = { id: '', data: '' };
/** The delivery whose payload is being fetched, if any. */
let opening = '';
/** The deliveries listed (the first page and those shown more), and how many match in all. */
let listed = { rows: /** @type {import('./deliveries.js').Listed[]} */ ([]), total: 0 };
/** Counts the list's asks, so that only the latest one's answer is shown. */
let listAsks = 0;
/** Counts the changes of the filters: a page asked for under other filters is not added. */
let filtersVersion = 0;
const dayMs = 86_400_000;

function selected() {
  const match = /^#\/d\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1] ?? '') : undefined;
}

/** The filters as the API takes them; the dates' days begin in the page's zone, and "to" includes its day. */
function listQuery() {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData(filters)) {
    if (typeof value !== 'string' || value === '') continue;
    const start = key === 'from' || key === 'until' ? dayStart(value) : undefined;
    if (key === 'from' && start !== undefined) query.set(key, String(start));
    else if (key === 'until' && start !== undefined) query.set(key, String(start + dayMs));
    else if (key !== 'from' && key !== 'until') query.set(key, value.trim());
  }
  return query;
}

/**
 * The first page again (new deliveries, changed outcomes); the older ones shown more stay
 * below it. `fresh` (the filters changed) drops them.
 * @param {boolean} [fresh]
 */
async function refreshList(fresh = false) {
  if (fresh) filtersVersion++;
  const ask = ++listAsks;
  const { status, body } = await api(`api/deliveries?${listQuery()}`);
  if (ask !== listAsks) return;
  if (status !== 200) {
    listed = { rows: [], total: 0 };
    showList(body.error ?? `failed (${status})`);
    return;
  }
  /** @type {import('./deliveries.js').Listed[]} */
  const first = body.deliveries;
  const oldest = first.at(-1)?.seq ?? 0;
  const older = fresh ? [] : listed.rows.filter((row) => row.seq < oldest);
  listed = { rows: [...first, ...(first.length < 100 ? [] : older)], total: body.total };
  showList();
}

/** The next page, after the last delivery listed. */
async function showMore() {
  const last = listed.rows.at(-1);
  if (!last) return;
  const query = listQuery();
  query.set('before', String(last.seq));
  const version = filtersVersion;
  const { status, body } = await api(`api/deliveries?${query}`);
  if (version !== filtersVersion || status !== 200) return;
  // A poll may have answered meanwhile: only what is older than the list's end is added.
  const end = listed.rows.at(-1)?.seq ?? Infinity;
  listed = { rows: [...listed.rows, .../** @type {import('./deliveries.js').Listed[]} */ (body.deliveries).filter((row) => row.seq < end)], total: body.total };
  showList();
}

/** @param {string} [error] */
function showList(error) {
  const { rows, total } = listed;
  byId('deliveries').replaceChildren(...deliveryRows(rows, selected()));
  const empty = byId('list-empty');
  empty.className = error ? 'error' : 'muted';
  empty.textContent = error ?? (rows.length ? '' : 'No deliveries match.');
  byId('list-count').textContent = error ? '' : `${rows.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  byId('more').hidden = rows.length >= total;
}

async function refreshChart() {
  const { body } = await api(`api/chart?offset=${offsetMinutes()}`);
  const [day, month] = body.series;
  const hour = (/** @type {number} */ ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...inZone() });
  const date = (/** @type {number} */ ms) => new Date(ms).toLocaleDateString([], { month: 'short', day: 'numeric', ...inZone() });
  byId('chart-day').replaceChildren(barChart(day, hour, 6));
  byId('chart-month').replaceChildren(barChart(month, date, 7));
}

async function refreshHooks() {
  const { body } = await api('api/hooks');
  byId('hooks').replaceChildren(...hookRows(body));
  byId('hooks-dir').textContent = body.dir;
}

async function refreshDetail() {
  const id = selected();
  // On a narrow screen the chosen delivery has the screen to itself (style.css), and the back button returns to the list.
  document.body.classList.toggle('showing', id !== undefined);
  if (id === undefined) {
    shown = { id: '', data: '' };
    detail.replaceChildren(el('p', { class: 'muted' }, 'Choose a delivery to see its hooks, headers and payload.'));
    return;
  }
  // The payload (up to 25 MB) is fetched once, when the delivery is chosen; polls ask for its state and hooks only.
  const first = shown.id !== id;
  if (first && opening === id) return; // its payload is on its way, and the request that asked for it shows it
  if (first) opening = id;
  const path = `api/deliveries/${encodeURIComponent(id)}`;
  let answers;
  try {
    answers = await Promise.all([api(path), first ? api(`${path}/payload`) : undefined]);
  } finally {
    if (opening === id) opening = '';
  }
  const [{ status, body }, payload] = answers;
  if (selected() !== id) return; // another delivery was chosen meanwhile
  if (status !== 200) {
    shown = { id: '', data: '' };
    detail.replaceChildren(el('p', { class: 'error' }, body.error ?? `failed (${status})`));
    return;
  }
  if (payload && payload.status !== 200) {
    // Left unshown, so that the next poll asks for it again.
    shown = { id: '', data: '' };
    detail.replaceChildren(el('p', { class: 'error' }, `The payload could not be read: ${payload.body?.error ?? `failed (${payload.status})`}`));
    return;
  }
  const data = JSON.stringify([body.delivery.state, body.hooks, body.history, zone()]);
  if (shown.id === id && shown.data === data) return;
  const parts = deliveryDetail({ ...body, payload: payload?.body }, () => void refreshDetail());
  if (shown.id === id) {
    // The same delivery with new results: swap them in, and leave what the reader unfolded (and the message) as it is.
    for (const selector of ['.facts', '#runs', '.history', 'h3']) {
      const next = parts.find((part) => part.matches(selector));
      const old = detail.querySelector(selector);
      if (next && old) old.replaceWith(next);
    }
  } else {
    detail.replaceChildren(...parts);
    if (first) window.scrollTo(0, 0);
  }
  shown = { id, data };
}

/** The zone's name wherever a time is labelled. */
function labelZone() {
  /** @type {HTMLSelectElement} */ (byId('zone')).value = zone();
  /** @type {HTMLOptionElement} */ (byId('zone').querySelector('option[value=local]')).textContent = zoneLabel('local');
  for (const label of document.querySelectorAll('.zone-label')) label.textContent = zoneLabel();
}

async function refresh() {
  try {
    await Promise.all([refreshList(), refreshChart(), refreshHooks(), refreshDetail()]);
    byId('updated').textContent = `updated ${when(Date.now())}`;
  } catch (err) {
    byId('updated').textContent = `update failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function fillFilters() {
  const { body } = await api('api/seen');
  /** @param {string} name @param {string[]} values */
  const fill = (name, values) => {
    const select = /** @type {HTMLSelectElement} */ (filters.elements.namedItem(name));
    const current = select.value;
    select.replaceChildren(el('option', { value: '' }, `any ${name}`), ...values.map((v) => el('option', { value: v }, v)));
    select.value = current;
  };
  fill('event', body.events);
  fill('repository', body.repositories);
}

byId('legend').replaceChildren(...legend());
labelZone();
filters.addEventListener('input', () => void refreshList(true));
filters.addEventListener('submit', (event) => event.preventDefault());
byId('more').addEventListener('click', () => void showMore());
byId('zone').addEventListener('change', () => {
  setZone(/** @type {HTMLSelectElement} */ (byId('zone')).value === 'local' ? 'local' : 'utc');
  labelZone();
  shown = { id: '', data: '' };
  void refresh();
});
// Back to the list: the browser's back when the list is where the reader came from, so that both work alike.
let cameFromList = false;
/** Where the list was scrolled to when a delivery was opened: a phone returns there. */
let listScroll = 0;
window.addEventListener('hashchange', (event) => {
  const fromList = !/#\/d\//.test(event.oldURL);
  cameFromList = selected() !== undefined && fromList;
  if (selected() !== undefined && fromList) listScroll = window.scrollY;
  showList();
  void refreshDetail();
  if (selected() === undefined) window.scrollTo(0, listScroll);
});
byId('back').addEventListener('click', (event) => {
  event.preventDefault();
  if (cameFromList) history.back();
  else location.hash = '#/';
});
byId('logout').addEventListener('click', async () => {
  await api('logout', { method: 'POST' });
  location.assign('/ui/login');
});

await Promise.all([fillFilters(), refresh()]);
setInterval(() => void refresh(), pollMs);
setInterval(() => void fillFilters(), 10 * pollMs);
