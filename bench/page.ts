/**
 * `npm run bench:page`: the web page's list over a journal of 50,000 deliveries. Times the
 * first page, pages far down, and searches (by sender, title, repository, delivery id), each
 * as a ratio to the first page in the same run; and what the search index costs a delivery
 * when it is journaled (deliveries accepted with it and with a plain table in its place, interleaved).
 * Writes its section of BENCHMARKS.md (between its markers; the load benchmark keeps it).
 *
 *   npm run bench:page [-- --deliveries 50000 --repeat 30]
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { exampleGroups } from '../src/testing/webhook-examples.ts';
import { Journal } from '../src/intake/journal/journal.ts';
import type { DeliveryQuery } from '../src/intake/journal/journal-search.ts';
import { toDelivery, type Delivery } from '../src/pipeline/parse/delivery.ts';
import { describeMachine } from './machine.ts';
import { pageBlock } from './report-file.ts';
import { median } from './stats.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const total = option('--deliveries', 50_000);
const repeat = option('--repeat', 30);
/** Deliveries accepted together, as a burst is: one group commit each. */
const batch = 1000;
/** Rounds of the write cost, each journaling this many deliveries with the index and without. */
const writeRounds = 7;
const writeCount = 3000;

const events = ['issues', 'pull_request', 'push', 'release', 'workflow_run', 'check_run', 'star'];
const templates = events.map((event) => ({ event, payload: exampleGroups().find((g) => g.name === event)!.examples[0]! }));

/**
 * The i-th delivery: one of 7 events' example payloads, sent by one of 500 senders to one of
 * 50 repositories, with a title of its own (a few are about a flux capacitor) and an id that
 * looks like GitHub's (a GUID, the same for the same i).
 */
function delivery(i: number): Delivery {
  const { event, payload } = templates[i % templates.length]!;
  const copy = { ...payload, sender: { ...(payload.sender as object), login: `user-${i % 500}` }, repository: { ...(payload.repository as object), name: `repo-${i % 50}` } } as Record<string, unknown>;
  const title = i % 4900 === 7 ? `The flux capacitor overheats (${i})` : `Change number ${i} to the ${event} flow`;
  if (event === 'issues') copy.issue = { ...(payload.issue as object), title };
  if (event === 'pull_request') copy.pull_request = { ...(payload.pull_request as object), title };
  if (event === 'release') copy.release = { ...(payload.release as object), name: title };
  const hex = createHash('sha1').update(String(i)).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return toDelivery({ event, id }, copy, Buffer.from(JSON.stringify(copy)));
}

const dayMs = 86_400_000;

/** Deliveries received over the last 30 days, evenly, oldest first (as a month of retention holds them). */
async function fill(journal: Journal, count: number, now: number): Promise<void> {
  const every = (30 * dayMs) / count;
  for (let i = 0; i < count; i += batch) {
    const burst = Array.from({ length: Math.min(batch, count - i) }, (_, k) => delivery(i + k));
    await Promise.all(burst.map((d, k) => journal.accept(d, { 'x-github-event': d.event }, [], Math.round(now - 30 * dayMs + (i + k) * every))));
  }
}

/**
 * Microseconds per delivery journaled, with the search index or, in its place, a plain table
 * of the same columns (the writer's insert costs what an insert costs; the index is what is
 * measured): the process's CPU time (what the index adds to it, whoever else shares the
 * machine) and the wall time.
 */
async function writeCost(folder: string, round: number, indexed: boolean): Promise<{ cpu: number; wall: number }> {
  const file = join(folder, `write-${round}-${indexed ? 'indexed' : 'plain'}.db`);
  new Journal(file).close();
  if (!indexed) {
    const db = new Database(file);
    db.exec('DROP TABLE delivery_search; CREATE TABLE delivery_search (id, event, action, repository, sender, title)');
    db.close();
  }
  const journal = new Journal(file);
  // The deliveries are made before the clock starts: what is timed is the journal alone.
  const made = Array.from({ length: writeCount }, (_, i) => delivery(round * writeCount + i));
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < made.length; i += batch) await Promise.all(made.slice(i, i + batch).map((d) => journal.accept(d, {}, [])));
  const { user, system } = process.cpuUsage(cpu);
  const wall = Number(process.hrtime.bigint() - started) / 1000 / writeCount;
  journal.close();
  return { cpu: (user + system) / writeCount, wall };
}

