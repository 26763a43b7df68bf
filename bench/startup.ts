/**
 * The start-up benchmark: how long `genvoy --version` takes, and `genvoy serve` until its
 * /healthz answers 200 (an empty hooks folder, no journal yet), each next to `node -e 0` in
 * the same round, so that the ratios hold on a busy machine. Writes its section of
 * BENCHMARKS.md (between its markers; the load benchmark keeps it).
 *
 *   npm run bench:startup [-- --rounds 15] [-- --bin other/checkout/bin/genvoy.js]
 *
 * --bin measures another build (an older checkout, for a before-and-after).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.ts';
import { startupBlock } from './report-file.ts';
import { median } from './stats.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const bin = resolve(option('--bin') ?? join(repo, 'bin/genvoy.js'));
const rounds = Number(option('--rounds') ?? 15);

const machine = await describeMachine();
const folder = await mkdtemp(join(tmpdir(), 'genvoy-startup-'));
const config = join(folder, 'config.json');
try {
  const samples = { node: [] as number[], version: [] as number[], serve: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    samples.node.push(await timed([process.execPath, '-e', '0']));
    samples.version.push(await timed([process.execPath, bin, '--version']));
    samples.serve.push(await untilHealthy(round));
  }
  const ratio = (of: number[]) => median(of.map((ms, i) => ms / samples.node[i]!));
  const rows = [
    { what: '`node -e 0`', ms: median(samples.node), ratio: 1, target: '' },
    { what: '`genvoy --version`', ms: median(samples.version), ratio: ratio(samples.version), target: '≤ 3×' },
    { what: '`genvoy serve` until /healthz is 200', ms: median(samples.serve), ratio: ratio(samples.serve), target: '≤ 10×' },
  ];
  const block = [
    '## Start-up',
    '',
    `${new Date().toUTCString()}, \`npm run bench:startup\` (${rounds} interleaved rounds, medians): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)} at the start. \`serve\` has an empty hooks folder and no journal yet; each ratio is the median of the per-round ratios to \`node -e 0\` in the same round.`,
    '',
    '| what | median | × `node -e 0` | target | result |',
    '|---|--:|--:|---|---|',
    ...rows.map(({ what, ms, ratio: r, target }) => {
      const limit = Number(target.replace(/[^\d.]/g, ''));
      const result = target ? (r <= limit ? 'pass' : '**FAIL**') : '';
      return `| ${what} | ${ms.toFixed(0)} ms | ${r.toFixed(2)}× | ${target} | ${result} |`;
    }),
  ].join('\n');
  process.stdout.write(`${block}\n`);
  await startupBlock.write(resolve(repo, 'BENCHMARKS.md'), block);
} finally {
  await rm(folder, { recursive: true, force: true });
}

async function timed(command: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}`);
  return performance.now() - started;
}

/**
 * From spawn to the first 200 of /healthz, on a fresh folder each round: the port is the free
 * one serve picked and printed, then /healthz is polled every 5 ms.
 */
async function untilHealthy(round: number): Promise<number> {
  const dir = join(folder, String(round));
  await mkdir(join(dir, 'hooks'), { recursive: true });
  await writeFile(config, JSON.stringify({ hooks_path: join(dir, 'hooks'), journal_path: join(dir, 'genvoy.db'), github_ips_only: false, allowed_ips: ['127.0.0.1/32'] }));
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--config', config, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    let printed = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    for (;;) {
      if (child.exitCode !== null) throw new Error(`genvoy serve exited ${child.exitCode}`);
      const port = /listening on http:\/\/[^ ]+:(\d+)/.exec(printed)?.[1];
      if (port && (await fetch(`http://127.0.0.1:${port}/healthz`).then((res) => res.ok, () => false))) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
