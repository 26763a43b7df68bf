import { holds } from '../../base/expression.ts';
import { failed, since, timedOut, timeoutMessage, type HookResult } from '../../pipeline/answer/hook-result.ts';
import type { RunContext } from './hook-context.ts';

type Fn = (...args: unknown[]) => unknown;

const TIMEOUT = Symbol('timeout');

/**
 * Runs a loaded module hook (in its hook thread): its `when` first, then
 * `handle(payload, event, context)`. Whatever it returns becomes stdout (as JSON); what it
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
  const { handle, when } = hookOf(exports);
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
  try {
    if (when !== undefined) {
      let ok = typeof when === 'string' ? holds(when, payload) : call(when as Fn);
      if (isThenable(ok)) ok = await settle(ok);
      if (ok === TIMEOUT) return timedOut(timeoutMs, started);
      if (!ok) {
        const reason = typeof when === 'string' ? `when: ${when}` : 'when() returned false';
        return { returncode: 0, stdout: '', stderr: '', status: 'skipped', duration_ms: since(started), reason };
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
