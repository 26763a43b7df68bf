import type { Handler } from 'genvoy';
import { notifyEvent } from 'genvoy/notify';
import { join } from 'node:path';

/**
 * Runs for every event: says it in the chat targets of config/notify.json (or the file
 * GENVOY_NOTIFY_CONFIG names), by genvoy's built-in message of the event or the template the
 * config gives it; CI that went well is not sent unless `ci_events` is "all". The config is
 * read again when it changes. A send that fails fails this hook, with each target's reason.
 */
export const handle: Handler = async (payload, event, { delivery, log, signal }) => {
  const configFile = process.env.GENVOY_NOTIFY_CONFIG || join(import.meta.dirname, '../config/notify.json');
  // `once`: when genvoy retries this hook after one target failed, the others are not sent it again.
  const outcome = await notifyEvent(event, payload as unknown as Record<string, unknown>, { configFile, log, signal, once: delivery });
  const named = (status: string) => outcome.targets.filter((t) => t.status === status);
  const failed = named('failed');
  if (failed.length) throw new Error(`notify failed: ${failed.map((t) => `${t.target}: ${t.reason}`).join('; ')}`);
  if (outcome.skipped) return { skipped: outcome.skipped };
  const list = (status: string) => (named(status).length ? named(status).map((t) => (t.reason ? `${t.target} (${t.reason})` : t.target)) : undefined);
  return {
    title: outcome.title,
    template: outcome.template,
    sent: list('sent'),
    queued: list('queued'),
    not_configured: list('skipped'),
    text: outcome.text,
    errors: outcome.errors,
  };
};
