import type { Logger } from '../../base/logger.ts';
import type { Intake, Taken } from '../intake.ts';
import { Rejection } from '../../pipeline/receive/rejection.ts';
import type { Outbox } from './outbox.ts';

/**
 * Where a relay's deliveries go: its journal, until an agent acknowledges them. A GitHub
 * redelivery of one an agent already took is handed over again, so that the agent's journal
 * decides, as for a direct redelivery (repeat nothing, or run the hooks that failed).
 */
export function relayIntake(outbox: Outbox, log: Logger): Pick<Intake, 'take'> {
  return {
    async take(delivery, headers, steps): Promise<Taken> {
      const { journal } = outbox;
      let entry;
      try {
        entry = await journal.accept(delivery, headers, steps);
      } catch (err) {
        throw new Rejection(503, 'journal_unavailable', `the relay's journal cannot be written (${(err as Error).message}): delivery not accepted; redeliver it once fixed`);
      }
      if (entry.kind === 'known' && entry.state !== 'pending') {
        journal.restart(delivery.id, steps);
        log.info({ delivery: delivery.id, event: delivery.event }, 'redelivery of a delivery an agent already took: handed over again');
      }
      outbox.wake();
      return { kind: 'relayed' };
    },
  };
}
