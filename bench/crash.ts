/**
 * The crash benchmark: kill -9 at random moments, and how many hooks ran again after each
 * restart. A real `genvoy serve` (sync answers, `parallel` lanes, three module hooks per push)
 * takes a round of deliveries at once, over several repositories; once its hooks have written
 * a random number of their trace lines it is killed, started again on the same journal, left
 * to finish, and the round is checked against the promise of docs/operations/reliability.md
 * (test/support/rerun-check.ts). Writes its section of BENCHMARKS.md (between its markers;
 * the load benchmark keeps it).
 *
 *   npm run bench:crash [-- --kills 50 --deliveries 200 --repositories 20 --parallel 8 --seed <n>]
 *
 * The seed picks each round's repositories and the trace line its kill waits for; the
 * timing of threads and sockets is the machine's, so a replay is close, not exact.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killRounds, type KillRound } from '../test/support/kill-rounds.ts';
import { prng } from '../test/support/prng.ts';
import type { Breach } from '../test/support/rerun-check.ts';
import { describeMachine } from './machine.ts';
import { crashBlock } from './report-file.ts';
import { median } from './stats.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '50' },
    deliveries: { type: 'string', default: '200' },
    repositories: { type: 'string', default: '20' },
    parallel: { type: 'string', default: '8' },
    seed: { type: 'string' },
  },
});
const [kills, deliveries, repositories, parallel] = (['kills', 'deliveries', 'repositories', 'parallel'] as const).map((name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive whole number, got "${values[name]}"`);
  return n;
}) as [number, number, number, number];
const seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 32));

const machine = await describeMachine();
const started = performance.now();
const seen: KillRound[] = [];
/** Hooks that ran again though they had written their last line before the kill: finished, their result not yet committed. */
const ended = (r: KillRound) => r.reruns.filter((x) => x.ended).length;
process.stdout.write(`seed ${seed} (--seed ${seed} replays it)\n`);
await killRounds({
  rounds: kills,
  deliveries,
  repositories,
  parallel,
  rng: prng(seed),
  onRound: (round) => {
    seen.push(round);
    process.stdout.write(`kill ${round.round}/${kills} at trace line ${round.killedAt} of ${round.lines}: ${round.reruns.length} ran again (${ended(round)} had ended), ${round.broken.length} broken\n`);
    for (const { what } of round.broken) process.stdout.write(`  ${what}\n`);
  },
});
const minutes = (performance.now() - started) / 60_000;

const count = (n: number) => n.toLocaleString('en-US');
const sum = (of: (r: KillRound) => number) => seen.reduce((n, r) => n + of(r), 0);
const reruns = seen.map((r) => r.reruns.length);
const broken = (...breaches: Breach[]) => count(sum((r) => r.broken.filter((b) => breaches.includes(b.breach)).length));
const rows: Array<[string, string, string]> = [
  ['hooks that ran again, in all', count(sum((r) => r.reruns.length)), ''],
  ['… per kill: median, max', `${median(reruns)}, ${Math.max(...reruns)}`, `≤ ${parallel} (\`parallel\`)`],
  ['… of which had written their last line before the kill: in all, most in one kill', `${sum(ended)}, ${Math.max(...seen.map(ended))}`, ''],
  ['ran again though a later hook of its repository had started before the kill', broken('not-running-ran-again'), '0'],
  ['ran again for a delivery answered 200', broken('answered-ran-again'), '0'],
  ['answered 2xx, a hook never ran to its end', broken('answered-unfinished'), '0'],
  ['running at the kill, never ran again', broken('running-lost'), '0'],
  ['started twice on one side of the kill, or answered other than 200 or 202', broken('started-twice', 'refused'), '0'],
];
const held = seen.every((r) => r.broken.length === 0) && Math.max(...reruns) <= parallel;
const answered = (status: string) => sum((r) => r.answered[status] ?? 0);
const block = [
  '## Kill -9 at random moments',
  '',
  `${new Date().toUTCString()}, \`npm run bench:crash\` (seed ${seed}, ${minutes.toFixed(1)} min): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)} at the start. ` +
    `A real \`genvoy serve\` (\`dispatch: "sync"\`, \`parallel: ${parallel}\`, three module hooks per push, each writing a line as it starts and as it ends) takes ${deliveries} deliveries at once over ${repositories} repositories; ` +
    `once its hooks have written a random number of their ${count(seen[0]!.lines)} lines it is killed with SIGKILL, started again on the same journal, and left to finish; ${kills} kills in a row, ${count(answered('200'))} deliveries answered 200 before their kill, ${count(answered('none'))} cut off unanswered. ` +
    'The promise checked is the one in [Never lose a delivery](docs/operations/reliability.md): only the hooks running at the kill run again, where a hook runs until its result is committed (one that had written its last line, its result not yet committed, counts as running).',
  '',
  '| over all kills | count | promise |',
  '|---|--:|--:|',
  ...rows.map(([what, figure, promise]) => `| ${what} | ${figure} | ${promise} |`),
  '',
  `Result: ${held ? 'the promise held at every kill' : '**the promise broke**'}.`,
].join('\n');
process.stdout.write(`\n${block}\n`);
await crashBlock.write(resolve(repo, 'BENCHMARKS.md'), block);
if (!held) process.exitCode = 1;
