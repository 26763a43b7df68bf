import type { CompiledModule } from '../hook-folder/compile-module.ts';
import type { RunContext } from './hook-context.ts';
import { failed, since, type HookResult } from './hook-result.ts';
import { holds } from './when.ts';

type Fn = (...args: unknown[]) => unknown;

const TIMEOUT = Symbol('timeout');

/**
 * Runs a module hook in-process: its `when` first, then `handle(payload, event, context)`.
 * Whatever it returns becomes stdout (as JSON); what it throws, stderr. A hook that returns
 * a promise gets a timer: at the timeout the context's signal is aborted and the hook
 * counts as timed out; the server moves on. One that returns at once needs no timer.
 */
export async function runModule(
  module: CompiledModule | Promise<CompiledModule>,
  payload: object,
  ctx: RunContext,
  timeoutMs: number,
): Promise<HookResult & { error?: unknown }> {
  const started = performance.now();
  let exports: Record<string, unknown>;
  try {
    ({ exports } = module instanceof Promise ? await module : module);
  } catch (err) {
    return failed(`hook module failed to load: ${(err as Error).message}`, started);
  }
  const source = typeof exports.handle === 'function' ? exports : ((exports.default as Record<string, unknown> | undefined) ?? {});
  const { handle, when } = source;
  if (typeof handle !== 'function') return failed('hook module does not export a handle() function', started);

  const timeoutMessage = `timed out after ${timeoutMs / 1000} s`;
  let timer: NodeJS.Timeout | undefined;
  let deadline: Promise<typeof TIMEOUT> | undefined;
  const settle = (pending: PromiseLike<unknown>) => {
    deadline ??= new Promise((resolve) => {
      timer = setTimeout(() => {
        ctx.abort(new Error(`hook ${timeoutMessage}`));
        resolve(TIMEOUT);
      }, timeoutMs);
    });
    const settled = Promise.resolve(pending); // calls then() once: some thenables run a query per call
    settled.catch(() => {}); // past the timeout its failure is no longer anyone's business
    return Promise.race([settled, deadline]);
  };
  try {
    if (when !== undefined) {
      let ok = typeof when === 'string' ? holds(when, payload) : (when as Fn)(payload, ctx.event, ctx);
      if (isThenable(ok)) ok = await settle(ok);
      if (ok === TIMEOUT) return failed(timeoutMessage, started, 'timeout');
      if (!ok) {
        const reason = typeof when === 'string' ? `when: ${when}` : 'when() returned false';
        return { returncode: 0, stdout: '', stderr: '', status: 'skipped', duration_ms: since(started), reason };
      }
    }
    let value = (handle as Fn)(payload, ctx.event, ctx);
    if (isThenable(value)) value = await settle(value);
    if (value === TIMEOUT) return failed(timeoutMessage, started, 'timeout');
    return { returncode: 0, stdout: stringify(value), stderr: '', status: 'ok', duration_ms: since(started) };
  } catch (err) {
    return { ...failed(err instanceof Error ? err.message : String(err), started), error: err };
  } finally {
    clearTimeout(timer);
  }
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
