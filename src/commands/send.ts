import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config/load-config.ts';
import { sign } from '../pipeline/guard/sign-body.ts';
import { branchPlace } from '../pipeline/parse/branch-places.ts';
import { readdress, type Address } from './support/readdress.ts';
import { exampleFormat, exampleGroups, listExamples, pickExample } from '../testing/webhook-examples.ts';
import { version } from '../base/version.ts';
import { configured } from './support/configured.ts';
import { fetchFailure } from '../base/fetch-failure.ts';
import { configOption, seconds } from './support/options.ts';
import { prettyJson } from './support/pretty-json.ts';
import { printableLines } from './support/printable.ts';
import { serverUrl } from './support/server-url.ts';

interface SendOptions extends Address {
  config: string;
  payload?: string;
  example?: string | true;
  url?: string;
  secret?: string;
  timeout: number;
}

/**
 * `genvoy send <event>`: signs a delivery and posts it to a running genvoy as GitHub does.
 * Exit 0 on a 2xx answer, 1 on any other, or when the server cannot be reached or does not
 * answer in time, 2 on a usage or config error.
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
    .option('--timeout <s>', 'give up on an answer after this many seconds (GitHub waits 10)', seconds, 30)
    .option(...configOption)
    .action(async (event: string | undefined, options: SendOptions, command: Command) => {
      process.exitCode = await send(event, options, command.getOptionValueSource('config') === 'default');
    });
}

/** `defaultConfig`: --config was not given, so a missing config file is no error where --url says where to send. */
async function send(event: string | undefined, options: SendOptions, defaultConfig: boolean): Promise<number> {
  const usage = (message: string) => (process.stderr.write(`genvoy send: ${message}\n`), 2);
  if (options.example === true) return (process.stdout.write(`${listExamples(exampleGroups())}\n`), 0);
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
    const found = pickExample(exampleGroups(), name);
    if (!found) return usage(`no example "${name}" (expected ${exampleFormat}); the examples:\n${listExamples(exampleGroups())}`);
    event ??= found.event;
    payload = found.payload;
  }
  if (event === undefined) return usage('give the event: genvoy send <event> --payload FILE');

  if (options.branch !== undefined && !branchPlace(event, payload)) {
    process.stderr.write(`genvoy send: --branch: a ${event} delivery carries no branch (routing reads none from it): sending it without\n`);
  }
  const readdressed = options.repo !== undefined || options.branch !== undefined || options.action !== undefined;
  const body = text !== undefined && !readdressed ? text : JSON.stringify(readdressed ? readdress(event, payload, options) : payload);

  let secret = options.secret ?? (process.env.GENVOY_SECRET || undefined);
  let url = options.url;
  // With --url the config is read only for its secret: where there is no config file (and
  // --config named none), there is no secret, and the delivery goes unsigned.
  if (url === undefined || (secret === undefined && (!defaultConfig || existsSync(options.config)))) {
    const config = await configured('send', () => loadConfig(options.config));
    if (config === 2) return 2;
    url ??= new URL(config.path || '/', serverUrl(config)).href;
    secret ??= config.secrets[0];
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

  process.stdout.write(`delivery ${delivery} (${event}) to ${url}\n`);
  const failed = (message: string) => (process.stderr.write(`genvoy send: ${message}\n`), 1);
  const timedOut = (err: unknown) => (err as Error).name === 'TimeoutError';
  // One deadline for the whole exchange: a server may stall before its answer or halfway through it.
  const signal = AbortSignal.timeout(options.timeout * 1000);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal });
  } catch (err) {
    return failed(timedOut(err) ? `no answer from ${url} within ${options.timeout} s` : `cannot reach genvoy at ${url}: ${fetchFailure(err)}`);
  }
  process.stdout.write(`${res.status} ${res.statusText}\n`);
  let answer: string;
  try {
    answer = await res.text();
  } catch (err) {
    return failed(timedOut(err) ? `the answer from ${url} did not end within ${options.timeout} s` : `the answer from ${url} broke off: ${fetchFailure(err)}`);
  }
  // Hooks' output is in the answer: printed escaped, and JSON laid out from its text (any depth).
  let shown: string;
  try {
    JSON.parse(answer);
    shown = prettyJson(answer);
  } catch {
    shown = printableLines(answer).join('\n');
  }
  process.stdout.write(`${shown}\n`);
  return res.ok ? 0 : 1;
}
