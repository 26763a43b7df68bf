import { escapeText, renderSpans } from '../markup.ts';
import type { Message } from '../message.ts';
import { isNamed } from './colors.ts';

/**
 * A Teams Workflows post ("When a Teams webhook request is received"): an Adaptive Card 1.5
 * (the newest Teams renders) inside a `message` attachment. The colour tints the card.
 */
export function adaptiveCard(message: Message): unknown {
  const text = renderSpans(message.text, 'markdown');
  const items: unknown[] = [
    { type: 'TextBlock', text: escapeText(message.title, 'markdown'), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (text) items.push({ type: 'TextBlock', text, wrap: true, spacing: 'Small' });
  if (message.facts.length) {
    items.push({ type: 'FactSet', facts: message.facts.map((f) => ({ title: escapeText(f.title, 'markdown'), value: escapeText(f.value, 'markdown') })) });
  }
  const style = isNamed(message.color) ? message.color : message.color ? 'emphasis' : undefined;
  const content: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    msteams: { width: 'Full' },
    body: [{ type: 'Container', ...(style ? { style, bleed: true } : {}), items }],
  };
  if (message.url) content.actions = [{ type: 'Action.OpenUrl', title: 'Open on GitHub', url: message.url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}
