import type { HookResult } from '../run/hook-result.ts';

/**
 * The body GitHub shows under "Recent Deliveries": every hook's result keyed by its name
 * (`return_scripts_info`), else only that the hooks ran; `nop` when no hook matched.
 */
export function answer(results: Record<string, HookResult>, returnScriptsInfo: boolean): object {
  if (Object.keys(results).length === 0) return { status: 'nop' };
  return returnScriptsInfo ? results : { status: 'done' };
}
