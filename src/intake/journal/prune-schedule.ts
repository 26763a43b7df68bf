import type { LiveConfig } from '../../config/watch-config.ts';
import type { Logger } from '../../base/logger.ts';
import type { Journal } from './journal.ts';

/** Prunes finished deliveries older than `journal_retention_days` now and every 6 hours; returns the stop. */
export function schedulePruning(journal: Journal, config: LiveConfig, log: Logger): () => void {
  const pruneOld = () => {
    try {
      log.debug({ removed: journal.prune(Date.now() - config.current.journal_retention_days * 86_400_000) }, 'journal pruned');
    } catch (err) {
      log.error({ err, journal: journal.file }, 'pruning the journal failed; tried again in 6 hours');
    }
  };
  pruneOld();
  const pruning = setInterval(pruneOld, 6 * 3600_000).unref();
  return () => clearInterval(pruning);
}
