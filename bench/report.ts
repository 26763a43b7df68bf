import { mib, times } from './format.ts';
import type { JournalCheck } from './journal-check.ts';
import type { JournalRound } from './journal-round.ts';
import type { Machine } from './machine.ts';
import type { Settings } from './settings.ts';
import { median } from './stats.ts';
import { DISTINCT_CONNECTIONS, type Ratio, type Row } from './summary.ts';
import type { MemoryFigures, TargetResult } from './targets.ts';

export interface BenchReport {
  date: string;
  command: string;
  machine: Machine;
  delivery: { source: string; bytes: number };
  repositories: number;
  settings: Settings;
  rows: Row[];
  /** The async + journal system's rounds and the final account of its deliveries, when it ran. */
  journal?: { rounds: JournalRound[]; check: JournalCheck };
  memory: MemoryFigures;
  /** Why a yardstick did not run, one line each. */
  skipped: string[];
  ratios: Ratio[];
  targets: TargetResult[];
}

/** BENCHMARKS.md, regenerated whole on every run. */
export function markdown(report: BenchReport): string {
  const { machine: m, settings: s } = report;
  return `# Benchmarks

Written by \`bench/run.ts\`; every run overwrites this file.

- **Date:** ${report.date}
- **Machine:** ${m.cpu}, ${m.cores} cores${m.shaNi === undefined ? '' : m.shaNi ? ' (SHA extensions)' : ' (no SHA extensions)'}, ${m.memoryGiB.toFixed(1)} GiB RAM, Node ${m.node}; 1-minute load average at start ${m.loadAtStart.toFixed(2)}
- **Command:** \`${report.command}\` (from the repository root)
- **Delivery:** ${report.delivery.source}, ${report.delivery.bytes.toLocaleString('en-US')} bytes, HMAC-SHA256 signed (\`X-Hub-Signature-256\`), in ${report.repositories.toLocaleString('en-US')} copies that differ only in the repository's name, sent in turn, as an organisation's traffic is (genvoy runs an ordered hook's runs for one repository in order, one at a time, and different repositories side by side; push.ts is ordered, as a module hook is by default, and the legacy script is not, as \`legacy_scripts_ordered\` is false by default); the systems marked "1 repo" take the same push with all deliveries in one repository, as a burst on a busy repository is; each request has its own \`X-GitHub-Delivery\` (genvoy journals every delivery, and answers an id it knows from the journal without running hooks)
- **Load:** autocannon, in the orchestrating process on the same machine, keep-alive connections to 127.0.0.1; per system and connection count ${s.warmup} s warm-up (not counted), then ${s.duration} s measured; ${s.rounds} rounds, the order of systems rotated each round; table figures are medians over the rounds
- **genvoy config:** \`github_ips_only: false\`, \`enforce_secret\` set, \`return_scripts_info: true\`, **\`debug_level: "WARNING"\`**, so that its per-delivery info log lines do not dominate what is measured (at INFO each delivery writes a JSON line to stdout)${report.journal ? '; the async system adds `dispatch: "async"` and a `journal_path` in a temporary folder' : ''}

## Systems

${report.rows.map(({ system }) => `- **${system.name}**: ${system.label}`).join('\n')}
${report.skipped.map((line) => `- ${line}`).join('\n')}

${sections(report)}
## How to read this

The machine is shared and noisy, and the load generator runs on the same cores as the server it loads, so the absolute figures mean little and will differ from run to run and from the reference measurements (which used wrk). At the highest rates autocannon itself needs most of a core, which if anything understates the yardstick and flatters the ratios; and with SHA extensions HMAC-SHA256 is several times cheaper, so the yardstick is faster and any fixed per-request cost weighs more than on a CPU without them. What carries over is the ratios within one run: every system took the same load in the same minutes, and each ratio is taken round by round (genvoy against the yardstick measured next to it) before the median, so drift of the machine cancels. "bare" is the floor any Node receiver pays (read the body, verify HMAC-SHA256, JSON.parse); "vs bare" says how much of that floor's throughput, or how many times its single-delivery latency, genvoy keeps. A non-zero non-2xx or error count means the run is invalid, whatever the ratios say; so does any delivery the async system lost.
`;
}

/** The results, the ratios and the targets: what the console shows at the end of a run. */
export function sections(report: BenchReport): string {
  return `## Results

${resultsTable(report.rows)}
${report.journal ? journalSection(report.journal, report.settings) : ''}${memorySection(report.memory)}
## Ratios (median of the per-round ratios)

${ratiosTable(report.ratios)}

## Targets

${targetsTable(report.targets)}
`;
}

function resultsTable(rows: readonly Row[]): string {
  const head = '| system | c=1 req/s | c=1 p50 ms | c=1 p99 ms | c=32 req/s [min–max] | c=32 p50 ms | c=32 p99 ms | non-2xx | errors | c=32 req/s vs bare | c=1 p50 vs bare |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const lines = rows.map(({ system, cells: { 1: one, 32: many }, vsBare }) =>
    cellsLine([
      system.name,
      count(one.rps),
      ms(one.p50),
      ms(one.p99),
      `${count(many.rps)} [${count(many.rpsMin)}–${count(many.rpsMax)}]`,
      ms(many.p50),
      ms(many.p99),
      String(one.non2xx + many.non2xx),
      String(one.errors + many.errors),
      times(vsBare.rps),
      times(vsBare.p50),
    ]),
  );
  return [head, rule, ...lines].join('\n');
}

