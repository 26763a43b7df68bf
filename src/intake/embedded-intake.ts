import type { Logger } from '../base/logger.ts';
import { Rejection } from '../pipeline/receive/rejection.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { Intake, Taken } from './intake.ts';
import type { Journal } from './journal/journal.ts';

/** The default intake: the journal on this machine, hooks run by this process. */
export function embeddedIntake(journal: Journal, dispatcher: Dispatcher, log: Logger): Intake {
  return {
    async take(delivery, headers, steps): Promise<Taken> {
      let entry;
      try {
        entry = await journal.accept(delivery, headers, steps);
      } catch (err) {
        // Not journaled means not accepted: GitHub records the failure and can redeliver it.
        throw new Rejection(503, 'journal_unavailable', `the journal cannot be written (${(err as Error).message}): delivery not accepted; redeliver it once fixed`);
      }
      if (entry.kind === 'new') {
        if (steps.length === 0) return { kind: 'recorded', results: {} };
        const run = dispatcher.submit(delivery, steps);
        return { kind: 'queued', hooks: steps.map((s) => s.hook), results: run.results, done: run.done };
      }
      const where = { delivery: delivery.id, event: delivery.event };
      if (dispatcher.queued(delivery.id)) {
        log.info(where, 'redelivery of a delivery whose hooks are still queued or running: nothing added');
        return { kind: 'in-progress' };
      }
      if (entry.state === 'done') {
        log.info(where, 'redelivery of a delivery whose hooks all succeeded: not run again, the recorded answer is repeated');
        return { kind: 'recorded', results: Object.fromEntries(journal.hooks(delivery.id).flatMap((h) => (h.result ? [[h.hook, h.result]] : []))) };
      }
      const again = journal.again(delivery.id);
      log.info({ ...where, hooks: again.map((s) => s.hook) }, 'redelivery: the hooks that did not succeed run again');
      const run = dispatcher.submit(delivery, again);
      return { kind: 'queued', hooks: again.map((s) => s.hook), results: run.results, done: run.done };
    },

    async replay(id, route, scope = 'all') {
      const delivery = journal.delivery(id);
      if (!delivery) return { kind: 'unknown' };
      if (dispatcher.queued(id)) return { kind: 'running' };
      let steps;
      if (scope === 'failed') steps = journal.restartFailed(id);
      else journal.restart(id, (steps = route(delivery)));
      if (steps.length > 0) dispatcher.submit(delivery, steps);
      log.info({ delivery: id, event: delivery.event, hooks: steps.map((s) => s.hook), scope }, 'replay');
      return { kind: 'replayed', hooks: steps.map((s) => s.hook) };
    },

    async dead(since) {
      return journal
        .list({ state: 'dead', since, limit: 10_000 })
        .reverse()
        .map((d) => d.id);
    },
  };
}
