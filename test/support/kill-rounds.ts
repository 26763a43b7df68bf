import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Journal } from '../../src/intake/journal/journal.ts';
import { startCli, type Running } from './cli.ts';
import { branchPush } from './examples.ts';
import { readTrace, tracingHook } from './hook-trace.ts';
import type { Prng } from './prng.ts';
import { judgeRound, type Verdict } from './rerun-check.ts';
import { post, writeHooks } from './server.ts';

/** Every push runs these, in this order (a parent, its child, then `all`). */
const hooks = ['push', 'push+b', 'all'];
/** Far beyond what a round needs: reaching it means genvoy stalled. */
const stallMs = 60_000;

export interface KillRoundsOptions {
  rounds: number;
  /** Sent at once in each round, each to one of `repositories` repositories, picked at random. */
  deliveries: number;
  repositories: number;
  parallel: number;
  rng: Prng;
  /** Told of each round as soon as it is judged. */
  onRound: (round: KillRound) => void;
}

export interface KillRound extends Verdict {
  /** From 1. */
  round: number;
  /** The kill came once the hooks had written `killedAt` of the `lines` trace lines a round writes when nothing is cut (aimed at `aimedAt`). */
  aimedAt: number;
  killedAt: number;
  lines: number;
  /** Answers by status; `none`: the kill cut the connection. */
  answered: Record<string, number>;
}

/**
 * Kill -9 at random moments: a real `genvoy serve` (sync answers, `parallel` lanes) gets a
 * round of deliveries at once; once its hooks have written a random number of trace lines it
 * is killed, started again on the same journal, and left to finish; then the round is judged
 * (judgeRound) and the next one goes to the restarted server. The seed picks the repositories
 * and the kill's line; the timing of threads and sockets is the machine's.
 */
export async function killRounds({ rounds, deliveries, repositories, parallel, rng, onRound }: KillRoundsOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-kill-'));
  const trace = join(dir, 'trace');
  const journalFile = join(dir, 'journal', 'genvoy.db');
  const configFile = join(dir, 'config.json');
  await writeHooks(join(dir, 'hooks'), Object.fromEntries(hooks.map((hook) => [`${hook}.ts`, tracingHook(trace)])));
  const config = { http_host: '127.0.0.1', github_ips_only: false, hooks_path: join(dir, 'hooks'), journal_path: journalFile, dispatch: 'sync', parallel, debug_level: 'WARNING' };
  await writeFile(configFile, JSON.stringify(config));
  const serve = () => startCli(['serve', '--config', configFile, '--port', '0']);
  let running = await serve();
  let offset = 0;
  try {
    for (let round = 1; round <= rounds; round++) {
      const sent = Array.from({ length: deliveries }, (_, i) => ({ id: `round${round}-${i}`, repository: `octo/repo-${rng.int(1, repositories)}` }));
      const lines = deliveries * hooks.length * 2;
      const aimedAt = rng.int(1, lines);
      const url = running.url;
      const answers = sent.map((s) => post(url, 'push', pushTo(s.repository), { delivery: s.id }).then((a) => a.status, () => undefined));
      const cut = await killAtLine(running, trace, offset, aimedAt);
      const statuses = await Promise.all(answers);
      running = await serve();
      await drained(journalFile, running);
      const rest = readTrace(trace, cut.end);
      offset = rest.end;
      const withAnswers = sent.map((s, i) => ({ ...s, status: statuses[i] }));
      const answered: Record<string, number> = {};
      for (const status of statuses) answered[status ?? 'none'] = (answered[status ?? 'none'] ?? 0) + 1;
      onRound({ round, aimedAt, killedAt: cut.lines.length, lines, answered, ...judgeRound({ sent: withAnswers, hooks, before: cut.lines, after: rest.lines }) });
    }
  } finally {
    running.child.kill('SIGTERM');
    await once(running.child, 'exit');
    await rm(dir, { recursive: true, force: true });
  }
}

/** GitHub's push example, sent as from `repository` (the lane genvoy runs it in). */
function pushTo(repository: string): Record<string, unknown> {
  const payload = branchPush();
  const name = repository.split('/')[1]!;
  payload.repository = { ...(payload.repository as object), name, full_name: repository };
  return payload;
}

/** Watches the trace from `offset` until it holds `line` lines, then kills genvoy with SIGKILL; returns the lines written by then. */
async function killAtLine(running: Running, trace: string, offset: number, line: number): Promise<ReturnType<typeof readTrace>> {
  const deadline = Date.now() + stallMs;
  while (readTrace(trace, offset).lines.length < line) {
    if (running.child.exitCode !== null) throw new Error(`genvoy exited before the kill:\n${running.output()}`);
    if (Date.now() > deadline) throw new Error(`the hooks wrote fewer than ${line} lines in ${stallMs / 1000} s:\n${running.output()}`);
    await sleep(1);
  }
  running.child.kill('SIGKILL');
  await once(running.child, 'exit');
  return readTrace(trace, offset);
}

/** Waits until the journal holds nothing pending: every hook the restarted genvoy resumed has run and been recorded. */
async function drained(journalFile: string, running: Running): Promise<void> {
  const journal = new Journal(journalFile, { readOnly: true });
  try {
    const deadline = Date.now() + stallMs;
    while (journal.countPending() > 0) {
      if (Date.now() > deadline) throw new Error(`deliveries still pending ${stallMs / 1000} s after the restart:\n${running.output()}`);
      await sleep(20);
    }
  } finally {
    journal.close();
  }
}
