import type { Logger } from '../base/logger.ts';
import type { Config } from '../config/schema.ts';
import type { LiveConfig } from '../config/watch-config.ts';
import { retryPolicy } from '../intake/backoff.ts';
import { Dispatcher } from '../intake/dispatcher.ts';
import { embeddedIntake } from '../intake/embedded-intake.ts';
import type { Intake } from '../intake/intake.ts';
import { Journal } from '../intake/journal/journal.ts';
import { schedulePruning } from '../intake/journal/prune-schedule.ts';
import type { Metrics } from '../ops/observe/metrics.ts';
import { embeddedQueueProbe, type QueueProbe } from '../ops/observe/queue-probe.ts';
import { scheduleReconcile } from '../ops/reconcile/schedule-reconcile.ts';
import type { HookEngine } from '../runtime/hook-engine.ts';

/** Where a server's deliveries go: the embedded journal (this file) or the Redis queue (open-redis-queue.ts). */
export interface OpenIntake {
  intake: Intake;
  journal: Journal | undefined;
  queue: QueueProbe;
  /** Starts no more hooks; running ones get `graceMs` to finish. */
  stopWork(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The embedded journal with this process's dispatcher. */
export function openEmbeddedJournal(initial: Config, config: LiveConfig, hooks: HookEngine, metrics: Metrics, log: Logger): OpenIntake {
  const journal = new Journal(initial.journal_path, { role: 'serve' });
  const dispatcher = new Dispatcher({ journal, runHook: hooks.runHook, ordered: hooks.ordered, retry: () => retryPolicy(config.current), parallel: initial.parallel, log, finished: metrics.finished });
  const recovered = dispatcher.start();
  if (recovered > 0) log.info({ deliveries: recovered, journal: journal.file }, 'resuming deliveries whose hooks had not all run');
  const stopPruning = schedulePruning(journal, config, log);
  const reconciling = scheduleReconcile({ config: initial.reconcile, github: initial.github, env: process.env, known: journal, log });
  config.onChange((next) => {
    dispatcher.parallel = next.parallel;
  });
  return {
    intake: embeddedIntake(journal, dispatcher, log),
    journal,
    queue: embeddedQueueProbe(dispatcher, journal),
    stopWork: (graceMs) => dispatcher.stop(graceMs),
    close: async () => {
      stopPruning();
      await reconciling.stop();
      journal.close();
    },
  };
}