function journalSection({ rounds, check }: NonNullable<BenchReport['journal']>, settings: Settings): string {
  const systems = [...new Set(rounds.map((r) => r.system))];
  const lines = systems.flatMap((system) => {
    const own = rounds.filter((r) => r.system === system);
    const of = (pick: (round: JournalRound) => number) => median(own.map(pick));
    const sum = (pick: (round: JournalRound) => number) => own.reduce((total, round) => total + pick(round), 0);
    return [
      ...own.map(({ round, result: r, drainS, rss }) =>
        cellsLine([system, String(round), count(r.requests), count(r.rps), ms(r.p50), ms(r.p99), String(r.non2xx), String(r.errors), `${drainS.toFixed(2)} s`, `${mib(rss.before)} → ${mib(rss.peak)} → ${mib(rss.after)}`]),
      ),
      cellsLine([
        system,
        '**median**',
        count(of((r) => r.result.requests)),
        count(of((r) => r.result.rps)),
        ms(of((r) => r.result.p50)),
        ms(of((r) => r.result.p99)),
        String(sum((r) => r.result.non2xx)),
        String(sum((r) => r.result.errors)),
        `${of((r) => r.drainS).toFixed(2)} s`,
        '',
      ]),
    ];
  });
  const memory = systems.map((system) => {
    const own = rounds.filter((r) => r.system === system);
    const first = own[0]!.rss.before;
    const last = own.at(-1)!.rss.after;
    return `${system}: ${mib(first)} MiB after the first warm-up; after each round ${own.map((r) => mib(r.rss.after)).join(', ')} MiB (${signed(last - first)} MiB in all, ${signed(last - (own.at(-2)?.rss.after ?? first))} MiB in the last round)`;
  });
  const lost = check.lostCount === 0 ? '**none lost**' : `**${check.lostCount.toLocaleString('en-US')} lost** (${check.lost.join(', ')}${check.lostCount > check.lost.length ? ', …' : ''})`;
  return `
## Async acknowledgement with the journal

genvoy with \`dispatch: "async"\` writes each delivery to its SQLite journal, answers 202, and runs the hook afterwards (\`push.ts\` appends the delivery id to a file). Each round sends a warm-up (not counted), then ${settings.deliveries.toLocaleString('en-US')} signed deliveries at ${DISTINCT_CONNECTIONS} connections, each with its own \`X-GitHub-Delivery\`, and waits until the journal has no hook left to run; the same server takes them over the bench's repositories, then (the "1 repo" rows) all in one. Deliveries/s is the number answered over the wall time; the RSS is that of the server and every process under it, read from /proc every 100 ms.

| system | round | deliveries | deliveries/s | p50 ms | p99 ms | non-2xx | errors | hooks all run, after the last answer | RSS MiB: after warm-up → peak → after |
|---|--:|--:|--:|--:|--:|--:|--:|--:|---|
${lines.join('\n')}

- **Every delivery accounted for** (journal and hook trace read after the server stopped): ${check.sent.toLocaleString('en-US')} sent, warm-ups included; ${check.journaled.toLocaleString('en-US')} journaled as done with the hook recorded ok; ${check.ran.toLocaleString('en-US')} written by the hook (${check.ranTwice} twice); ${lost}.
- **Memory:** ${memory.join('; ')}. Flat memory shows as rounds that add next to nothing once the first has grown the heap to its working size.
`;
}

function memorySection(memory: MemoryFigures): string {
  if (memory.idle.length === 0) return '';
  return `
## Memory of genvoy's processes

\`genvoy serve\` with the shipped \`config/config.json\` and \`hooks/\` (its journal in a temporary folder, \`--port 0\`), started afresh each round and read 3 s after it listens: the RSS of its process and every process under it, ${memory.idle.map(mib).join(', ')} MiB in rounds ${memory.idle.map((_, i) => i + 1).join(', ')}.${
    memory.scripts.length
      ? ` The legacy script genvoy, with its spawner and that one's Python helper, after its load in each round: ${memory.scripts.map(mib).join(', ')} MiB.`
      : ''
  }
`;
}

function signed(bytes: number): string {
  return `${bytes < 0 ? '−' : '+'}${mib(Math.abs(bytes))}`;
}

function ratiosTable(ratios: readonly Ratio[]): string {
  const lines = ratios.map((r) =>
    cellsLine([`${r.a.name} / ${r.b.name}`, r.metric === 'rps' ? `req/s at c=${r.connections}` : `p50 at c=${r.connections}`, times(r.median), r.rounds.map(times).join(', ')]),
  );
  return ['| ratio | of | median | per round |', '|---|---|--:|---|', ...lines].join('\n');
}

function targetsTable(targets: readonly TargetResult[]): string {
  const lines = targets.map((t) => cellsLine([t.text, t.measured, t.rounds.join(', '), t.pass ? '**PASS**' : '**FAIL**']));
  return ['| target | measured | per round | result |', '|---|--:|---|---|', ...lines].join('\n');
}

function cellsLine(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Three significant digits, as latencies from 0.05 ms to 100 ms need. */
function ms(n: number): string {
  return n < 1 ? n.toFixed(3) : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}
