/** What reconcile needs from the journal: whether a delivery (X-GitHub-Delivery GUID) reached it. */
export interface KnownDeliveries {
  has(guid: string): boolean;
}

/** One attempt in GitHub's list of a hook's deliveries (the fields reconcile uses). */
export interface Attempt {
  /** The attempt's id: what a redelivery names. */
  id: number;
  /** X-GitHub-Delivery, the same for every attempt of one delivery. */
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
}

export type Reason = 'failed on GitHub' | 'not in the journal' | 'failed on GitHub, not in the journal';

/** One delivery (GUID) and what to do about it. */
export interface Verdict {
  guid: string;
  /** The delivery's latest attempt: its id is the one to redeliver, its status the one to show. */
  latest: Attempt;
  attempts: number;
  /**
   * done: it succeeded and is in the journal. give up: it should be redelivered, but GitHub
   * has already tried it `maxAttempts` times (a delivery genvoy rejects, a wrong secret say,
   * would otherwise be sent again on every run).
   */
  outcome: 'done' | 'redeliver' | 'give up';
  /** Why it is not done. */
  reason?: Reason;
}

const succeeded = (attempt: Attempt) => attempt.status_code >= 200 && attempt.status_code < 300;

/**
 * Decides, per delivery, whether to ask GitHub to send it again. GitHub lists every attempt,
 * redeliveries included, so attempts are grouped by GUID first: a delivery is redelivered
 * (once, through its latest attempt) when none of its attempts succeeded or when it never
 * reached the journal; one that succeeded and is in the journal is left alone, and so is
 * one already attempted `maxAttempts` times. Verdicts come newest first, as GitHub lists them.
 */
export function decide(attempts: readonly Attempt[], known: KnownDeliveries, maxAttempts: number): Verdict[] {
  const byGuid = new Map<string, Attempt[]>();
  for (const attempt of attempts) {
    const group = byGuid.get(attempt.guid);
    if (group) group.push(attempt);
    else byGuid.set(attempt.guid, [attempt]);
  }
  const verdicts = [...byGuid].map(([guid, group]): Verdict => {
    const latest = group.reduce((a, b) => (newer(b, a) ? b : a));
    const failed = !group.some(succeeded);
    const missing = !known.has(guid);
    const reason: Reason | undefined = failed && missing ? 'failed on GitHub, not in the journal' : failed ? 'failed on GitHub' : missing ? 'not in the journal' : undefined;
    if (!reason) return { guid, latest, attempts: group.length, outcome: 'done' };
    return { guid, latest, attempts: group.length, outcome: group.length >= maxAttempts ? 'give up' : 'redeliver', reason };
  });
  return verdicts.sort((a, b) => (newer(a.latest, b.latest) ? -1 : newer(b.latest, a.latest) ? 1 : 0));
}

/** Later delivered_at wins; on the same second, the higher id (GitHub's ids grow). */
function newer(a: Attempt, b: Attempt): boolean {
  const at = Date.parse(a.delivered_at) - Date.parse(b.delivered_at);
  return at !== 0 ? at > 0 : a.id > b.id;
}
