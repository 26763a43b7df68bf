import { resolve } from 'node:path';
import type { Logger } from '../../base/logger.ts';
import { RereadOnChange } from '../../config/reread-on-change.ts';
import { loadNotifyConfig, type NotifyConfig } from './load-notify-config.ts';

const files = new Map<string, RereadOnChange<NotifyConfig>>();

/**
 * The notify config in force for a file, shared by every hook of the process: read again
 * when the file changed; a broken edit is logged and the last good version stays.
 */
export function liveNotifyConfig(file: string, log: Logger): Promise<NotifyConfig> {
  const abs = resolve(file);
  let live = files.get(abs);
  if (!live) files.set(abs, (live = new RereadOnChange(abs, (f) => loadNotifyConfig(f))));
  return live.get(log);
}
