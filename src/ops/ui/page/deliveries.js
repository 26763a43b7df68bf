import { el, outcomeLabels, when } from './dom.js';

/**
 * @typedef {{ seq: number, id: string, event: string, action: string | null, repository: string | null, branch: string | null,
 *   received_at: number, state: 'pending' | 'done' | 'dead', hooks: number, sender: string | null, title: string | null }} Listed
 */

/**
 * A delivery's outcome: its state, or "none" when no hook matched it.
 * @param {{ state: Listed['state'], hooks: number }} delivery
 * @returns {keyof typeof outcomeLabels}
 */
export function outcomeOf(delivery) {
  return delivery.state === 'done' && delivery.hooks === 0 ? 'none' : delivery.state;
}

/**
 * The deliveries, each a link to its detail. Names are shown whole (they wrap), and each
 * part also carries its text as a tooltip.
 * @param {Listed[]} deliveries
 * @param {string | undefined} selected
 * @returns {HTMLElement[]}
 */
export function deliveryRows(deliveries, selected) {
  return deliveries.map((d) => {
    const outcome = outcomeOf(d);
    const event = `${d.event}${d.action ? `.${d.action}` : ''}`;
    const subject = [d.title, d.sender && `by ${d.sender}`].filter(Boolean).join(' · ');
    return el(
      'li',
      {},
      el(
        'a',
        { href: `#/d/${encodeURIComponent(d.id)}`, class: 'row', 'aria-current': d.id === selected ? 'true' : undefined, 'data-id': d.id },
        el('time', { datetime: new Date(d.received_at).toISOString() }, when(d.received_at)),
        // A long name breaks before its action, not inside a word, unless one word is wider than the column.
        el('span', { class: 'event', title: event }, d.event, d.action ? el('wbr') : undefined, d.action ? el('span', { class: 'action' }, `.${d.action}`) : undefined),
        el('span', { class: 'place', title: d.repository ?? undefined }, d.repository ?? '', d.branch ? el('span', { class: 'branch' }, d.branch) : undefined),
        el('span', { class: `badge s-${outcome}` }, outcomeLabels[outcome]),
        subject ? el('span', { class: 'subject muted', title: subject }, subject) : undefined,
      ),
    );
  });
}
