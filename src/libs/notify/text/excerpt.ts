import { clip } from './clip.ts';
import { markdownToPlain } from './markdown-to-plain.ts';

/** How much of an author's text a card shows: a glance, not the page (the card links to it). */
const maxChars = 280;
const maxLines = 4;
/** Characters of the author's Markdown read: enough for four lines whatever its markup. */
const markdownRead = 4000;

/**
 * A short excerpt of Markdown written on GitHub (an issue's, pull request's, release's or
 * comment's body): its plain text, blank lines dropped, at most four lines and about 280
 * characters, cut at a word with an ellipsis. Empty when there is nothing to show.
 */
export function excerpt(markdown: unknown): string {
  if (typeof markdown !== 'string') return '';
  // Four lines never need more than the start; the rest would cost its conversion (quadratic on hostile text).
  const lines = markdownToPlain(markdown.slice(0, markdownRead)).split('\n').map((l) => l.trim()).filter(Boolean);
  const kept = lines.slice(0, maxLines).join('\n');
  const cut = clip(kept, maxChars);
  return lines.length > maxLines && cut === kept ? `${kept} …` : cut;
}
