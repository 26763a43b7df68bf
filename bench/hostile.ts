/**
 * The hostile-load benchmark: a real `genvoy serve` (a secret set, a module push hook) under
 *   1. 80 concurrent unsigned 24 MB POSTs: its RSS (from /proc) before, at the peak, and 5 s after;
 *   2. five concurrent signed 20 MB pushes, answered once their hook has run: /healthz latency
 *      meanwhile (a fresh connection every 20 ms, from a thread of its own), next to its latency idle.
 * Each part on a fresh server. Writes its section of BENCHMARKS.md (the load benchmark keeps it).
 *
 *   npm run bench:hostile [-- --compare before=other/checkout/bin/genvoy.js] [-- --bin other/checkout/bin/genvoy.js]
 *
 * --compare adds a column measured on another build (an older checkout: a before-and-after);
 * --bin measures another build alone, and writes nothing.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deliveryHeaders, flood, largePush, MB, probeHealthz, rawPost, tallied, type Ending } from './hostile-load.ts';
import { mib } from './format.ts';
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
/** `--compare LABEL=BIN`: the same loads on another build, in a column of its own (a before-and-after). */
const compared = /^([^=]+)=(.+)$/.exec(option('--compare') ?? '');
const compare = compared ? { label: compared[1]!, bin: resolve(compared[2]!) } : undefined;
const secret = 'hostile-bench-secret-0123456789';
const FLOOD = 80;
const PUSHES = 5;
let servers = 0;

const machine = await describeMachine();
const folder = await mkdtemp(join(tmpdir(), 'genvoy-hostile-'));
const inMib = (bytes: number) => `${mib(bytes)} MiB`;
const tally = (endings: Map<Ending, number>) => [...endings].map(([ending, n]) => `${n} × ${ending === 'closed' ? 'closed unanswered' : ending}`).join(', ');

try {
  const builds = [{ name: 'this build', bin }, ...(compare ? [{ name: `\`--compare\` ${compare.label}`, bin: compare.bin }] : [])];
  const measured: Measured[] = [];
  for (const build of builds) measured.push(await measure(build.bin));
  const row = (what: string, cell: (m: Measured) => string) => `| ${what} | ${measured.map(cell).join(' | ')} |`;
  const block = [
    '## Hostile load',
    '',
    `${new Date().toUTCString()}, \`npm run bench:hostile\`: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB RAM, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)} at the start. One \`genvoy serve\` per part, on loopback, \`enforce_secret\` set, a module hook \`push.ts\` (reads \`payload.commits.length\`), the defaults otherwise; its RSS read from /proc every 50 ms; /healthz asked every 20 ms on a fresh connection from a thread of its own.`,
    '',
    `| what | ${builds.map((b) => b.name).join(' | ')} |`,
    `|---|${builds.map(() => '--:').join('|')}|`,
    row(`${FLOOD} concurrent unsigned 24 MB POSTs: RSS before → **peak** → 5 s after`, ({ flooded: f }) => `${inMib(f.before)} → **${inMib(f.peak)}** → ${inMib(f.after)}`),
    row('… their answers, all in', ({ flooded: f }) => `${tally(f.endings)}, ${(f.ms / 1000).toFixed(1)} s`),
    row('/healthz idle: p50 / p99', ({ pushed: p }) => `${p.idle.p50.toFixed(1)} ms / ${p.idle.p99.toFixed(1)} ms`),
    row(`/healthz while ${PUSHES} signed 20 MB pushes are received and run: p50 / **p99** / max (probes)`, ({ pushed: p }) => `${p.loaded.p50.toFixed(1)} ms / **${p.loaded.p99.toFixed(1)} ms** / ${p.loaded.max.toFixed(0)} ms (${p.loaded.count})`),
    row("… the pushes' answers", ({ pushed: p }) => `${tally(p.endings)}, the last after ${(p.lastMs / 1000).toFixed(1)} s`),
    row('… RSS peak', ({ pushed: p }) => inMib(p.peak)),
  ].join('\n');
  process.stdout.write(`${block}\n`);
  if (option('--bin') === undefined) await hostileBlock.write(resolve(repo, 'BENCHMARKS.md'), block);
} finally {
  await rm(folder, { recursive: true, force: true });
}

type Measured = Awaited<ReturnType<typeof measure>>;

async function measure(bin: string) {
  return { flooded: await underFlood(bin), pushed: await underPushes(bin) };
}

/** A fresh `genvoy serve` in a folder of its own. */
async function serve(bin: string, name: string): Promise<RunningServer> {
  const dir = join(folder, `${name}-${++servers}`);
  await mkdir(join(dir, 'hooks'), { recursive: true });
  await writeFile(join(dir, 'hooks', 'push.ts'), 'export function handle(payload) { return payload.commits.length; }\n');
  const config = { http_host: '127.0.0.1', github_ips_only: false, allowed_ips: ['127.0.0.1/32'], enforce_secret: secret, hooks_path: 'hooks', journal_path: 'genvoy.db', debug_level: 'WARNING' };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return startServer('genvoy', { command: process.execPath, args: [bin, 'serve', '--config', join(dir, 'config.json'), '--port', '0'], cwd: dir, env: process.env });
}

async function underFlood(bin: string) {
  const server = await serve(bin, 'flood');
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

async function underPushes(bin: string) {
  const server = await serve(bin, 'pushes');
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
    return { idle, loaded, endings: tallied(endings), lastMs: Math.max(...answered), peak: await watch.stop() };
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
