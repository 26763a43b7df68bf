import { escapeText, renderSpans, type Markup } from '../markup.ts';
import type { Message } from '../message.ts';
import { hexColor, isNamed } from './colors.ts';

/**
 * A Slack incoming-webhook message with one attachment (its colour bar). Mattermost and
 * Rocket.Chat take the same payload but read Markdown: their targets set `markup: "markdown"`.
 */
export function slackMessage(message: Message, markup: Extract<Markup, 'mrkdwn' | 'markdown'>): unknown {
  const title = escapeText(message.title, markup);
  // `fallback` is the preview's plain text: Slack still decodes its entities, Mattermost and Rocket.Chat show it as is.
  const fallback = markup === 'mrkdwn' ? title : message.title;
  const attachment: Record<string, unknown> = { fallback, title, mrkdwn_in: ['text', 'fields'] };
  if (message.url) attachment.title_link = message.url;
  const text = renderSpans(message.text, markup);
  if (text) attachment.text = text;
  if (message.facts.length) attachment.fields = message.facts.map((f) => ({ title: escapeText(f.title, markup), value: escapeText(f.value, markup), short: f.value.length < 40 }));
  const color = message.color === 'attention' ? 'danger' : isNamed(message.color) && message.color !== 'accent' ? message.color : hexColor(message.color);
  if (color) attachment.color = /^[0-9A-F]{6}$/.test(color) ? `#${color}` : color;
  // The title is the attachment's (with its link); `fallback` stands in for it in notifications.
  return { attachments: [attachment] };
}
