import { holds } from '../../base/expression.ts';
import { failed, since, skipped, timedOut, timeoutMessage, type HookResult } from '../../pipeline/answer/hook-result.ts';
import { pinMismatch, pinsOf } from '../../pipeline/route/pinned-reading.ts';
import type { RunContext } from './hook-context.ts';

type Fn = (...args: unknown[]) => unknown;

const TIMEOUT = Symbol('timeout');

/**
 * Runs a loaded module hook (in its hook thread): the repository and branch it pins first,
 * then its `when`, then `handle(payload, event, context)`. Whatever it returns becomes stdout (as JSON); what it
 * throws, stderr. A hook that returns a promise gets a timer, counted from the start: at
 * the timeout the context's signal is aborted and the hook counts as timed out. One that
 * returns at once needs no timer. `running` is told when module code is entered and left,
 * so that genvoy knows which hook a stuck thread is stuck in.
 */
export async function runModule(
  exports: Record<string, unknown>,
  payload: object,
  ctx: RunContext,
  timeoutMs: number,
  running: (inside: boolean) => void,
): Promise<HookResult & { error?: unknown }> {
  const started = performance.now();
  const hook = hookOf(exports);
  const { handle, when } = hook;
  if (typeof handle !== 'function') return failed('hook module does not export a handle() function', started);

  let timer: NodeJS.Timeout | undefined;
  let deadline: Promise<typeof TIMEOUT> | undefined;
  const settle = (pending: PromiseLike<unknown>) => {
    deadline ??= new Promise((resolve) => {
      timer = setTimeout(() => {
        ctx.abort(new Error(`hook ${timeoutMessage(timeoutMs)}`));
        resolve(TIMEOUT);
      }, Math.max(0, timeoutMs - (performance.now() - started)));
    });
    const settled = Promise.resolve(pending); // calls then() once: some thenables run a query per call
    settled.catch(() => {}); // past the timeout its failure is no longer anyone's business
    return Promise.race([settled, deadline]);
  };
  const call = (fn: Fn): unknown => {
    running(true);
    try {
      return fn(payload, ctx.event, ctx);
    } finally {
      running(false);
    }
  };
  // Pinned to one reading of its name: another delivery skips it before any of its code runs.
  const mismatch = pinMismatch(pinsOf(hook).pins, { repository: ctx.repository, fullName: fullNameOf(payload), branch: ctx.branch });
  if (mismatch !== undefined) return skipped(mismatch, started);
  try {
    if (when !== undefined) {
      let ok = typeof when === 'string' ? holds(when, payload) : call(when as Fn);
      if (isThenable(ok)) ok = await settle(ok);
      if (ok === TIMEOUT) return timedOut(timeoutMs, started);
      if (!ok) {
        return skipped(typeof when === 'string' ? `when: ${when}` : 'when() returned false', started);
      }
    }
    let value = call(handle as Fn);
    if (isThenable(value)) value = await settle(value);
    if (value === TIMEOUT) return timedOut(timeoutMs, started);
    return { returncode: 0, stdout: stringify(value), stderr: '', status: 'ok', duration_ms: since(started) };
  } catch (err) {
    return { ...failed(err instanceof Error ? err.message : String(err), started), error: err };
  } finally {
    clearTimeout(timer);
  }
}

/** What genvoy reads of a module: its own exports, or those of its default export (defineHook). */
export function hookOf(exports: Record<string, unknown>): Record<string, unknown> {
  return typeof exports.handle === 'function' ? exports : ((exports.default as Record<string, unknown> | undefined) ?? {});
}

function fullNameOf(payload: object): string | undefined {
  const fullName = (payload as { repository?: { full_name?: unknown } }).repository?.full_name;
  return typeof fullName === 'string' ? fullName : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function stringify(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    return `(return value not serialisable: ${(err as Error).message})`;
  }
}
