import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webhookHooks } from './webhook.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** A script that does nothing, so that what is measured is the cost of running one at all. */
export const NOOP_SCRIPT = '#!/bin/sh\nexit 0\n';
/** A module hook that does nothing, so that what is measured is genvoy's request path. */
export const NOOP_MODULE = 'export const handle = () => 1;\n';

/** A module hook that leaves a trace of each run and nothing more: one line, the delivery id, appended to `file`. */
function traceModule(file: string): string {
  return `import { appendFileSync } from 'node:fs';\nexport const handle = (_payload, _event, context) => appendFileSync(${JSON.stringify(file)}, context.delivery + '\\n');\n`;
}

export interface Fixtures {
  /** genvoy config whose hooks folder holds only `push.ts`. */
  moduleConfig: string;
  /** genvoy config whose hooks folder holds only the executable `push`. */
  scriptConfig: string;
  /** The `push` script itself, which the bare + execFile yardstick runs too. */
  script: string;
  /** genvoy config with `dispatch: "async"` and its journal in `journal`; its `push.ts` appends each delivery id to `ran`. */
  asyncConfig: string;
  journal: string;
  ran: string;
  /** adnanh/webhook's hooks file: the same script, behind the same signature check. */
  webhookHooks: string;
  /** genvoy's shipped config/config.json and hooks/, with its journal in a temporary folder. */
  shippedConfig: string;
  remove(): Promise<void>;
}

/** Temporary hooks folders and configs, one pair per genvoy variant. */
export async function createFixtures(secret: string): Promise<Fixtures> {
  const root = await mkdtemp(join(tmpdir(), 'genvoy-bench-'));
  // Also on Ctrl-C, where process.exit skips the caller's `finally`.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const moduleConfig = await genvoyFolder(root, 'module', secret, { 'push.ts': NOOP_MODULE });
  const scriptConfig = await genvoyFolder(root, 'script', secret, { push: NOOP_SCRIPT });
  const script = join(root, 'script', 'hooks', 'push');
  await chmod(script, 0o755);
  const journal = join(root, 'async', 'journal.db');
  const ran = join(root, 'async', 'ran');
  const asyncConfig = await genvoyFolder(root, 'async', secret, { 'push.ts': traceModule(ran) }, { dispatch: 'async', journal_path: journal });
  const webhook = join(root, 'webhook.json');
  await writeFile(webhook, webhookHooks(script, secret, root));
  const shippedConfig = await shipped(root);
  return { moduleConfig, scriptConfig, script, asyncConfig, journal, ran, webhookHooks: webhook, shippedConfig, remove: () => rm(root, { recursive: true, force: true }) };
}

/** The shipped config as it is, but for the paths: the repository's hooks, a journal of its own. */
async function shipped(root: string): Promise<string> {
  const config = JSON.parse(await readFile(join(repo, 'config', 'config.json'), 'utf8')) as Record<string, unknown>;
  const dir = join(root, 'shipped');
  await mkdir(dir);
  const file = join(dir, 'config.json');
  await writeFile(file, `${JSON.stringify({ ...config, hooks_path: join(repo, 'hooks'), journal_path: join(dir, 'genvoy.db') }, null, 2)}\n`);
  return file;
}

async function genvoyFolder(root: string, name: string, secret: string, hooks: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = join(root, name);
  const hooksPath = join(dir, 'hooks');
  await mkdir(hooksPath, { recursive: true });
  for (const [file, text] of Object.entries(hooks)) await writeFile(join(hooksPath, file), text);
  const config = {
    http_host: '127.0.0.1',
    github_ips_only: false,
    enforce_secret: secret,
    return_scripts_info: true,
    hooks_path: hooksPath,
    // Per-delivery info lines would measure pino and the pipe rather than genvoy.
    debug_level: 'WARNING',
    ...extra,
  };
  const file = join(dir, 'config.json');
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
