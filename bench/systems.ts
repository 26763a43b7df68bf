import { fileURLToPath } from 'node:url';
import type { Fixtures } from './fixtures.ts';
import type { ServerSpec } from './server-process.ts';

export const SYSTEM_IDS = ['module', 'script', 'bare', 'bareExec', 'async'] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

export interface System {
  id: SystemId;
  /** Short, for ratios. */
  name: string;
  label: string;
  server: ServerSpec;
  /**
   * `same`: one push sent for a while at 1 and 32 connections, each request with its own
   * delivery id (the core figures); `distinct`: a set number of deliveries at 64 connections,
   * every one of which must then be found journaled and run.
   */
  load: 'same' | 'distinct';
  /** Whether an answer shows the delivery went all the way (for genvoy: the push hook ran). */
  accepts(answer: unknown): boolean;
}

const repo = fileURLToPath(new URL('..', import.meta.url));
// A GENVOY_SECRET in the caller's environment would override the configs' enforce_secret.
const { GENVOY_SECRET: _, ...env } = process.env;

/** The servers measured side by side: genvoy three ways, and the two yardsticks beside them. */
export function systems(fixtures: Fixtures, secret: string): System[] {
  const node = (args: string[]): ServerSpec => ({ command: process.execPath, args, cwd: repo, env });
  const genvoy = (config: string) => node(['bin/genvoy.js', 'serve', '--config', config, '--port', '0']);
  const bare = (extra: string[] = []) => node(['--import', 'tsx', 'bench/bare-server.ts', '--secret', secret, ...extra]);
  return [
    { id: 'module', name: 'module hook', label: 'genvoy, module hook (push.ts)', server: genvoy(fixtures.moduleConfig), load: 'same', accepts: hookRan },
    { id: 'script', name: 'legacy script', label: 'genvoy, legacy script (push: sh exit 0)', server: genvoy(fixtures.scriptConfig), load: 'same', accepts: hookRan },
    { id: 'bare', name: 'bare', label: 'bare node:http + HMAC + parse (yardstick)', server: bare(), load: 'same', accepts: isOk },
    { id: 'bareExec', name: 'bare + execFile', label: 'bare + execFile of the same script', server: bare(['--exec', fixtures.script]), load: 'same', accepts: isOk },
    {
      id: 'async',
      name: 'async + journal',
      label: 'genvoy, `dispatch: "async"` with the journal on (answers 202 once the delivery is in SQLite; push.ts appends the delivery id to a file)',
      server: genvoy(fixtures.asyncConfig),
      load: 'distinct',
      accepts: pushAccepted,
    },
  ];
}

/** In async mode the answer says the delivery is journaled and which hooks will run. */
function pushAccepted(answer: unknown): boolean {
  const { status, hooks } = (answer ?? {}) as { status?: string; hooks?: unknown };
  return status === 'accepted' && Array.isArray(hooks) && hooks.includes('push');
}

/** genvoy answers each hook's result by name (return_scripts_info). */
function hookRan(answer: unknown): boolean {
  return (answer as { push?: { status?: string } } | null)?.push?.status === 'ok';
}

function isOk(answer: unknown): boolean {
  return (answer as { status?: string } | null)?.status === 'ok';
}
