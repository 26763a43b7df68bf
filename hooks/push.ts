import { join } from 'node:path';
import type { Handler } from 'genvoy';
import { pushHook } from 'genvoy/push';

/**
 * Clones every push to a public repository into `clone_dir/<timestamp>/` and scans what the
 * push added for secrets; findings are the answer and go out as one alert through the
 * notification targets. Settings: config/push.json, or the file GENVOY_PUSH_CONFIG names.
 */
export const handle: Handler<'push'> = pushHook({
  configFile: process.env.GENVOY_PUSH_CONFIG || join(import.meta.dirname, '../config/push.json'),
});
