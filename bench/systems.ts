import { fileURLToPath } from 'node:url';
import type { Fixtures } from './fixtures.ts';
import type { ServerSpec } from './server-process.ts';

export type SystemId = 'module' | 'script' | 'bare' | 'bareExec';

export interface System {
  id: SystemId;
  /** Short, for ratios. */
  name: string;
  label: string;
  server: ServerSpec;
  /** Whether an answer shows the delivery went all the way (for genvoy: the push hook ran). */
  accepts(answer: unknown): boolean;
}

const repo = fileURLToPath(new URL('..', import.meta.url));
// A GENVOY_SECRET in the caller's environment would override the configs' enforce_secret.
const { GENVOY_SECRET: _, ...env } = process.env;

/** The four servers measured side by side: genvoy twice, and the two yardsticks beside them. */
export function systems(fixtures: Fixtures, secret: string): System[] {
  const node = (args: string[]): ServerSpec => ({ command: process.execPath, args, cwd: repo, env });
  const genvoy = (config: string) => node(['bin/genvoy.js', 'serve', '--config', config, '--port', '0']);
  const bare = (extra: string[] = []) => node(['--import', 'tsx', 'bench/bare-server.ts', '--secret', secret, ...extra]);
  return [
    { id: 'module', name: 'module hook', label: 'genvoy, module hook (push.ts)', server: genvoy(fixtures.moduleConfig), accepts: hookRan },
    { id: 'script', name: 'legacy script', label: 'genvoy, legacy script (push: sh exit 0)', server: genvoy(fixtures.scriptConfig), accepts: hookRan },
    { id: 'bare', name: 'bare', label: 'bare node:http + HMAC + parse (yardstick)', server: bare(), accepts: isOk },
    { id: 'bareExec', name: 'bare + execFile', label: 'bare + execFile of the same script', server: bare(['--exec', fixtures.script]), accepts: isOk },
  ];
}

/** genvoy answers each hook's result by name (return_scripts_info). */
function hookRan(answer: unknown): boolean {
  return (answer as { push?: { status?: string } } | null)?.push?.status === 'ok';
}

function isOk(answer: unknown): boolean {
  return (answer as { status?: string } | null)?.status === 'ok';
}
