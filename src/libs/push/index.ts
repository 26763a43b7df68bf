/**
 * `genvoy/push`: the shipped push hook (clone, then scan what the push added for secrets),
 * to export from a hook file with settings of your own.
 *
 *   import { pushHook } from 'genvoy/push';
 *   export const handle = pushHook({ configFile: 'config/push.json' });
 */
export type { Finding } from '../secrets/find-secrets.ts';
export { pushHook } from './push-hook.ts';
export type { PushHookOptions, PushResult } from './push-hook.ts';

/** @internal Its secret alerts go out through genvoy/notify: held ones are sent when a hook thread closes. */
export { flushNotices as onThreadClose } from '../notify/notify.ts';
