import type { Reconciled, ReconcileResult } from './reconcile.ts';

/** What `genvoy reconcile` prints: what it listed, each delivery it (would have) redelivered, and counts. */
export function renderReport(result: ReconcileResult): string {
  const { deliveries } = result;
  const lines = [`listed ${result.attempts} attempts of ${deliveries.length} deliveries since ${result.since.toISOString()} (${result.pages} ${result.pages === 1 ? 'page' : 'pages'})`];
  for (const d of deliveries) {
    if (d.outcome === 'give up') lines.push(`gave up on ${describe(d)}: GitHub tried it ${d.attempts} times`);
    else if (d.outcome === 'redeliver' && result.dryRun) lines.push(`would redeliver ${describe(d)}`);
    else if (d.outcome === 'redeliver' && d.error !== undefined) lines.push(`FAILED to redeliver ${describe(d)}: ${d.error}`);
    else if (d.outcome === 'redeliver') lines.push(`redelivered ${describe(d)}`);
  }
  const count = (test: (d: Reconciled) => boolean) => deliveries.filter(test).length;
  const redeliver = (d: Reconciled) => d.outcome === 'redeliver';
  const counts = [
    `${count((d) => d.outcome === 'done')} succeeded and in the journal`,
    result.dryRun ? `${count(redeliver)} to redeliver (dry run)` : `${count((d) => redeliver(d) && d.error === undefined)} redelivered`,
    ...(result.dryRun ? [] : [`${count((d) => d.error !== undefined)} failed`]),
    `${count((d) => d.outcome === 'give up')} given up`,
  ];
  lines.push(counts.join(', '));
  return `${lines.join('\n')}\n`;
}

/** `<guid> issues.opened (502 "Invalid HTTP Response: 502"; failed on GitHub)` */
function describe(d: Reconciled): string {
  const event = d.latest.action ? `${d.latest.event}.${d.latest.action}` : d.latest.event;
  return `${d.guid} ${event} (${d.latest.status_code} ${JSON.stringify(d.latest.status)}; ${d.reason})`;
}
