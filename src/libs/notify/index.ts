/**
 * `genvoy/notify`: chat messages from a hook, to the targets of config/notify.json.
 *
 *   import { notifyEvent } from 'genvoy/notify';
 */
export type { Notice, NotifyOptions, NotifyOutcome, TargetOutcome } from './notice.ts';
export { notify, notifyEvent } from './notify.ts';
export type { EventOutcome } from './notify.ts';

/**
 * @internal Called by genvoy when a hook thread closes: messages held back by a rate limit
 * live in the thread's memory, so out they go as a digest.
 */
export { flushNotices as onThreadClose } from './notify.ts';
