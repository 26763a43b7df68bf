import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { LiveConfig } from '../../config/watch-config.ts';
import type { Journal } from '../../intake/journal/journal.ts';
import type { HookFolder } from '../../runtime/hook-folder/hook-folder.ts';
import type { Check, CheckResult } from './readiness.ts';

/** The longest the journal check waits for a lock another process holds: it blocks the event loop meanwhile. */
const journalWaitMs = 100;

export interface ReadinessSources {
  config: LiveConfig;
  /** The embedded journal; none with a Redis queue. */
  journal: Journal | undefined;
  queue: Check;
  folder: () => HookFolder;
}

/** What /readyz checks: the config, the journal (embedded), the queue and the hooks folder. */
export function readinessChecks({ config, journal, queue, folder }: ReadinessSources): Record<string, Check> {
  return { config: () => configCheck(config), ...(journal && { journal: () => journalCheck(journal) }), queue, hooks: () => hooksCheck(folder()) };
}

/**
 * A config is always in force. A rejected edit leaves the config before it in force, and
 * genvoy serves on with it, so it is a warning, not unreadiness: taken out of service, every
 * replica of a shared config would stop at once over one typo.
 */
export function configCheck(config: LiveConfig): CheckResult {
  const { file } = config.current;
  const rejected = config.rejectedEdit;
  return {
    ok: true,
    detail: `${file || 'config'} in force`,
    ...(rejected && { warning: `the edit at ${new Date(rejected.at).toISOString()} was rejected, the config before it stays in force: ${rejected.error}` }),
  };
}

/** A real write, committed: what accepting a delivery needs. */
export function journalCheck(journal: Journal): CheckResult {
  try {
    journal.checkWritable(journalWaitMs);
    return { ok: true, detail: `${journal.file} writable` };
  } catch (err) {
    return { ok: false, detail: `${journal.file} cannot be written: ${(err as Error).message}` };
  }
}

/** The folder can be read; modules that failed to load are a warning (the other hooks run). */
async function hooksCheck(folder: HookFolder): Promise<CheckResult> {
  try {
    await access(folder.dir, constants.R_OK | constants.X_OK);
  } catch (err) {
    return { ok: false, detail: `${folder.dir} cannot be read: ${(err as Error).message}` };
  }
  const hooks = folder.describe();
  const failing = hooks.filter((hook) => hook.error !== undefined).map((hook) => hook.name);
  return {
    ok: true,
    detail: `${folder.dir} readable, hooks: ${hooks.length}`,
    ...(failing.length > 0 && { warning: `modules that failed to load: ${failing.join(', ')}` }),
  };
}
