import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from '../log/logger.ts';
import { loadNotifyConfig, type NotifyConfig } from './load-notify-config.ts';

interface Entry {
  /** mtime and size of the version last read, good or not. */
  version: string;
  good?: NotifyConfig;
  error?: string;
}

const entries = new Map<string, Entry>();

/**
 * The notify config in force for a file: read again when its mtime or size changed. A broken
 * edit is logged (file and key, never a value) and the last good version stays in force;
 * without one, the error is thrown.
 */
export async function liveNotifyConfig(file: string, log: Logger): Promise<NotifyConfig> {
  const abs = resolve(file);
  let version: string;
  try {
    const s = await stat(abs);
    version = `${s.mtimeMs}:${s.size}`;
  } catch (err) {
    version = `missing:${(err as NodeJS.ErrnoException).code}`;
  }
  const entry = entries.get(abs);
  if (entry?.version === version) {
    if (entry.good) return entry.good;
    throw new Error(entry.error);
  }
  try {
    const good = await loadNotifyConfig(abs);
    entries.set(abs, { version, good });
    if (entry) log.info({ file: abs }, 'notify config reloaded');
    return good;
  } catch (err) {
    const error = (err as Error).message;
    entries.set(abs, { version, good: entry?.good, error });
    if (entry?.good) {
      log.error({ file: abs, error }, 'notify config edit rejected; the last good version stays in force');
      return entry.good;
    }
    throw err;
  }
}
