import type { Logger } from '../base/logger.ts';
import { failed, type HookResult } from '../pipeline/answer/hook-result.ts';
import type { Delivery } from '../pipeline/parse/delivery.ts';
import type { RouteStep } from '../pipeline/route/route.ts';
import type { HookFolder } from './hook-folder/hook-folder.ts';
import type { SpawnerPool } from './scripts/spawner-pool.ts';

export interface RunOptions {
  folder: HookFolder;
  spawner: SpawnerPool;
  timeoutMs: number;
  /** The delivery's logger, made on first use. */
  log: () => Logger;
  /** Whether a line per hook that ran is wanted. */
  debug: boolean;
}

/**
 * Runs one routed hook: a module in its hook thread, a script through a spawner. A hook that
 * fails, throws or times out is logged with its error; the order of a delivery's hooks, and
 * what follows a failure, are the dispatcher's.
 */
export async function runHook({ hook: name, parent }: RouteStep, delivery: Delivery, options: RunOptions): Promise<HookResult> {
  const hook = options.folder.get(name);
  const started = performance.now();
  let result: HookResult;
  let error: unknown; // a module's exception, for its stack in the log
  if (!hook) {
    result = failed('hook file disappeared before it could run', started);
  } else if (hook.kind === 'module') {
    ({ error, ...result } = await options.folder.run(hook, delivery, options.timeoutMs));
  } else {
    const { id: _, ...reply } = await options.spawner.run({
      file: hook.file,
      event: delivery.event,
      payload: delivery.json,
      vars: {
        GENVOY_EVENT: delivery.event,
        GENVOY_DELIVERY: delivery.id,
        GENVOY_REPO: delivery.repository ?? '',
        GENVOY_BRANCH: delivery.branch ?? '',
      },
      cwd: process.cwd(),
      timeoutMs: options.timeoutMs,
    });
    result = reply;
  }
  const fields = { parent, kind: hook?.kind, status: result.status, returncode: result.returncode, duration_ms: result.duration_ms };
  if (result.status === 'failed' || result.status === 'timeout') options.log().error({ hook: name, ...fields, stderr: tail(result.stderr), err: error }, 'hook failed');
  else if (options.debug) options.log().debug({ hook: name, ...fields }, 'hook ran');
  return result;
}

function tail(text: string): string {
  return text.length > 2000 ? `…${text.slice(-2000)}` : text;
}
