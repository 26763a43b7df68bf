import { askAgain } from './again-dialog.js';
import { api } from './api.js';
import { el, outcomeLabels, when } from './dom.js';
import { outcomeOf } from './deliveries.js';
import { jsonTree } from './tree.js';
import { zoneLabel } from './zone.js';

/**
 * @typedef {{ returncode: number, stdout: string, stderr: string, status: string, duration_ms: number, reason?: string }} HookResult
 * @typedef {{ hook: string, parent: string, state: 'pending' | 'retry' | 'ok' | 'dead', attempts: number, next_at: number | null, result: HookResult | null }} HookRun
 * @typedef {{ run: number, ended_at: number, hooks: HookRun[] }} EarlierRun
 * @typedef {{ delivery: Omit<import('./deliveries.js').Listed, 'hooks' | 'sender' | 'title'> & { headers: Record<string, string>, finished_at: number | null },
 *   payload: unknown, hooks: HookRun[], history: EarlierRun[] }} Detail
 */

/**
 * One delivery: what it was, its hooks' results and earlier runs, its headers and payload,
 * and "Run again" (which asks first). `refresh` is called when a replay was accepted.
 * @param {Detail} detail
 * @param {() => void} refresh
 * @returns {HTMLElement[]}
 */
export function deliveryDetail({ delivery, payload, hooks, history }, refresh) {
  const message = el('p', { class: 'message', role: 'status' });
  const again = el('button', { type: 'button', class: 'again' }, 'Run again');
  again.addEventListener('click', async () => {
    const scope = await askAgain(delivery, hooks.filter((run) => run.state === 'dead' || run.state === 'retry').length);
    if (scope === '') return;
    again.setAttribute('disabled', '');
    message.className = 'message';
    message.textContent = 'Asking…';
    try {
      const { status, body } = await api(`api/deliveries/${encodeURIComponent(delivery.id)}/replay?hooks=${scope}`, { method: 'POST' });
      if (status === 202) message.textContent = body.hooks.length ? `Running again: ${body.hooks.join(', ')}` : 'Run again: no hook matches it now.';
      else {
        message.className = 'message error';
        message.textContent = status === 409 ? 'Still running: run it again once its hooks have finished.' : (body.error ?? `failed (${status})`);
      }
      refresh();
    } finally {
      again.removeAttribute('disabled');
    }
  });
  return [
    el(
      'header',
      { class: 'detail-head' },
      el('div', {}, el('h2', {}, delivery.event, delivery.action ? `.${delivery.action}` : ''), el('code', { class: 'id' }, delivery.id)),
      again,
    ),
    message,
    el(
      'dl',
      { class: 'facts' },
      fact(`received, ${zoneLabel()}`, el('time', { datetime: new Date(delivery.received_at).toISOString() }, when(delivery.received_at))),
      fact('repository', delivery.repository ?? '—'),
      fact('branch', delivery.branch ?? '—'),
      fact('outcome', el('span', { class: `badge s-${outcomeOf({ state: delivery.state, hooks: hooks.length })}` }, outcomeLabels[outcomeOf({ state: delivery.state, hooks: hooks.length })])),
    ),
    el('h3', {}, history.length ? `Hooks, run ${history.length + 1}` : 'Hooks'),
    el('ul', { class: 'runs', id: 'runs' }, ...(hooks.length ? hooks.map(hookRun) : [el('li', { class: 'muted' }, 'No hook matched this delivery.')])),
    earlierRuns(history),
    el('details', { class: 'section' }, el('summary', {}, 'Headers'), el('dl', { class: 'headers' }, ...Object.entries(delivery.headers).map(([k, v]) => fact(k, v)))),
    el('details', { class: 'section', open: true }, el('summary', {}, 'Payload'), el('div', { class: 'tree' }, jsonTree(payload))),
  ];
}

/**
 * The runs before the current one, the latest first, each with its hooks as they ended.
 * @param {EarlierRun[]} history
 */
function earlierRuns(history) {
  return el(
    'details',
    { class: 'section history', open: history.length > 0 },
    el('summary', {}, `Earlier runs (${history.length})`),
    ...(history.length
      ? history.map((run) =>
          el('div', { class: 'earlier', 'data-run': run.run }, el('h4', {}, `Run ${run.run}, until ${when(run.ended_at)}`), el('ul', { class: 'runs' }, ...run.hooks.map(hookRun))),
        )
      : [el('p', { class: 'muted' }, 'None: "Run again" keeps the results of this run here.')]),
  );
}

/**
 * @param {string} term
 * @param {Node | string} value
 */
function fact(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, value));
}

/**
 * A hook's state, attempts, exit status and output.
 * @param {HookRun} run
 */
function hookRun(run) {
  const { result } = run;
  const state = { pending: 'pending', retry: 'pending', ok: 'done', dead: 'dead' }[run.state];
  return el(
    'li',
    { class: 'run', 'data-hook': run.hook },
    el(
      'div',
      { class: 'run-head' },
      el('span', { class: 'name' }, run.hook),
      el('span', { class: `badge s-${state}` }, run.state === 'retry' ? 'retry' : run.state),
      el('span', { class: 'muted attempts' }, `attempts ${run.attempts}`),
      result ? el('span', { class: 'muted' }, `exit ${result.returncode} · ${result.status} · ${Math.round(result.duration_ms)} ms`) : undefined,
      run.next_at ? el('span', { class: 'muted' }, `next try ${when(run.next_at)}`) : undefined,
    ),
    result?.reason ? el('p', { class: 'muted' }, result.reason) : undefined,
    result?.stdout ? el('pre', { class: 'output stdout' }, result.stdout) : undefined,
    result?.stderr ? el('pre', { class: 'output stderr' }, result.stderr) : undefined,
  );
}
