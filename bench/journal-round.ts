import { drained } from './journal-check.ts';
import { loadDistinct, type Measurement } from './load.ts';
import { treeRss, watchRss } from './memory.ts';
import type { SignedDelivery } from './payload.ts';
import type { RunningServer } from './server-process.ts';
import { DISTINCT_CONNECTIONS } from './summary.ts';

/** One round of distinct deliveries against a genvoy that journals them. */
export interface JournalRound {
  /** The system's name. */
  system: string;
  round: number;
  result: Measurement;
  /** Seconds from the last answer until the journal had no hook left to run. */
  drainS: number;
  /** The RSS of the server's process tree in bytes: after the warm-up, the highest while loaded and draining, after draining. */
  rss: { before: number; peak: number; after: number };
}

export interface JournalRoundOptions {
  system: string;
  round: number;
  server: RunningServer;
  delivery: SignedDelivery;
  /** Deliveries measured; a tenth of them (at most 1,000) go first as a warm-up. */
  deliveries: number;
  /** The journal file, read beside the server to see when every hook has run. */
  journal: string;
  /** Every delivery id sent is added here, warm-up included, to be accounted for at the end. */
  sent: string[];
}

/** Sends the warm-up, then `deliveries` distinct ones at 64 connections, and waits until their hooks have all run. */
export async function journalRound({ system, round, server, delivery, deliveries, journal, sent }: JournalRoundOptions): Promise<JournalRound> {
  const nextId = () => {
    const id = `bench-${round}-${sent.length + 1}`;
    sent.push(id);
    return id;
  };
  const target = { url: server.url, delivery, connections: DISTINCT_CONNECTIONS, nextId };
  await loadDistinct({ ...target, amount: Math.max(DISTINCT_CONNECTIONS, Math.min(1000, Math.ceil(deliveries / 10))) });
  await drained(journal, 120_000);
  const before = await treeRss(server.pid);
  const watch = watchRss(server.pid, 100, treeRss);
  const result = await loadDistinct({ ...target, amount: deliveries });
  const drainS = await drained(journal, 120_000);
  const peak = await watch.stop();
  const after = await treeRss(server.pid);
  return { system, round, result, drainS, rss: { before, peak: Math.max(peak, before, after), after } };
}
