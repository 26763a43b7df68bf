import type { Journal } from '../journal/journal.ts';
import type { StoredDelivery } from '../journal/journal-types.ts';
import type { RouteStep } from '../../pipeline/route/route.ts';

/** The one step every delivery takes at a relay: an agent has to acknowledge it. */
export const agentStep: RouteStep = { hook: 'agent', parent: 'agent' };

export type Acknowledged = 'acknowledged' | 'already' | 'unknown';

/**
 * The relay's journal seen as a mailbox: a delivery is pending until an agent acknowledges
 * it (its "agent" step becomes ok), then it is done and pruned after journal_retention_days
 * like any other. Streams wait on `changed()` instead of polling.
 */
export class Outbox {
  #waiters: Array<() => void> = [];

  constructor(readonly journal: Journal) {}

  /** The oldest `limit` deliveries no agent has acknowledged, in arrival order. */
  waiting(limit: number): StoredDelivery[] {
    return this.journal.pending(limit);
  }

  /** Resolves at the next accept or acknowledgement. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Wakes every stream waiting for a change. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Marks a delivery taken by an agent, once committed. */
  async acknowledge(id: string): Promise<Acknowledged> {
    const stored = this.journal.get(id);
    if (!stored) return 'unknown';
    if (stored.state !== 'pending') return 'already';
    const result = { returncode: 0, stdout: '', stderr: '', status: 'ok' as const, duration_ms: Date.now() - stored.received_at };
    await this.journal.record(id, agentStep.hook, result, () => ({ state: 'ok', nextAt: null }));
    this.wake();
    return 'acknowledged';
  }
}
