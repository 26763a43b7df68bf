import { api } from './api.js';
import { barChart, legend } from './chart.js';
import { deliveryRows } from './deliveries.js';
import { deliveryDetail } from './detail.js';
import { byId, el, when } from './dom.js';
import { hookRows } from './hooks.js';

/** How often the page asks for what changed: new deliveries and hook results show without a reload. */
const pollMs = 3000;

const filters = /** @type {HTMLFormElement} */ (byId('filters'));
const detail = byId('detail');
/** What the detail shows now (its id and its last data), so a poll only redraws what changed. */
let shown = { id: '', data: '' };
/** The delivery whose payload is being fetched, if any. */
let opening = '';

function selected() {
  const match = /^#\/d\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1] ?? '') : undefined;
}

async function refreshList() {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData(filters)) if (typeof value === 'string' && value !== '') query.set(key, value);
  const { body } = await api(`api/deliveries?${query}`);
  byId('deliveries').replaceChildren(...deliveryRows(body.deliveries, selected()));
  byId('list-empty').textContent = body.deliveries.length ? '' : 'No deliveries match.';
}

async function refreshChart() {
  const { body } = await api('api/chart');
  const [day, month] = body.series;
  const hour = (/** @type {number} */ ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const date = (/** @type {number} */ ms) => new Date(ms).toLocaleDateString([], { month: 'short', day: 'numeric', timeZone: 'UTC' });
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
  const data = JSON.stringify([body.delivery.state, body.hooks]);
  if (shown.id === id && shown.data === data) return;
  const parts = deliveryDetail({ ...body, payload: payload?.body }, () => void refreshDetail());
  if (shown.id === id) {
    // The same delivery with new results: swap them in, and leave what the reader unfolded (and the message) as it is.
    for (const selector of ['.facts', '.runs']) {
      const next = parts.find((part) => part.matches(selector));
      const old = detail.querySelector(selector);
      if (next && old) old.replaceWith(next);
    }
  } else {
    detail.replaceChildren(...parts);
  }
  shown = { id, data };
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
filters.addEventListener('input', () => void refreshList());
filters.addEventListener('submit', (event) => event.preventDefault());
window.addEventListener('hashchange', () => void Promise.all([refreshList(), refreshDetail()]));
byId('logout').addEventListener('click', async () => {
  await api('logout', { method: 'POST' });
  location.assign('/ui/login');
});

await Promise.all([fillFilters(), refresh()]);
setInterval(() => void refresh(), pollMs);
setInterval(() => void fillFilters(), 10 * pollMs);
