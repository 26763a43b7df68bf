import { escapeText, renderSpans } from '../markup.ts';
import type { Message } from '../message.ts';
import { hexColor } from './colors.ts';

/** The legacy Office 365 connector MessageCard, for tools that still take it. */
export function messageCard(message: Message): unknown {
  const section: Record<string, unknown> = { markdown: true };
  const text = renderSpans(message.text, 'markdown-html');
  if (text) section.text = text;
  if (message.facts.length) section.facts = message.facts.map((f) => ({ name: escapeText(f.title, 'markdown-html'), value: escapeText(f.value, 'markdown-html') }));
  const card: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'http://schema.org/extensions',
    summary: message.title,
    title: escapeText(message.title, 'markdown-html'),
    sections: [section],
  };
  const color = hexColor(message.color);
  if (color) card.themeColor = color;
  if (message.url) card.potentialAction = [{ '@type': 'OpenUri', name: 'Open on GitHub', targets: [{ os: 'default', uri: message.url }] }];
  return card;
}
