import { holds } from '../../base/expression.ts';
import { quietCi } from './ci-quiet.ts';
import { describeEvent } from './describe-event.ts';
import type { EventTemplate, NotifyConfig } from './load-notify-config.ts';
import { plain, safeUrl, type Message, type Span } from './message.ts';
import { renderTemplate, type Scope, type Template } from './template.ts';

export type RenderedEvent =
  | { skipped: string; template?: string }
  | { message: Message; targets?: string[]; template: string; errors: string[] };

/** The template for a delivery: `event.action`, then `event`, then `*`; undefined means the built-in default. */
function templateFor(config: NotifyConfig, event: string, action: string | undefined): EventTemplate | undefined {
  return (action && config.events.get(`${event}.${action}`)) || config.events.get(event) || config.events.get('*');
}

/**
 * A delivery as a message, by its template (each part it leaves out is the built-in message's);
 * or why none is sent: CI that went well (unless `ci_events` is "all"), inactive, `when` false.
 */
export function renderEvent(config: NotifyConfig, event: string, payload: Record<string, unknown>): RenderedEvent {
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const template = templateFor(config, event, action);
  const quiet = config.ciEvents === 'all' ? undefined : quietCi(event, payload);
  if (quiet) return { skipped: quiet, template: template?.key ?? '(default)' };
  const builtIn = describeEvent(event, payload);
  if (!template) return { message: builtIn, template: '(default)', errors: [] };
  if (!template.active) return { skipped: `events.${template.key} is not active`, template: template.key };
  if (template.when) {
    let holdsNow: boolean;
    try {
      holdsNow = holds(template.when, { ...payload, event });
    } catch (err) {
      return { message: builtIn, template: template.key, errors: [(err as Error).message] };
    }
    if (!holdsNow) return { skipped: `when: ${template.when}`, template: template.key };
  }
  const scope: Scope = { event, payload };
  const errors: string[] = [];
  const text = (t: Template) => {
    const r = renderTemplate(t, scope);
    errors.push(...r.errors);
    return r.spans;
  };
  const line = (t: Template) => plain(text(t)).replace(/\s*\n\s*/g, ' ').trim();
  const repository = (payload.repository as { full_name?: unknown } | undefined)?.full_name;
  const message: Message = {
    ...builtIn,
    repository: typeof repository === 'string' ? repository : undefined,
    title: (template.title && line(template.title)) || builtIn.title,
    text: template.message ? trimEnd(text(template.message)) : builtIn.text,
    color: template.color ? line(template.color) || undefined : builtIn.color,
    facts: template.facts.map((f) => ({ title: line(f.title), value: plain(text(f.value)) })).filter((f) => f.title && f.value),
    url: template.url ? safeUrl(line(template.url)) : builtIn.url,
  };
  return { message, targets: template.targets, template: template.key, errors };
}

/** Without the blank lines a template leaves at its end when its last parts render as nothing. */
function trimEnd(spans: Span[]): Span[] {
  const out = [...spans];
  while (out.length && !out.at(-1)!.href && !out.at(-1)!.text.trimEnd()) out.pop();
  const last = out.at(-1);
  if (last && !last.href) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out;
}
