import type { Span } from '../message.ts';
import { excerpt } from '../text/excerpt.ts';

/** A message's body from an author's Markdown: its short plain-text excerpt, or none. */
export function bodyOf(markdown: unknown): Span[] | undefined {
  const text = excerpt(markdown);
  return text ? [{ text }] : undefined;
}
