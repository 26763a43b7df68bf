import { htmlToMarks } from './html-marks.ts';
import type { Note } from './note.ts';

/** What became of the original's hooks/all.json: genvoy's notify.json, and the files that hold its URLs. */
export interface ConvertedNotify {
  notify: Record<string, unknown>;
  /** File name under config/secrets/ → the URL it holds. */
  secrets: Map<string, string>;
  notes: Note[];
}

/** Top-level keys of all.json that are no event. */
const settings = new Set(['debug_level', 'webhook', 'rss', 'email']);
/** Keys of an event's section the original's `all` hook read, and those it never did. */
const eventKeys = new Set(['active', 'webhook', 'title', 'message', 'color']);
const unusedEventKeys = new Set(['rss', 'email']);

/** An http(s) URL with a real host (the samples' `https://...` is none). */
function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && /[A-Za-z0-9]/.test(url.hostname);
  } catch {
    return false;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const targetName = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_') || '_';

/**
 * The original's `all` hook posted each event to Teams (a MessageCard) by the section of its
 * name in hooks/all.json, to the URLs its `webhook` list names: `@name` for one of the
 * top-level `webhook` URLs, `!file` for a file holding one (`files` has what each held, or
 * undefined where it could not be read), or a URL; without a list, to `webhook.default`.
 * Each URL becomes a `messagecard` target whose URL is kept in a file of config/secrets/
 * (notify.json names it `!secrets/…`), never in the notes.
 */
export function convertNotify(all: unknown, files: ReadonlyMap<string, string | undefined>): ConvertedNotify {
  const notes: Note[] = [];
  const secrets = new Map<string, string>();
  const targets: Record<string, unknown> = {};
  const events: Record<string, unknown> = {};
  const notify: Record<string, unknown> = {
    $comment: "Converted by genvoy migrate from the original's hooks/all.json; the URLs are in secrets/. See docs/guides/notifications.md.",
    targets,
    default_targets: [],
    events,
  };
  if (!isObject(all)) {
    notes.push({ kind: 'hand', text: 'hooks/all.json is no JSON object: config/notify.json has no targets' });
    return { notify, secrets, notes };
  }
  const addTarget = (name: string, url: string, from: string) => {
    const file = `${name}.url`;
    targets[name] = { type: 'messagecard', url: `!secrets/${file}` };
    secrets.set(file, url.trim());
    notes.push({ kind: 'change', text: `notify: ${from} → target "${name}" (type messagecard, the card the original sent), its URL in config/secrets/${file}` });
    if (/(^|\.)(office\.com|office365\.com)$/i.test(new URL(url.trim()).hostname)) {
      notes.push({ kind: 'hand', text: `notify: target "${name}" is an Office 365 connector URL, which Microsoft has switched off: make a Teams Workflows webhook, put its URL in config/secrets/${file} and set the target's type to "teams"` });
    }
  };

  const webhooks = isObject(all.webhook) ? all.webhook : {};
  if (!isObject(all.webhook)) notes.push({ kind: 'hand', text: 'notify: hooks/all.json has no "webhook" section: no target to send to' });
  for (const [name, url] of Object.entries(webhooks)) {
    if (isUrl(url)) addTarget(targetName(name), url, `webhook "${name}"`);
    else notes.push({ kind: 'dropped', text: `notify: webhook "${name}" is no URL: no target (the original could not send to it either)` });
  }
  if (Object.hasOwn(targets, 'default')) notify.default_targets = ['default'];

  /** A file or URL named in several lists is one target. */
  const named = new Map<string, string>();
  const targetFor = (key: string, prefix: string, url: string, from: string): string => {
    let name = named.get(key);
    if (name === undefined) {
      name = `${prefix}-${named.size + 1}`;
      named.set(key, name);
      addTarget(name, url, from);
    }
    return name;
  };
  /** A `webhook` list of one event, as target names; what cannot be resolved the original skipped as well. */
  const resolve = (event: string, list: unknown[]): string[] => {
    const names: string[] = [];
    for (const ref of list) {
      if (typeof ref !== 'string' || ref === '') continue;
      if (ref.startsWith('@')) {
        const name = targetName(ref.slice(1));
        if (Object.hasOwn(targets, name) && Object.hasOwn(webhooks, ref.slice(1))) names.push(name);
        else notes.push({ kind: 'dropped', text: `notify: events.${event}: "${ref}" names no webhook URL: left out (the original skipped it)` });
      } else if (ref.startsWith('!')) {
        const content = files.get(ref.slice(1));
        if (content === undefined) {
          notes.push({ kind: 'dropped', text: `notify: events.${event}: the file "${ref.slice(1)}" cannot be read: left out (the original skipped it)` });
          continue;
        }
        if (!isUrl(content.trim())) {
          notes.push({ kind: 'hand', text: `notify: events.${event}: the file "${ref.slice(1)}" holds no URL: left out` });
          continue;
        }
        names.push(targetFor(ref, 'file', content, `the file "${ref.slice(1)}"`));
      } else if (isUrl(ref)) {
        names.push(targetFor(ref, 'url', ref, `a URL in events.${event}.webhook`));
      } else {
        notes.push({ kind: 'dropped', text: `notify: events.${event}: a webhook entry that is no URL: left out (the original could not send to it)` });
      }
    }
    return [...new Set(names)];
  };

  let converted = 0;
  const italics: string[] = [];
  for (const [key, section] of Object.entries(all)) {
    if (settings.has(key)) continue;
    if (!isObject(section)) {
      notes.push({ kind: 'hand', text: `notify: "${key}" in hooks/all.json is no event section: not carried` });
      continue;
    }
    const template: Record<string, unknown> = {};
    for (const field of ['title', 'message'] as const) {
      if (typeof section[field] !== 'string') continue;
      const { text, kept } = htmlToMarks(section[field]);
      if (/<\/?(?:i|em)>/i.test(section[field])) italics.push(`${key}.${field}`);
      if (text !== section[field]) converted++;
      if (kept.length) notes.push({ kind: 'hand', text: `notify: events.${key}.${field}: HTML genvoy has no mark for, kept as text: ${kept.join(' ')}` });
      if (field === 'title' && text === '') continue; // an empty title: genvoy's default title
      template[field] = text;
    }
    if (typeof section.color === 'string' && section.color !== '') template.color = section.color;
    if (typeof section.active === 'boolean') template.active = section.active;
    if (section.active === false) notes.push({ kind: 'change', text: `notify: events.${key}.active is false: genvoy sends nothing for ${key} (the original's all hook ignored "active" and sent)` });
    if (Array.isArray(section.webhook)) template.targets = resolve(key, section.webhook);
    for (const field of Object.keys(section)) {
      if (unusedEventKeys.has(field)) notes.push({ kind: 'dropped', text: `notify: events.${key}.${field}: the original's all hook never read it` });
      else if (!eventKeys.has(field)) notes.push({ kind: 'hand', text: `notify: events.${key}.${field}: unknown to the original's all hook and to genvoy: not carried` });
    }
    events[key] = template;
  }
  if (converted) notes.push({ kind: 'change', text: `notify: HTML in ${converted} title${converted === 1 ? '' : 's'} and message${converted === 1 ? '' : 's'} → genvoy's marks (**bold**, [label](url), new lines)${italics.length ? `; <i> has no mark and was left off (${italics.join(', ')})` : ''}` });
  for (const key of ['rss', 'email']) {
    if (Object.hasOwn(all, key)) notes.push({ kind: 'dropped', text: `notify: "${key}" in hooks/all.json: the original's all hook never sent to it` });
  }
  if (Object.hasOwn(all, 'debug_level')) notes.push({ kind: 'dropped', text: 'notify: "debug_level" in hooks/all.json: the all hook\'s own log level; genvoy logs at config.json\'s debug_level' });
  return { notify, secrets, notes };
}
