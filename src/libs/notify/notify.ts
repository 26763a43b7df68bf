import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../base/logger.ts';
import { digest } from './digest.ts';
import { liveNotifyConfig } from './live-notify-config.ts';
import { expandTargets, type NotifyConfig, type Target } from './load-notify-config.ts';
import { plain, type Message } from './message.ts';
import type { Notice, NotifyOptions, NotifyOutcome, TargetOutcome } from './notice.ts';
import { admit, releaseAll } from './rate-limit.ts';
import { renderEvent } from './render-event.ts';
import { postJson } from './send.ts';
import { targetBody } from './target-body.ts';
import { webhookOrigin } from './webhook-origin.ts';

/** GENVOY_NOTIFY_CONFIG, else genvoy's own config/notify.json. */
function defaultConfigFile(): string {
  return process.env.GENVOY_NOTIFY_CONFIG || fileURLToPath(new URL('../../../config/notify.json', import.meta.url));
}

let fallbackLog: Logger | undefined;
const logOf = (options: NotifyOptions) => options.log ?? (fallbackLog ??= createLogger('INFO').child({ part: 'notify' }));

/** Sends a notice to its targets (or the config's default targets). */
export async function notify(notice: Notice, options: NotifyOptions = {}): Promise<NotifyOutcome> {
  const log = logOf(options);
  const config = await liveNotifyConfig(options.configFile ?? defaultConfigFile(), log);
  const message: Message = {
    event: notice.event,
    repository: notice.repository,
    title: notice.title.replace(/\s*\n\s*/g, ' '),
    text: notice.text ? [{ text: notice.text }] : [],
    color: notice.color,
    facts: notice.facts ?? [],
    url: notice.url,
  };
  return send(config, message, notice.targets ?? config.defaultTargets, options, log);
}

export interface EventOutcome extends NotifyOutcome {
  /** Which template rendered it: an `events` key, or `(default)`. */
  template?: string;
  /** Why nothing was sent: the template is not active, or its `when` is false. */
  skipped?: string;
  /** The message's title, as rendered. */
  title?: string;
  /** Its plain text, when no target took it (none configured): to see what would have been sent. */
  text?: string;
  /** Expressions that failed to evaluate (they rendered as nothing). */
  errors?: string[];
}

/** Renders a delivery by its template in the notify config and sends it: what hooks/all.ts does. */
export async function notifyEvent(event: string, payload: Record<string, unknown>, options: NotifyOptions = {}): Promise<EventOutcome> {
  const log = logOf(options);
  const config = await liveNotifyConfig(options.configFile ?? defaultConfigFile(), log);
  const rendered = renderEvent(config, event, payload);
  if ('skipped' in rendered) return { ok: true, targets: [], template: rendered.template, skipped: rendered.skipped };
  if (rendered.errors.length) log.warn({ template: rendered.template, errors: rendered.errors }, 'notify template: expressions failed and rendered as nothing');
  const outcome = await send(config, rendered.message, rendered.targets ?? config.defaultTargets, options, log);
  const taken = outcome.targets.some((t) => t.status === 'sent' || t.status === 'queued');
  return {
    ...outcome,
    template: rendered.template,
    title: rendered.message.title,
    text: taken ? undefined : plain(rendered.message.text),
    errors: rendered.errors.length ? rendered.errors : undefined,
  };
}

const toldUnconfigured = new Set<string>();

/** `once` keys and targets that took their message, with when: kept a day, for the retries of a hook. */
const taken = new Map<string, number>();
const takenForMs = 86_400_000;

function remember(key: string): void {
  const now = Date.now();
  if (taken.size >= 10_000) for (const [k, at] of taken) if (now - at > takenForMs) taken.delete(k);
  taken.set(key, now);
}

async function send(config: NotifyConfig, message: Message, names: string[], { signal, once }: NotifyOptions, log: Logger): Promise<NotifyOutcome> {
  const { targets, unknown } = expandTargets(config, names);
  const outcomes: TargetOutcome[] = unknown.map((name) => ({ target: name, status: 'failed', reason: `no target or alias "${name}" in ${config.file}` }));
  if (targets.length > 0 && targets.every((t) => !t.url) && !toldUnconfigured.has(config.file)) {
    toldUnconfigured.add(config.file);
    log.warn({ file: config.file, targets: targets.map((t) => `${t.name}: ${t.unset}`) }, 'notify: no target is configured; messages are rendered but not sent');
  }
  const sendOnce = async (target: Target): Promise<TargetOutcome> => {
    const key = once === undefined ? undefined : `${once}\0${config.file}\0${target.name}`;
    if (key !== undefined && taken.has(key)) return { target: target.name, status: 'sent', reason: 'taken on an earlier run of this delivery: not sent again' };
    const outcome = await sendTo(target, message, signal, log);
    if (key !== undefined && (outcome.status === 'sent' || outcome.status === 'queued')) remember(key);
    return outcome;
  };
  outcomes.push(...(await Promise.all(targets.map(sendOnce))));
  return { ok: outcomes.every((o) => o.status !== 'failed'), targets: outcomes };
}

async function sendTo(target: Target, message: Message, signal: AbortSignal | undefined, log: Logger): Promise<TargetOutcome> {
  if (!target.url) return { target: target.name, status: 'skipped', reason: target.unset };
  const url = webhookOrigin(target.url);
  const slot = admit(target as Target & { url: string }, message, flushDigest(log));
  if (!slot.now) {
    const inS = Math.max(0, Math.ceil((slot.at - Date.now()) / 1000));
    return { target: target.name, url, status: 'queued', reason: `over ${target.rateLimit.posts} posts per ${target.rateLimit.windowMs / 1000} s: goes out in a digest in about ${inS} s` };
  }
  const { body, shortened } = targetBody(target, message);
  const result = await postJson(target.url, body, { timeoutMs: target.timeoutMs, retries: target.retries, signal });
  if (shortened) log.info({ target: target.name, bytes: Buffer.byteLength(body) }, 'notify: message shortened to fit the target');
  if (!result.ok) {
    log.error({ target: target.name, url, attempts: result.attempts, reason: result.reason }, 'notify: send failed');
    return { target: target.name, url, status: 'failed', reason: result.reason, attempts: result.attempts };
  }
  return { target: target.name, url, status: 'sent', attempts: result.attempts };
}

/** Sends the messages waiting for a digest now (genvoy is stopping): one post per target. */
export function flushNotices(log?: Logger): Promise<void> {
  return releaseAll(flushDigest(logOf({ log })));
}

/** Sends what waited for a target: alone if it is one message, else as a digest. */
function flushDigest(log: Logger) {
  return async (target: Target & { url: string }, waiting: Message[]): Promise<boolean> => {
    const message = waiting.length === 1 ? waiting[0]! : digest(waiting);
    const result = await postJson(target.url, targetBody(target, message).body, { timeoutMs: target.timeoutMs, retries: target.retries });
    const where = { target: target.name, url: webhookOrigin(target.url), messages: waiting.length };
    if (result.ok) log.info(where, 'notify: digest sent');
    else log.error({ ...where, reason: result.reason }, 'notify: digest failed; its messages wait for the next slot');
    return result.ok;
  };
}
