import type { HookContext } from '../index.ts';
import type { CompiledModule } from '../hook-folder/compile-module.ts';
import { failed, since, type HookResult } from './hook-result.ts';
import { holds } from './when.ts';

type Fn = (...args: unknown[]) => unknown;

/**
 * Runs a module hook in-process: its `when` first, then `handle(payload, event, context)`.
 * Whatever it returns becomes stdout (as JSON); what it throws, stderr. At the timeout the
 * context's signal is aborted and the hook counts as timed out; the server moves on.
 */
export async function runModule(
  load: Promise<CompiledModule>,
  payload: object,
  context: Omit<HookContext, 'signal'>,
  timeoutMs: number,
): Promise<HookResult & { error?: unknown }> {
  const started = performance.now();
  let exports: Record<string, unknown>;
  try {
    ({ exports } = await load);
  } catch (err) {
    return failed(`hook module failed to load: ${(err as Error).message}`, started);
  }
  const source = typeof exports.handle === 'function' ? exports : ((exports.default as Record<string, unknown> | undefined) ?? {});
  const { handle, when } = source;
  if (typeof handle !== 'function') return failed('hook module does not export a handle() function', started);

  // The signal is made when a hook asks for it (or at the timeout): most never do.
  let controller: AbortController | undefined;
  const ctx = Object.defineProperty(context, 'signal', { get: () => (controller ??= new AbortController()).signal, enumerable: true }) as HookContext;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      (controller ??= new AbortController()).abort(new Error(`hook timed out after ${timeoutMs / 1000} s`));
      resolve('timeout');
    }, timeoutMs);
  });
  const work = (async () => {
    if (when !== undefined) {
      const ok = typeof when === 'string' ? holds(when, payload) : await (when as Fn)(payload, ctx.event, ctx);
      if (!ok) return { skipped: typeof when === 'string' ? `when: ${when}` : 'when() returned false' };
    }
    return { value: await (handle as Fn)(payload, ctx.event, ctx) };
  })();
  try {
    const outcome = await Promise.race([work, deadline]);
    if (outcome === 'timeout') {
      work.catch(() => {}); // it may still fail later; that is no longer anyone's business
      return failed(`timed out after ${timeoutMs / 1000} s`, started, 'timeout');
    }
    if ('skipped' in outcome) {
      return { returncode: 0, stdout: '', stderr: '', status: 'skipped', duration_ms: since(started), reason: outcome.skipped };
    }
    return { returncode: 0, stdout: stringify(outcome.value), stderr: '', status: 'ok', duration_ms: since(started) };
  } catch (err) {
    return { ...failed(err instanceof Error ? err.message : String(err), started), error: err };
  } finally {
    clearTimeout(timer);
  }
}

function stringify(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    return `(return value not serialisable: ${(err as Error).message})`;
  }
}
