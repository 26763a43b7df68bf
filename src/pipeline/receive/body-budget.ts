import { totalmem } from 'node:os';
import { MAX_BODY_BYTES } from './read-body.ts';
import { Rejection } from './rejection.ts';

const MB = 1024 * 1024;

export interface BudgetLimits {
  /** Bytes all bodies being received may hold together. */
  total: number;
  /** The share of `total` one client address may hold (at least one body of MAX_BODY_BYTES). */
  perClient: number;
}

/**
 * `body_budget_mb`, or for 0 one sixty-fourth of the memory this process may use (a
 * container's limit where it has one), between 32 and 256 MB: a body costs several times
 * its size while it is checked, journaled and handed to its hooks.
 */
export function budgetLimits(configuredMb: number, share: number, memory = usableMemory()): BudgetLimits {
  const total = configuredMb > 0 ? configuredMb * MB : Math.min(256 * MB, Math.max(32 * MB, Math.floor(memory / 64)));
  return { total, perClient: Math.min(total, Math.max(MAX_BODY_BYTES, Math.floor(total * share))) };
}

let machineMemory: number | undefined;

/** The machine's memory, or the container's limit where lower; read once (the limit is read from files). */
function usableMemory(): number {
  if (machineMemory === undefined) {
    // constrainedMemory is 0, or a huge number, without a cgroup limit.
    const limit = process.constrainedMemory?.() ?? 0;
    machineMemory = limit > 0 ? Math.min(limit, totalmem()) : totalmem();
  }
  return machineMemory;
}

/** What one request holds of the budget, until it is answered. */
export interface Hold {
  /** Holds `bytes` in all for this request (a body of unknown length grows as it arrives); a 503 Rejection past the budget. */
  grow(bytes: number): void;
  release(): void;
}

/**
 * The body bytes in flight, all clients' and each client's: a request holds the bytes its
 * body declares (or has sent so far) until it is answered, and one that would go past the
 * budget is refused before its body is read.
 */
export class BodyBudget {
  #held = 0;
  readonly #byClient = new Map<string, number>();

  hold(client: string, { total, perClient }: BudgetLimits): Hold {
    let mine = 0;
    return {
      grow: (bytes) => {
        const more = bytes - mine;
        if (more <= 0) return;
        const clients = this.#byClient.get(client) ?? 0;
        if (this.#held + more > total) throw busy('genvoy is receiving as many bodies as it takes at once');
        if (clients + more > perClient) throw busy('this client is sending as many bodies as one client may at once');
        this.#held += more;
        this.#byClient.set(client, clients + more);
        mine = bytes;
      },
      release: () => {
        if (mine === 0) return;
        this.#held -= mine;
        const left = (this.#byClient.get(client) ?? 0) - mine;
        if (left > 0) this.#byClient.set(client, left);
        else this.#byClient.delete(client);
        mine = 0;
      },
    };
  }
}

function busy(why: string): Rejection {
  return new Rejection(503, 'busy', `${why}; try again in a moment`, 1);
}