function timed(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const machine = await describeMachine();
const folder = await mkdtemp(join(tmpdir(), 'genvoy-bench-page-'));
process.once('exit', () => rmSync(folder, { recursive: true, force: true }));

const writes = { indexed: [] as Array<{ cpu: number; wall: number }>, plain: [] as Array<{ cpu: number; wall: number }> };
for (let round = 0; round < writeRounds; round++) {
  // Alternating which goes first, so that neither always meets a warmer machine.
  for (const indexed of round % 2 ? [false, true] : [true, false]) writes[indexed ? 'indexed' : 'plain'].push(await writeCost(folder, round, indexed));
}

const journal = new Journal(join(folder, 'journal.db'));
const building = Date.now();
const now = Date.now();
await fill(journal, total, now);
const buildS = (Date.now() - building) / 1000;

const deep = journal.find({ limit: 1, before: Math.round(total * 0.2) }).deliveries[0]!.seq;
const idPart = delivery(31_337).id.slice(0, 13);
const tenDaysAgo = Math.floor(now / dayMs) * dayMs - 10 * dayMs;
const queries: Array<{ what: string; query: DeliveryQuery; target?: number }> = [
  { what: 'first page (100 newest, with the total)', query: { limit: 100 } },
  { what: `a page 80% down (\`before\`: keyset)`, query: { limit: 100, before: deep } },
  { what: 'search a sender (`user-123`)', query: { limit: 100, search: 'user-123' }, target: 5 },
  { what: 'search a title (`flux capacitor`)', query: { limit: 100, search: 'flux capacitor' }, target: 5 },
  { what: 'search a repository (`repo-17`)', query: { limit: 100, search: 'repo-17' }, target: 5 },
  { what: `search the start of a delivery id (\`${idPart}\`)`, query: { limit: 100, search: idPart }, target: 5 },
  { what: 'search an event (`pull_request`)', query: { limit: 100, search: 'pull_request' }, target: 5 },
  { what: 'search a sender in one repository (`user-123 repo-23`)', query: { limit: 100, search: 'user-123 repo-23' }, target: 5 },
  { what: 'search a sender, outcome done (`user-123`, state)', query: { limit: 100, search: 'user-123', state: 'done' }, target: 5 },
  { what: 'one day, 10 days ago (a date range)', query: { limit: 100, from: tenDaysAgo, until: tenDaysAgo + dayMs } },
  { what: 'one event (the filter, `release`)', query: { limit: 100, event: 'release' } },
];
const samples = queries.map(() => [] as number[]);
const found = queries.map(({ query }) => journal.find(query).total);
for (let round = 0; round < repeat; round++) queries.forEach(({ query }, i) => samples[i]!.push(timed(() => journal.find(query))));
const ratios = samples.map((ms) => median(ms.map((m, round) => m / samples[0]![round]!)));
journal.close();

const us = (side: 'indexed' | 'plain', of: 'cpu' | 'wall') => median(writes[side].map((w) => w[of]));
const cost = (of: 'cpu' | 'wall') => `${us('indexed', of).toFixed(0)} µs with the index, ${us('plain', of).toFixed(0)} µs without (${((us('indexed', of) / us('plain', of) - 1) * 100).toFixed(0)}% more, ${(us('indexed', of) - us('plain', of)).toFixed(0)} µs a delivery)`;
const block = [
  '## Web page: paging and search',
  '',
  `${new Date().toUTCString()}, \`npm run bench:page\`: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)} at the start. A journal of ${total.toLocaleString('en-US')} deliveries (7 events' example payloads, 500 senders, 50 repositories), built in ${buildS.toFixed(1)} s with the journal's writer in bursts of ${batch}. Each query as the API runs it (\`journal.find\`: a page of 100 and the total that match), ${repeat} interleaved rounds; the ratio is the median of the per-round ratios to the first page.`,
  '',
  '| query | matches | median | × first page | target | result |',
  '|---|--:|--:|--:|---|---|',
  ...queries.map(({ what, target }, i) => {
    const result = target === undefined ? '' : ratios[i]! < target ? 'pass' : '**FAIL**';
    return `| ${what} | ${found[i]!.toLocaleString('en-US')} | ${median(samples[i]!).toFixed(2)} ms | ${ratios[i]!.toFixed(2)}× | ${target ? `< ${target}×` : ''} | ${result} |`;
  }),
  '',
  `What the index costs a delivery when it is journaled: ${writeRounds} interleaved rounds of ${writeCount.toLocaleString('en-US')} deliveries accepted in bursts of ${batch}, into a fresh journal with the search index and one with a plain table of the same columns in its place (medians per delivery). CPU time of the process: **${cost('cpu')}**. Wall time, which the machine's other tenants move more: ${cost('wall')}.`,
].join('\n');
process.stdout.write(`${block}\n`);
await pageBlock.write(resolve(repo, 'BENCHMARKS.md'), block);
