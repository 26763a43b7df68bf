import type { GitHubConnection } from '../../config/schema.ts';
import type { HookResult } from '../../pipeline/answer/hook-result.ts';
import type { Pins } from '../../pipeline/route/pinned-reading.ts';

/**
 * The messages between genvoy's main thread and a hook thread (module-thread.ts). Every
 * request carries an id from one counter, so that the thread can say, in `busy`, whose
 * module code it is executing.
 */
export type ToThread = LoadRequest | RunRequest | UnloadRequest | CloseRequest | GitHubChange;

/** Runs a bundled version of a module (its top level); the thread keeps it as the module's current version. */
export interface LoadRequest {
  type: 'load';
  id: number;
  file: string;
  code: string;
  /** The provided modules it imports, which the thread imports first. */
  needs: readonly string[];
}

/** Runs a module's `when` and `handle` for one delivery. */
export interface RunRequest {
  type: 'run';
  id: number;
  file: string;
  /**
   * The payload's JSON bytes as received: decoded and parsed in the thread, never cloned as an
   * object nor turned into text on the thread that answers HTTP (a large one would hold it up).
   */
  json: Uint8Array;
  delivery: string;
  event: string;
  action: string | undefined;
  repository: string | undefined;
  branch: string | undefined;
  hook: string;
  timeoutMs: number;
  /** genvoy's log level now (it follows config edits). */
  level: string;
}

/** How hooks reach GitHub now (the config changed): context.octokit of the runs after it. */
export interface GitHubChange {
  type: 'github';
  connection: GitHubConnection;
}

/** Forgets a module, calling its dispose(). */
export interface UnloadRequest {
  type: 'unload';
  id: number;
  file: string;
}

/** Disposes every module; the thread is ended after the answer. */
export interface CloseRequest {
  type: 'close';
  id: number;
}

export type FromThread = Ready | Done | Ran | LogLine | ThreadEvent;

/** The thread has started and takes requests. */
export interface Ready {
  type: 'ready';
}

/** A load, unload or close finished; `error` is why a load failed. */
export interface Done {
  type: 'done';
  id: number;
  error?: string;
  /** What a module loaded pins (its repository, its branch), for the log at the start. */
  pins?: Pins;
  /** Whether a module loaded keeps its repository's order (it does unless it exports `ordered = false`). */
  ordered?: boolean;
}

export interface Ran {
  type: 'ran';
  id: number;
  result: HookResult;
  /** What the hook threw, for its stack in the log. */
  error?: SentError;
}

/** A line a hook logged through context.log, as pino wrote it. */
export interface LogLine {
  type: 'log';
  line: string;
}

/** Something the thread wants in genvoy's log (a dispose() that threw). */
export interface ThreadEvent {
  type: 'event';
  fields: Record<string, unknown>;
  msg: string;
}

export interface SentError {
  name: string;
  message: string;
  stack: string | undefined;
}

/**
 * Shared between the main thread and a hook thread: at BUSY the id of the request whose
 * module code the thread is executing (0 when none), at BEATS a counter the thread bumps
 * while its event loop turns. A thread whose beats stop is stuck in a loop.
 */
export const BUSY = 0;
export const BEATS = 1;
export const BEAT_MS = 100;
/** At BUSY while the thread does genvoy's own work (loading a library): its requests' time stands still. */
export const GENVOY = -1;
