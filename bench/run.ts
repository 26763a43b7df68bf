/**
 * The load benchmark. genvoy (with a module hook, then with a legacy script) and the yardsticks
 * (bare node:http; bare + execFile; adnanh/webhook, if installed) each run as their own process
 * on 127.0.0.1 and take the same signed push at 1 and 32 connections, in interleaved rounds;
 * genvoy takes it both spread over many repositories and all in one. In the same rounds genvoy
 * in async mode takes distinct deliveries at 64 connections (both ways), and at the end the
 * journal and the hook's trace must account for every one; each round also reads the memory of
 * a fresh `genvoy serve` with the shipped config at rest. Prints the results, the ratios and the
 * targets, and rewrites BENCHMARKS.md.
 *
 *   npm run bench [-- --rounds 3 --duration 5 --warmup 1 --deliveries 10000 --only async,bare --out BENCHMARKS.md]
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.ts';
import { createFixtures, type Fixtures } from './fixtures.ts';
import { mib } from './format.ts';
import { idleRss } from './idle-memory.ts';
import { checkJournal } from './journal-check.ts';
import { journalRound, type JournalRound } from './journal-round.ts';
import { load } from './load.ts';
import { treeRss } from './memory.ts';
import { describeMachine } from './machine.ts';
import { signedPush, type SignedDelivery } from './payload.ts';
import { keepBlocks } from './report-file.ts';
import { markdown, sections } from './report.ts';
import { startServer, stopAllServers, type RunningServer } from './server-process.ts';
import { parseSettings, type Settings } from './settings.ts';
import { CONNECTIONS, DISTINCT_CONNECTIONS, ratios, summarise, type Sample } from './summary.ts';
import { shippedServer, systems, type System, type SystemId, type WebhookServer } from './systems.ts';
import { checkTargets, type MemoryFigures } from './targets.ts';
import { findWebhook, WEBHOOK_PACKAGE } from './webhook.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const settings = parseSettings(args);
// Ctrl-C or kill: exit, and server-process.ts's exit hook kills the servers.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const date = new Date().toUTCString();
const machine = await describeMachine(); // before any server starts, for an honest load average
const secret = randomBytes(32).toString('hex');
const traffic = { many: signedPush(secret, settings.repositories), one: signedPush(secret, 1) };
const delivery = traffic.many;
const fixtures = await createFixtures(secret);
const webhookBinary = await findWebhook();
const webhook: WebhookServer | undefined = webhookBinary ? { binary: webhookBinary, port: await freePort() } : undefined;
const skipped = webhook ? [] : [`adnanh/webhook: no \`webhook\` on PATH, so its row is skipped (install the Debian/Ubuntu package \`${WEBHOOK_PACKAGE}\`)`];
for (const line of skipped) process.stderr.write(`${line}\n`);
try {
  const list = systems(fixtures, secret, webhook).filter((system) => settings.only.includes(system.id));
  const servers = new Map<SystemId, RunningServer>();
  for (const system of list) {
    const shared = system.shares && servers.get(system.shares);
    servers.set(system.id, shared || (await start(system, traffic[system.repositories])));
  }
  const sent: string[] = [];
  const { samples, journalRounds, idle, scripts } = await measure(list, servers, settings, fixtures, sent);
  // Every hook has run (each round waited for that); the server stops before its journal is read.
  const asyncServer = servers.get('async') ?? servers.get('async1');
  await asyncServer?.stop();
  const journal = asyncServer ? { rounds: journalRounds, check: await checkJournal(fixtures.journal, fixtures.ran, sent) } : undefined;
  const memory: MemoryFigures = {
    idle,
    scripts,
    peak: list.filter((s) => s.load === 'distinct').map((system) => ({ system, rounds: journalRounds.filter((r) => r.system === system.name).map((r) => r.rss.peak) })),
  };

  const report = {
    date,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    machine,
    delivery: { source: delivery.source, bytes: delivery.bytes },
    repositories: settings.repositories,
    settings,
    rows: summarise(
      list.filter((system) => system.load === 'same'),
      samples,
    ),
    journal,
    memory,
    skipped,
    ratios: ratios(list, samples),
    targets: checkTargets(list, samples, memory),
  };
  process.stdout.write(`\n${sections(report)}`);
  const out = resolve(repo, settings.out);
  await writeFile(out, keepBlocks(await readFile(out, 'utf8').catch(() => ''), markdown(report)));
  process.stdout.write(`\nwrote ${out}\n`);
} finally {
  await stopAllServers();
  await fixtures.remove();
}

/** Starts a system and sends one delivery, so a broken setup fails now rather than as 5 s of errors. */
async function start(system: System, delivery: SignedDelivery): Promise<RunningServer> {
  const server = await startServer(system.label, system.server);
  const res = await fetch(server.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.text();
  if (!res.ok || !system.accepts(parsed(text), text)) throw new Error(`${system.label}: the first delivery got ${res.status} ${text}`);
  process.stderr.write(`started ${system.name} at ${server.url} (pid ${server.pid})\n`);
  return server;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every system at every connection count (or with its distinct deliveries), round after round;
 * each round starts one system later.
 */
async function measure(
  list: readonly System[],
  servers: ReadonlyMap<SystemId, RunningServer>,
  settings: Settings,
  fixtures: Fixtures,
  sent: string[],
): Promise<{ samples: Sample[]; journalRounds: JournalRound[]; idle: number[]; scripts: number[] }> {
  const samples: Sample[] = [];
  const journalRounds: JournalRound[] = [];
  const idle: number[] = [];
  const scripts: number[] = [];
  let coreIds = 0;
  for (let round = 1; round <= settings.rounds; round++) {
    const bytes = await idleRss('genvoy, shipped config', shippedServer(fixtures));
    idle.push(bytes);
    process.stderr.write(`round ${round}/${settings.rounds}  genvoy serve, shipped config, at rest: ${mib(bytes)} MiB RSS (all its processes)\n`);
    const order = list.map((_, i) => list[(i + round - 1) % list.length]!);
    for (const system of order) {
      const delivery = traffic[system.repositories];
      if (system.load === 'distinct') {
        const server = servers.get(system.id)!;
        const run = await journalRound({ system: system.name, round, server, delivery, deliveries: settings.deliveries, journal: fixtures.journal, sent });
        const lost = server.lost();
        if (lost) throw new Error(`${system.label} ${lost}`);
        journalRounds.push(run);
        samples.push({ round, system: system.id, connections: DISTINCT_CONNECTIONS, result: run.result });
        const { result, rss } = run;
        const failures = result.non2xx + result.errors > 0 ? `  non-2xx ${result.non2xx}, errors ${result.errors}` : '';
        process.stderr.write(
          `round ${round}/${settings.rounds}  ${system.name.padEnd(24)} c=${String(DISTINCT_CONNECTIONS).padEnd(3)} ${Math.round(result.rps).toString().padStart(6)} deliveries/s  p50 ${result.p50.toFixed(3)} ms  p99 ${result.p99.toFixed(3)} ms  drained in ${run.drainS.toFixed(2)} s  RSS ${mib(rss.before)} → ${mib(rss.peak)} → ${mib(rss.after)} MiB${failures}\n`,
        );
        continue;
      }
      for (const connections of CONNECTIONS) {
        const server = servers.get(system.id)!;
        const target = { url: server.url, delivery, connections, nextId: () => `core-${++coreIds}` };
        await load({ ...target, duration: settings.warmup });
        const result = await load({ ...target, duration: settings.duration });
        // A server that died would only show as a wall of connection errors: stop and say why.
        const lost = server.lost();
        if (lost) throw new Error(`${system.label} ${lost}`);
        samples.push({ round, system: system.id, connections, result });
        const failures = result.non2xx + result.errors > 0 ? `  non-2xx ${result.non2xx}, errors ${result.errors}` : '';
        process.stderr.write(
          `round ${round}/${settings.rounds}  ${system.name.padEnd(24)} c=${String(connections).padEnd(3)} ${Math.round(result.rps).toString().padStart(6)} req/s  p50 ${result.p50.toFixed(3)} ms  p99 ${result.p99.toFixed(3)} ms${failures}\n`,
        );
      }
      // The legacy script genvoy's memory includes its spawner and that one's Python helper.
      if (system.id === 'script') scripts.push(await treeRss(servers.get(system.id)!.pid));
    }
  }
  return { samples, journalRounds, idle, scripts };
}
