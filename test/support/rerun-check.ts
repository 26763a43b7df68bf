import type { TraceLine } from './hook-trace.ts';

/** A delivery sent in a round: its repository (its lane) and genvoy's answer, none if the kill cut it off. */
export interface Sent {
  id: string;
  repository: string;
  status: number | undefined;
}

/** What a round of deliveries cut by a kill -9 left behind. */
export interface KilledRound {
  sent: readonly Sent[];
  /** The hooks every delivery is routed to. */
  hooks: readonly string[];
  /** The tracing hooks' lines up to the kill, then after the restart until nothing was pending. */
  before: readonly TraceLine[];
  after: readonly TraceLine[];
}

/** A hook that started before the kill and again after the restart; `ended`: it had written its last line before the kill. */
export interface Rerun {
  delivery: string;
  hook: string;
  ended: boolean;
}

/** The ways a round can break the promise. */
export type Breach =
  /** A hook started twice before the kill, or twice after the restart. */
  | 'started-twice'
  /** A hook ran again though it was not running at the kill: its next run in the repository, or its delivery's next hook, had started. */
  | 'not-running-ran-again'
  /** A delivery answered 200 ran a hook again. */
  | 'answered-ran-again'
  /** A delivery answered 2xx has a hook that never ran to its end. */
  | 'answered-unfinished'
  /** A hook running at the kill never ran again. */
  | 'running-lost'
  /** An answer other than 200 or 202. */
  | 'refused';

export interface Verdict {
  reruns: Rerun[];
  /** How the round broke genvoy's promise, each with what happened; empty when it held. */
  broken: Array<{ breach: Breach; what: string }>;
}

/**
 * Checks a round against the promise of docs/operations/reliability.md: a hook runs again
 * after a kill only if it was running at the kill (its result not yet journaled), and what
 * was answered 2xx runs to its end, 200 with every result journaled. From outside, "running
 * at the kill" shows as a hook that started last before the kill both of its runs in its
 * repository and of its delivery's hooks: the hook's run for the repository's next delivery,
 * and the delivery's next hook, start only once its result is committed.
 */
export function judgeRound({ sent, hooks, before, after }: KilledRound): Verdict {
  const key = (line: Pick<TraceLine, 'delivery' | 'hook'>) => `${line.delivery} ${line.hook}`;
  const repositoryOf = new Map(sent.map((s) => [s.id, s.repository]));
  const tally = (lines: readonly TraceLine[], kind: TraceLine['kind']) =>
    lines.filter((l) => l.kind === kind).reduce((m, l) => m.set(key(l), (m.get(key(l)) ?? 0) + 1), new Map<string, number>());
  const startedBefore = tally(before, 'start');
  const endedBefore = tally(before, 'end');
  const startedAfter = tally(after, 'start');
  const endedAfter = tally(after, 'end');
  const broken: Verdict['broken'] = [];

  for (const [when, started] of [['before the kill', startedBefore] as const, ['after the restart', startedAfter] as const]) {
    for (const [k, n] of started) if (n > 1) broken.push({ breach: 'started-twice', what: `${k} started ${n} times ${when}` });
  }

  // The last run started before the kill, per hook and repository, and per delivery.
  const lastOfHook = new Map<string, string>();
  const lastOfDelivery = new Map<string, string>();
  const hookIn = (line: TraceLine) => `${line.hook} of ${repositoryOf.get(line.delivery) ?? ''}`;
  for (const line of before) {
    if (line.kind !== 'start') continue;
    lastOfHook.set(hookIn(line), key(line));
    lastOfDelivery.set(line.delivery, key(line));
  }
  const reruns: Rerun[] = [];
  for (const line of before) {
    if (line.kind !== 'start') continue;
    const k = key(line);
    if (startedAfter.has(k)) {
      reruns.push({ delivery: line.delivery, hook: line.hook, ended: endedBefore.has(k) });
      const later = lastOfHook.get(hookIn(line)) !== k ? `${lastOfHook.get(hookIn(line))} (${hookIn(line)})` : lastOfDelivery.get(line.delivery) !== k ? `${lastOfDelivery.get(line.delivery)} (its delivery's next hook)` : undefined;
      if (later !== undefined) {
        const what = `${k} ran again after the restart, though ${later} had started after it before the kill (so its result was committed)`;
        broken.push({ breach: 'not-running-ran-again', what });
      }
    } else if (!endedBefore.has(k)) {
      broken.push({ breach: 'running-lost', what: `${k} was running at the kill and never ran again` });
    }
  }

  for (const { id, status } of sent) {
    if (status === undefined) continue;
    if (status !== 200 && status !== 202) {
      broken.push({ breach: 'refused', what: `${id} was answered ${status}` });
      continue;
    }
    for (const hook of hooks) {
      const k = key({ delivery: id, hook });
      if (!endedBefore.has(k) && !endedAfter.has(k)) broken.push({ breach: 'answered-unfinished', what: `${id} was answered ${status}, but ${hook} never ran to its end` });
      if (status === 200 && startedAfter.has(k)) broken.push({ breach: 'answered-ran-again', what: `${id} was answered 200 (its results journaled), yet ${hook} ran again after the restart` });
    }
  }
  return { reruns, broken };
}
