import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { sign } from '../guard/sign-body.ts';
import { readdress } from '../send/readdress.ts';
import { exampleFormat, exampleGroups, listExamples, pickExample } from '../send/webhook-examples.ts';
import { version } from '../version.ts';
import { configOption } from './options.ts';
import { serverUrl } from './server-url.ts';

interface SendOptions {
  config: string;
  payload?: string;
  example?: string | true;
  url?: string;
  secret?: string;
  repo?: string;
  branch?: string;
  action?: string;
}

/**
 * `genvoy send <event>`: signs a delivery and posts it to a running genvoy as GitHub does.
 * Exit 0 on a 2xx answer, 1 on any other or when the server cannot be reached, 2 on a usage
 * or config error.
 */
export function sendCommand(program: Command): void {
  program
    .command('send')
    .description('sign a delivery and post it to a running genvoy the way GitHub does; prints the answer')
    .argument('[event]', 'the X-GitHub-Event (default: the --example\'s event)')
    .option('--payload <file>', 'the payload: a JSON file')
    .option('--example [name]', `the payload: an example GitHub documents, ${exampleFormat}; without a name, the list`)
    .option('--url <url>', "where to post (default: the config's http_host, http_port and path)")
    .option('--secret <secret>', 'the webhook secret (default: GENVOY_SECRET, else the config\'s enforce_secret; none: unsigned)')
    .option('--repo <repo>', "set the payload's repository (name or owner/name)")
    .option('--branch <branch>', "set the payload's branch (a push's ref, a pull request's base, …)")
    .option('--action <action>', "set the payload's action")
    .option(...configOption)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (event: string | undefined, options: SendOptions) => {
      process.exitCode = await send(event, options);
    });
}

async function send(event: string | undefined, options: SendOptions): Promise<number> {
  const usage = (message: string) => (process.stderr.write(`genvoy send: ${message}\n`), 2);
  if (options.example === true) return (process.stdout.write(`${listExamples(exampleGroups)}\n`), 0);
  if (options.payload !== undefined && options.example !== undefined) return usage('give --payload or --example, not both');

  let text: string | undefined;
  let payload: Record<string, unknown>;
  if (options.payload !== undefined) {
    try {
      text = await readFile(options.payload, 'utf8');
      payload = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      return usage(`--payload ${options.payload}: ${(err as Error).message}`);
    }
  } else {
    const name = options.example ?? event;
    if (name === undefined) return usage('give an event, --payload FILE or --example NAME');
    const found = pickExample(exampleGroups, name);
    if (!found) return usage(`no example "${name}" (expected ${exampleFormat}); the examples:\n${listExamples(exampleGroups)}`);
    event ??= found.event;
    payload = found.payload;
  }
  if (event === undefined) return usage('give the event: genvoy send <event> --payload FILE');

  const readdressed = options.repo !== undefined || options.branch !== undefined || options.action !== undefined;
  const body = text !== undefined && !readdressed ? text : JSON.stringify(readdressed ? readdress(event, payload, options) : payload);

  let secret = options.secret ?? (process.env.GENVOY_SECRET || undefined);
  let url = options.url;
  if (url === undefined || secret === undefined) {
    try {
      const config = await loadConfig(options.config);
      url ??= new URL(config.path || '/', serverUrl(config)).href;
      secret ??= config.secrets[0];
    } catch (err) {
      if (err instanceof ConfigError) return usage(err.message);
      throw err;
    }
  }

  const delivery = randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `GitHub-Hookshot/genvoy-${version}`,
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '0',
  };
  if (secret) {
    headers['x-hub-signature'] = sign(body, secret, 'sha1');
    headers['x-hub-signature-256'] = sign(body, secret);
  } else {
    process.stderr.write('genvoy send: no secret (--secret, GENVOY_SECRET or enforce_secret): sending unsigned\n');
  }

  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body });
  } catch (err) {
    process.stderr.write(`genvoy send: cannot reach genvoy at ${url}: ${(err as Error).cause ?? (err as Error).message}\n`);
    return 1;
  }
  const answer = await res.text();
  let shown = answer;
  try {
    shown = JSON.stringify(JSON.parse(answer), null, 2);
  } catch {}
  process.stdout.write(`delivery ${delivery} (${event}) to ${url}\n${res.status} ${res.statusText}\n${shown}\n`);
  return res.ok ? 0 : 1;
}
