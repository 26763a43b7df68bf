import { fileURLToPath } from 'node:url';
import type { Fixtures } from './fixtures.ts';
import type { ServerSpec } from './server-process.ts';

export const SYSTEM_IDS = ['module', 'script', 'bare', 'bareExec', 'webhook', 'async', 'module1', 'script1', 'async1'] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

export interface System {
  id: SystemId;
  /** Short, for ratios. */
  name: string;
  label: string;
  server: ServerSpec;
  /** The system whose server this one loads too (the same genvoy, another traffic). */
  shares?: SystemId;
  /**
   * `many`: the push in turn over the bench's repositories (an organisation's traffic); `one`:
   * all in one repository, as a burst on a busy repository is (genvoy's per-repository order).
   */
  repositories: 'many' | 'one';
  /**
   * `same`: one push sent for a while at 1 and 32 connections, each request with its own
   * delivery id (the core figures); `distinct`: a set number of deliveries at 64 connections,
   * every one of which must then be found journaled and run.
   */
  load: 'same' | 'distinct';
  /** Whether an answer (parsed as JSON if it is; its text) shows the delivery went all the way (for genvoy: the push hook ran). */
  accepts(answer: unknown, text: string): boolean;
}

/** Where adnanh/webhook runs, when its binary is there. */
export interface WebhookServer {
  binary: string;
  port: number;
}

const repo = fileURLToPath(new URL('..', import.meta.url));
// A GENVOY_SECRET in the caller's environment would override the configs' enforce_secret.
const { GENVOY_SECRET: _, ...env } = process.env;

/** The servers measured side by side: genvoy three ways under two kinds of traffic, and the yardsticks beside them. */
export function systems(fixtures: Fixtures, secret: string, webhook: WebhookServer | undefined): System[] {
  const bare = (extra: string[] = []) => node(['--import', 'tsx', 'bench/bare-server.ts', '--secret', secret, ...extra]);
  const module = genvoy(fixtures.moduleConfig);
  const script = genvoy(fixtures.scriptConfig);
  const async = genvoy(fixtures.asyncConfig);
  const asyncLabel = 'genvoy, `dispatch: "async"` with the journal on (answers 202 once the delivery is in SQLite; push.ts appends the delivery id to a file)';
  const list: System[] = [
    { id: 'module', name: 'module hook', label: 'genvoy, module hook (push.ts)', server: module, repositories: 'many', load: 'same', accepts: hookRan },
    { id: 'script', name: 'legacy script', label: 'genvoy, legacy script (push: sh exit 0)', server: script, repositories: 'many', load: 'same', accepts: hookRan },
    { id: 'bare', name: 'bare', label: 'bare node:http + HMAC + parse (yardstick)', server: bare(), repositories: 'many', load: 'same', accepts: isOk },
    { id: 'bareExec', name: 'bare + execFile', label: 'bare + execFile of the same script', server: bare(['--exec', fixtures.script]), repositories: 'many', load: 'same', accepts: isOk },
    { id: 'async', name: 'async + journal', label: asyncLabel, server: async, repositories: 'many', load: 'distinct', accepts: pushAccepted },
    { id: 'module1', name: 'module hook, 1 repo', label: 'the module hook genvoy, every delivery in one repository', server: module, shares: 'module', repositories: 'one', load: 'same', accepts: hookRan },
    { id: 'script1', name: 'legacy script, 1 repo', label: 'the legacy script genvoy, every delivery in one repository', server: script, shares: 'script', repositories: 'one', load: 'same', accepts: hookRan },
    { id: 'async1', name: 'async + journal, 1 repo', label: 'the async genvoy, every delivery in one repository', server: async, shares: 'async', repositories: 'one', load: 'distinct', accepts: pushAccepted },
  ];
  if (webhook) {
    const url = `http://127.0.0.1:${webhook.port}/hooks/push`;
    const server = { command: webhook.binary, args: ['-hooks', fixtures.webhookHooks, '-ip', '127.0.0.1', '-port', String(webhook.port)], cwd: repo, env, url };
    list.push({ id: 'webhook', name: 'adnanh/webhook', label: 'adnanh/webhook (Go; checks the HMAC, runs the same script, answers once it has ended)', server, repositories: 'many', load: 'same', accepts: webhookRan });
  }
  return list;
}

/** genvoy as shipped (config/config.json and hooks/), for its memory at rest. */
export function shippedServer(fixtures: Fixtures): ServerSpec {
  return genvoy(fixtures.shippedConfig);
}

function node(args: string[]): ServerSpec {
  return { command: process.execPath, args, cwd: repo, env };
}

function genvoy(config: string): ServerSpec {
  // As `npm start` and the Docker image run it.
  return node(['--max-semi-space-size=4', 'bin/genvoy.js', 'serve', '--config', config, '--port', '0']);
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

/** webhook answers the command's output (none here); a failed signature check has a text of its own. */
function webhookRan(_answer: unknown, text: string): boolean {
  return text === '';
}
