import type { Logger } from '../base/logger.ts';
import type { GitHubConnection } from '../config/schema.ts';
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
  /** For a legacy script's GENVOY_GITHUB_TOKEN. */
  github: GitHubConnection;
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
    let token: string | undefined;
    let refused: HookResult | undefined;
    try {
      token = await gitHubToken(options.github, delivery, options.log);
    } catch (err) {
      // GitHub unreachable or the App refused: the script fails, so that a retry runs it later with its token.
      refused = failed(`GENVOY_GITHUB_TOKEN: cannot get the installation's token from GitHub: ${(err as Error).message}`, started);
    }
    result = refused ?? (await runScript(hook.file, delivery, token, options));
  }
  const fields = { parent, kind: hook?.kind, status: result.status, returncode: result.returncode, duration_ms: result.duration_ms };
  if (result.status === 'failed' || result.status === 'timeout') options.log().error({ hook: name, ...fields, stderr: tail(result.stderr), err: error }, 'hook failed');
  else if (options.debug) options.log().debug({ hook: name, ...fields }, 'hook ran');
  return result;
}

function runScript(file: string, delivery: Delivery, token: string | undefined, options: RunOptions): Promise<HookResult> {
  return options.spawner
    .run({
      file,
      event: delivery.event,
      payload: delivery.json,
      vars: {
        GENVOY_EVENT: delivery.event,
        GENVOY_DELIVERY: delivery.id,
        GENVOY_REPO: delivery.repository ?? '',
        GENVOY_BRANCH: delivery.branch ?? '',
        ...(token !== undefined && { GENVOY_GITHUB_TOKEN: token }),
      },
      cwd: process.cwd(),
      timeoutMs: options.timeoutMs,
    })
    .then(({ id: _, ...reply }) => reply);
}

/**
 * A script's GENVOY_GITHUB_TOKEN: the token, or under github_app the installation's (made or
 * cached; GitHub's client is loaded only then).
 */
async function gitHubToken(github: GitHubConnection, delivery: Delivery, log: () => Logger): Promise<string | undefined> {
  if (github.auth.kind === 'none') return undefined;
  if (github.auth.kind === 'token') return github.auth.token;
  const { scriptToken } = await import('../github/hook-client.ts');
  return scriptToken(github, delivery.payload, log());
}

function tail(text: string): string {
  return text.length > 2000 ? `…${text.slice(-2000)}` : text;
}
