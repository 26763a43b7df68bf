import type { Target } from './load-notify-config.ts';
import type { Message } from './message.ts';

/**
 * One target's posts in its current window and the messages waiting for a free slot.
 * Lanes live at module level: every hook of this process (or worker) shares a target's limit.
 */
interface Lane {
  target: Target;
  sent: number[];
  waiting: Message[];
  timer?: NodeJS.Timeout;
}

const lanes = new Map<string, Lane>();

/** The same target name with another URL is another connection, with its own limit. */
function laneOf(target: Target & { url: string }): Lane {
  const key = `${target.name}\0${target.url}`;
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { target, sent: [], waiting: [] }));
  lane.target = target; // the latest config's timeout and limit
  return lane;
}

export type Flush = (target: Target & { url: string }, waiting: Message[]) => Promise<boolean>;

/**
 * Takes a post slot for the target now, or queues the message: then it goes out with the
 * others waiting, as one digest, when a slot frees (`flush`, called by an unref'd timer; when
 * it fails, the messages wait for the next slot). Returns when the queue will be sent.
 */
export function admit(target: Target & { url: string }, message: Message, flush: Flush, now = Date.now()): { now: true } | { now: false; at: number } {
  const lane = laneOf(target);
  prune(lane, now);
  if (lane.waiting.length === 0 && lane.sent.length < lane.target.rateLimit.posts) {
    lane.sent.push(now);
    return { now: true };
  }
  lane.waiting.push(message.at === undefined ? { ...message, at: now } : message);
  return { now: false, at: schedule(lane, flush, now) };
}

function prune(lane: Lane, now: number): void {
  const since = now - lane.target.rateLimit.windowMs;
  while (lane.sent.length && lane.sent[0]! <= since) lane.sent.shift();
}

function schedule(lane: Lane, flush: Flush, now: number): number {
  const at = lane.sent.length < lane.target.rateLimit.posts ? now : lane.sent[0]! + lane.target.rateLimit.windowMs;
  if (!lane.timer) {
    lane.timer = setTimeout(() => void release(lane, flush), Math.max(0, at - now) + 1);
    lane.timer.unref();
  }
  return at;
}

async function release(lane: Lane, flush: Flush): Promise<void> {
  lane.timer = undefined;
  const now = Date.now();
  prune(lane, now);
  if (lane.sent.length >= lane.target.rateLimit.posts) {
    schedule(lane, flush, now);
    return;
  }
  const batch = lane.waiting.splice(0);
  if (!batch.length) return;
  lane.sent.push(now);
  const ok = await flush(lane.target as Target & { url: string }, batch).catch(() => false);
  if (!ok) {
    // The target is failing: try again a window later rather than spend its slots at once.
    lane.waiting.unshift(...batch);
    lane.timer = setTimeout(() => void release(lane, flush), lane.target.rateLimit.windowMs);
    lane.timer.unref();
  } else if (lane.waiting.length) schedule(lane, flush, Date.now());
}


/**
 * Sends everything waiting now, over the limit if need be: genvoy is stopping, and messages
 * waiting in memory would be lost. One post per target.
 */
export async function releaseAll(flush: Flush): Promise<void> {
  const waiting = [...lanes.values()].filter((lane) => lane.waiting.length > 0);
  await Promise.all(
    waiting.map(async (lane) => {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      const batch = lane.waiting.splice(0);
      lane.sent.push(Date.now());
      if (!(await flush(lane.target as Target & { url: string }, batch).catch(() => false))) lane.waiting.unshift(...batch);
    }),
  );
}
