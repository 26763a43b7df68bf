import type { HookResult } from './hook-result.ts';

/**
 * The body GitHub shows under "Recent Deliveries": every hook's result keyed by its name
 * (`return_scripts_info`), else only that the hooks ran; `nop` when no hook matched.
 */
export function answer(results: Record<string, HookResult>, returnScriptsInfo: boolean): object {
  if (Object.keys(results).length === 0) return { status: 'nop' };
  return returnScriptsInfo ? results : { status: 'done' };
}

/**
 * A 202's body: the delivery is journaled and its hooks run (or go on running) after the
 * answer; `finished` holds the ones done by then.
 */
export function accepted(id: string, hooks: readonly string[], finished: Record<string, HookResult>, returnScriptsInfo: boolean): object {
  const body: Record<string, unknown> = { status: 'accepted', delivery: id, hooks };
  if (returnScriptsInfo && Object.keys(finished).length > 0) body.finished = finished;
  return body;
}
