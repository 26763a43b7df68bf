/**
 * The hostile-load benchmark: a real `genvoy serve` (a secret set, a module push hook) under
 *   1. 80 concurrent unsigned 24 MB POSTs: its RSS (from /proc) before, at the peak, and 5 s after;
 *   2. five concurrent signed 20 MB pushes, answered once their hook has run: /healthz latency
 *      meanwhile (a fresh connection every 20 ms, from a thread of its own), next to its latency idle.
 * Each part on a fresh server. Writes its section of BENCHMARKS.md (the load benchmark keeps it).
 *
 *   npm run bench:hostile [-- --bin other/checkout/bin/genvoy.js]
 *
 * --bin measures another build (an older checkout, for a before-and-after).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deliveryHeaders, flood, largePush, MB, probeHealthz, rawPost, type Ending } from './hostile-load.ts';
import { describeMachine } from './machine.ts';
import { rss, watchRss } from './memory.ts';
import { hostileBlock } from './report-file.ts';
import { startServer, type RunningServer } from './server-process.ts';
import { median, percentile } from './stats.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const bin = resolve(option('--bin') ?? join(repo, 'bin/genvoy.js'));
const secret = 'hostile-bench-secret-0123456789';
const FLOOD = 80;
const PUSHES = 5;

const machine = await describeMachine();
const folder = await mkdtemp(join(tmpdir(), 'genvoy-hostile-'));
const mib = (bytes: number) => `${(bytes / MB).toFixed(0)} MiB`;
const tally = (endings: Map<Ending, number>) => [...endings].map(([ending, n]) => `${n} × ${ending === 'closed' ? 'closed unanswered' : ending}`).join(', ');

try {
  const flooded = await underFlood();
  const pushed = await underPushes();
  const block = [
    '## Hostile load',
    '',
    `${new Date().toUTCString()}, \`npm run bench:hostile\`: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB RAM, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)} at the start. One \`genvoy serve\` per part, on loopback, \`enforce_secret\` set, a module hook \`push.ts\` (reads \`payload.commits.length\`), the defaults otherwise; its RSS read from /proc every 50 ms.`,
    '',
    '| what | measured |',
    '|---|--:|',
    `| ${FLOOD} concurrent unsigned 24 MB POSTs: RSS before → peak → 5 s after | ${mib(flooded.before)} → **${mib(flooded.peak)}** → ${mib(flooded.after)} |`,
    `| … their answers, all in | ${tally(flooded.endings)}, ${(flooded.ms / 1000).toFixed(1)} s |`,
    `| /healthz idle: p50 / p99 | ${pushed.idle.p50.toFixed(1)} ms / ${pushed.idle.p99.toFixed(1)} ms |`,
    `| /healthz while ${PUSHES} signed 20 MB pushes are received and run: p50 / **p99** / max (${pushed.loaded.count} probes) | ${pushed.loaded.p50.toFixed(1)} ms / **${pushed.loaded.p99.toFixed(1)} ms** / ${pushed.loaded.max.toFixed(0)} ms |`,
    `| … the pushes' answers | ${tally(pushed.endings)}, the last after ${(pushed.lastMs / 1000).toFixed(1)} s |`,
    `| … RSS peak | ${mib(pushed.peak)} |`,
  ].join('\n');
  process.stdout.write(`${block}\n`);
  if (option('--bin') === undefined) {
    const out = resolve(repo, 'BENCHMARKS.md');
    const text = await readFile(out, 'utf8').catch(() => '');
    await writeFile(out, hostileBlock.put(text, block));
    process.stdout.write(`\nwrote ${out}\n`);
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}

/** A fresh `genvoy serve` in a folder of its own. */
async function serve(name: string): Promise<RunningServer> {
  const dir = join(folder, name);
  await mkdir(join(dir, 'hooks'), { recursive: true });
  await writeFile(join(dir, 'hooks', 'push.ts'), 'export function handle(payload) { return payload.commits.length; }\n');
  const config = { http_host: '127.0.0.1', github_ips_only: false, allowed_ips: ['127.0.0.1/32'], enforce_secret: secret, hooks_path: 'hooks', journal_path: 'genvoy.db', debug_level: 'WARNING' };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return startServer('genvoy', { command: process.execPath, args: [bin, 'serve', '--config', join(dir, 'config.json'), '--port', '0'], cwd: dir, env: process.env });
}

async function underFlood() {
  const server = await serve('flood');
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const before = await rss(server.pid);
    const watch = watchRss(server.pid, 50);
    const started = performance.now();
    const endings = await flood(server.url, FLOOD, { headers: deliveryHeaders('push'), body: Buffer.alloc(24 * MB, 0x20) }, 120_000);
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 5000));
    const after = await rss(server.pid);
    return { before, peak: await watch.stop(), after, endings, ms };
  } finally {
    await server.stop();
  }
}

async function underPushes() {
  const server = await serve('pushes');
  try {
    const pushes = Array.from({ length: PUSHES }, (_, i) => largePush(20 * MB, secret, `big-${i}`));
    // A small push first, so that the hook is loaded and its thread started before anything is measured.
    await rawPost(server.url, largePush(10_000, secret, 'warm-up'), 30_000);
    const idle = summary(await probeFor(probeHealthz(server.url, 20), 3000));
    const watch = watchRss(server.pid, 50);
    const prober = probeHealthz(server.url, 20);
    const started = performance.now();
    const answered: number[] = [];
    const endings = await Promise.all(pushes.map((push) => rawPost(server.url, push, 120_000).finally(() => answered.push(performance.now() - started))));
    const loaded = summary(await prober.stop());
    const tallied = new Map<Ending, number>();
    for (const ending of endings) tallied.set(ending, (tallied.get(ending) ?? 0) + 1);
    return { idle, loaded, endings: tallied, lastMs: Math.max(...answered), peak: await watch.stop() };
  } finally {
    await server.stop();
  }
}

async function probeFor(prober: ReturnType<typeof probeHealthz>, ms: number): Promise<number[]> {
  await new Promise((r) => setTimeout(r, ms));
  return prober.stop();
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: median(sorted), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}
