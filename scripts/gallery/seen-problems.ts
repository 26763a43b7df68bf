import type { RenderedCard } from './card-renderer.ts';

/**
 * The tallest card, in CSS pixels at Teams' 620 px column, that a reader sees whole: a Teams
 * window on a 1366×768 laptop leaves about 640 px between the channel's header and its compose
 * box. A taller card is scrolled through, not read.
 */
export const maxCardHeight = 640;

/** Markdown the author or a template wrote that a renderer left as text: headings, bold, fences, backslash escapes. */
const rawMarkdown = /^#{1,6}\s|\*\*|```|~~~|\\[!-/:-@[-`{-~]/m;

/**
 * What is wrong with a card as a reader sees it in the Teams-like host: a parse or validation
 * warning, a height over the limit, raw Markdown in its text, text reversed by a control character.
 */
export function seenProblems(card: RenderedCard): string[] {
  const problems = card.warnings.map((w) => `adaptivecards: ${w}`);
  if (card.height > maxCardHeight) problems.push(`${Math.round(card.height)} px tall, over ${maxCardHeight} px`);
  const raw = card.text.split('\n').find((line) => rawMarkdown.test(line));
  if (raw !== undefined) problems.push(`raw Markdown shown: ${JSON.stringify(raw.slice(0, 100))}`);
  for (const r of card.reversed) problems.push(`reversed text: ${JSON.stringify(r)}`);
  return problems;
}
