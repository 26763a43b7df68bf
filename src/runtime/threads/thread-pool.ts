import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import type { Logger } from '../../base/logger.ts';
import { threadEntry } from '../../base/own-module.ts';
import { stableIndex } from '../../base/stable-index.ts';
import type { GitHubConnection } from '../../config/schema.ts';
import { failed, timeoutMessage, type HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Delivery } from '../../pipeline/parse/delivery.ts';
import type { Pins } from '../../pipeline/route/pinned-reading.ts';
import type { ThreadData } from './hook-thread.ts';
import { BEATS, BUSY, GENVOY, type FromThread, type GitHubChange, type LoadRequest, type RunRequest, type SentError, type ToThread } from './thread-protocol.ts';

/** A module hook's result, with what it threw (for its stack in the log). */
export type ModuleRun = HookResult & { error?: unknown };

/** How a load, unload or close ended: `again` when its thread was lost for another reason (load it again later). */
export interface Outcome {
  error?: string;
  again?: boolean;
  /** What a module loaded pins. */
  pins?: Pins;
  /** Whether a module loaded keeps its repository's order. */
  ordered?: boolean;
}

/** One bundled version of a module, as the hooks folder holds it. */
export interface ModuleVersion {
  file: string;
  /** Goes up with each new `code`. */
  version: number;
  code: string;
  /** The provided modules (`genvoy/notify`) it imports. */
  needs: readonly string[];
}

const entry = threadEntry(new URL('./hook-thread.js', import.meta.url));
/** How long past its timeout an answer may take before genvoy gives it itself. */
const GRACE_MS = 500;
/** A thread whose beats have not moved for this long is stuck in a loop. */
const STUCK_MS = 500;
const SWEEP_MS = 100;
/**
 * A hook thread's young generation, in MB: V8's default (48 MB, three semi-spaces of 16) grows
 * under a burst and stays, per thread. Hooks' objects are short-lived and small; a larger one
 * goes to the old generation, which has no limit here.
 */
const YOUNG_MB = 12;

interface Thread {
  index: number;
  worker: Worker;
  shared: Int32Array;
  /** The version of each module it holds: a fresh thread holds none and loads them when first asked. */
  versions: Map<string, number>;
  /** Until it has started, its requests' deadlines do not run and it is never judged stuck. */
  ready: boolean;
  /** Its beats as last seen, and when they last moved. */
  beats: number;
  movedAt: number;
  /** Ended by genvoy (stuck, stopping) or gone: its exit needs nothing more. */
  ended: boolean;
  crash?: Error;
}

interface Pending {
  thread: Thread;
  /** A run's hook name, or what another request does (for messages that name it). */
  name: string;
  run: boolean;
  started: number;
  timeoutMs: number;
  deadline: number;
  resolve(outcome: ModuleRun | Outcome): void;
}

/**
 * The worker threads that run module hooks, so that a hook stuck in a CPU loop stops only its
 * thread and never the one that answers HTTP. Each module is pinned to one thread by its
 * hook name, so its module-level state is one instance. A thread that stays stuck past a
 * hook's timeout is ended and replaced; one that crashes (an uncaught error in a hook's
 * timer) is replaced. Either way the new thread loads its modules when first asked.
 */
export class ThreadPool {
  readonly #threads: Array<Thread | undefined>;
  readonly #pending = new Map<number, Pending>();
  readonly #sweeper: NodeJS.Timeout;
  /** Where genvoy's log lines go: hooks' lines from the threads are written there as they are. */
  readonly #lines: pino.DestinationStream;
  #next = 0;
  #closing = false;
  #drained: (() => void) | undefined;

  /**
   * `timeoutMs` bounds what is not a hook's run: a module's top level, its dispose() (a hook
   * run gets the timeout it is given).
   */
  constructor(
    readonly size: number,
    private readonly provided: Readonly<Record<string, string>>,
    private readonly log: Logger,
    private readonly timeoutMs: number,
    private connection: GitHubConnection,
  ) {
    this.#threads = Array.from({ length: size }, () => undefined);
    this.#lines = (log as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym]!;
    this.#sweeper = setInterval(() => this.#sweep(), SWEEP_MS).unref();
  }

  /** Hooks' GitHub connection from now on: the threads running are told, new ones start with it. */
  set github(connection: GitHubConnection) {
    this.connection = connection;
    for (const thread of this.#threads) if (thread && !thread.ended) thread.worker.postMessage({ type: 'github', connection } satisfies ToThread);
  }

  /** Runs the module's top level in thread `index`. */
  load(index: number, module: ModuleVersion): Promise<Outcome> {
    if (this.#closing) return Promise.resolve({ error: 'genvoy is stopping' });
    const thread = this.#thread(index);
    thread.versions.set(module.file, module.version);
    const request: LoadRequest = { type: 'load', id: ++this.#next, file: module.file, code: module.code, needs: module.needs };
    return this.#request(thread, request, `the top level of ${module.file}`, false, this.timeoutMs) as Promise<Outcome>;
  }

  run(index: number, module: ModuleVersion, hook: string, delivery: Delivery, timeoutMs: number): Promise<ModuleRun> {
    if (this.#closing) return Promise.resolve(failed('genvoy is stopping', performance.now()));
    const thread = this.#thread(index);
    if (thread.versions.get(module.file) !== module.version) {
      // A thread that never had this version (a fresh one): it loads it first; its failure shows as the run's.
      thread.versions.set(module.file, module.version);
      thread.worker.postMessage({ type: 'load', id: ++this.#next, file: module.file, code: module.code, needs: module.needs } satisfies LoadRequest);
    }
    const request: RunRequest = {
      type: 'run',
      id: ++this.#next,
      file: module.file,
      json: delivery.json,
      delivery: delivery.id,
      event: delivery.event,
      action: delivery.action,
      repository: delivery.repository,
      branch: delivery.branch,
      hook,
      timeoutMs,
      level: this.log.level,
    };
    return this.#request(thread, request, hook, true, timeoutMs) as Promise<ModuleRun>;
  }

  /** Forgets a module in its thread, calling its dispose(). */
  async unload(index: number, file: string): Promise<void> {
    const thread = this.#threads[index];
    if (!thread?.versions.delete(file) || this.#closing) return;
    await this.#request(thread, { type: 'unload', id: ++this.#next, file }, `dispose() of ${file}`, false, this.timeoutMs);
  }

  /**
   * Ends the threads once their running hooks are done (each within its timeout), after
   * dispose() of their modules; `abandon` ends the threads running a hook at once (genvoy
   * stops and its grace period is over: those hooks stay pending and run at the next start).
   */
  async close(abandon = false): Promise<void> {
    this.#closing = true;
    if (abandon) {
      const busy = new Set([...this.#pending.values()].filter((p) => p.run).map((p) => p.thread));
      for (const thread of busy) this.#end(thread, (p) => lost(p, 'genvoy stopped before the hook finished'));
    }
    if ([...this.#pending.values()].some((p) => p.run)) await new Promise<void>((resolve) => (this.#drained = resolve));
    await Promise.all(
      this.#threads.map(async (thread) => {
        if (!thread || thread.ended) return;
        // A thread stuck in dispose() is ended all the same.
        await this.#request(thread, { type: 'close', id: ++this.#next }, 'dispose() of its modules', false, this.timeoutMs);
        thread.ended = true;
        await thread.worker.terminate();
      }),
    );
    clearInterval(this.#sweeper);
  }

  #thread(index: number): Thread {
    return this.#threads[index] ?? (this.#threads[index] = this.#start(index));
  }

  #start(index: number): Thread {
    const shared = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    const workerData: ThreadData = { provided: this.provided, shared, github: this.connection };
    const worker = new Worker(entry, { workerData, name: `genvoy hooks ${index}`, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    const thread: Thread = { index, worker, shared, versions: new Map(), ready: false, beats: 0, movedAt: performance.now(), ended: false };
    worker.on('message', (message: FromThread) => this.#message(thread, message));
    worker.on('error', (err) => (thread.crash = err));
    worker.on('exit', (code) => this.#exited(thread, code));
    return thread;
  }

  #request(thread: Thread, message: Exclude<ToThread, GitHubChange>, name: string, run: boolean, timeoutMs: number): Promise<ModuleRun | Outcome> {
    return new Promise((resolve) => {
      const started = performance.now();
      this.#pending.set(message.id, { thread, name, run, started, timeoutMs, deadline: started + timeoutMs + GRACE_MS, resolve });
      thread.worker.postMessage(message);
    });
  }

  #message(thread: Thread, message: FromThread): void {
    switch (message.type) {
      case 'ran':
        return this.#settle(message.id, message.error ? Object.assign(message.result, { error: revive(message.error) }) : message.result);
      case 'done':
        return this.#settle(message.id, message);
      case 'log':
        return void this.#lines.write(message.line);
      case 'event':
        return this.log.error(message.fields, message.msg);
      case 'ready': {
        // Deadlines count from now: a thread's start is not its hooks' time.
        const now = performance.now();
        thread.ready = true;
        thread.movedAt = now;
        for (const p of this.#pending.values()) if (p.thread === thread) p.deadline = now + p.timeoutMs + GRACE_MS;
      }
    }
  }

  #settle(id: number, outcome: ModuleRun | Outcome): void {
    const pending = this.#pending.get(id);
    if (!pending) return; // answered already (by genvoy at the deadline, or its thread was ended)
    this.#pending.delete(id);
    pending.resolve(outcome);
    if (this.#drained && ![...this.#pending.values()].some((p) => p.run)) this.#drained();
  }

  /**
   * Gives overdue requests their answer. A thread whose beats stopped is stuck: if it is
   * stuck in module code past that code's own deadline, or in code that cannot be told
   * (a hook's timer), it is ended and replaced.
   */
  #sweep(): void {
    const now = performance.now();
    for (const thread of this.#threads) {
      if (!thread) continue;
      if (Atomics.load(thread.shared, BUSY) === GENVOY) {
        // genvoy's own work is not its hooks' time: theirs runs on once it is done.
        thread.movedAt = now;
        for (const p of this.#pending.values()) if (p.thread === thread) p.deadline = Math.max(p.deadline, now + GRACE_MS);
        continue;
      }
      const beats = Atomics.load(thread.shared, BEATS);
      if (beats === thread.beats) continue;
      thread.beats = beats;
      thread.movedAt = now;
    }
    for (const [id, p] of this.#pending) {
      if (p.deadline > now || !p.thread.ready) continue;
      let why = timeoutMessage(p.timeoutMs);
      if (now - p.thread.movedAt >= STUCK_MS) {
        const culprit = this.#pending.get(Atomics.load(p.thread.shared, BUSY));
        if (!culprit || culprit.deadline <= now) {
          this.#stuck(p.thread, culprit ?? p);
          continue;
        }
        why += `: ${describe(culprit)} held up its hook thread`;
      }
      this.#settle(id, p.run ? failed(why, p.started, 'timeout') : { error: why });
    }
  }

  #stuck(thread: Thread, culprit: Pending): void {
    const who = describe(culprit);
    this.log.error({ thread: thread.index, hook: culprit.run ? culprit.name : undefined, timeout_s: culprit.timeoutMs / 1000 }, `${who} kept its hook thread busy past its timeout: thread ended and replaced`);
    const why = `its hook thread was ended: ${who} did not return within its timeout`;
    this.#end(thread, (p) => (p === culprit ? (p.run ? failed(timeoutMessage(p.timeoutMs), p.started, 'timeout') : { error: timeoutMessage(p.timeoutMs) }) : lost(p, why)));
  }

  /** A thread that ended without genvoy's word: an uncaught error in a hook, or its process.exit(). */
  #exited(thread: Thread, code: number): void {
    if (thread.ended) return;
    const why = thread.crash ? `its hook thread crashed: ${thread.crash.message}` : `its hook thread exited with code ${code} (process.exit() in a hook?)`;
    this.log.error({ thread: thread.index, err: thread.crash, code }, 'hook thread ended unexpectedly: replaced');
    this.#end(thread, (p) => lost(p, why));
  }

  /**
   * Ends a thread, answers what it held, and starts its replacement; one that never started
   * is started again only when next asked, so that a thread that cannot start does not loop.
   */
  #end(thread: Thread, answer: (pending: Pending) => ModuleRun | Outcome): void {
    thread.ended = true;
    void thread.worker.terminate();
    if (this.#threads[thread.index] === thread) this.#threads[thread.index] = this.#closing || !thread.ready ? undefined : this.#start(thread.index);
    for (const [id, p] of this.#pending) if (p.thread === thread) this.#settle(id, answer(p));
  }
}

/** Which of `size` threads runs hook `name`: always the same one. */
export function threadOf(name: string, size: number): number {
  return stableIndex(name, size);
}

function describe(p: Pending): string {
  return p.run ? `hook "${p.name}"` : p.name;
}

/** For a request whose thread was lost through no fault of its own. */
function lost(p: Pending, why: string): ModuleRun | Outcome {
  return p.run ? failed(why, p.started) : { error: why, again: true };
}

function revive(sent: SentError): Error {
  return Object.assign(new Error(sent.message), { name: sent.name, stack: sent.stack });
}
