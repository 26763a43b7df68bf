import type { Message, Span } from './message.ts';
import { clip } from './text/clip.ts';

/** A message whose texts together hold about `budget` characters: long parts are cut first. */
export function shorten(message: Message, budget: number): Message {
  let left = budget;
  const text: Span[] = [];
  for (const span of message.text) {
    if (left <= 0) break;
    const cut = clip(span.text, left);
    text.push({ ...span, text: cut });
    left -= cut.length;
  }
  if (text.length < message.text.length || left <= 0) text.push({ text: `\n(shortened to fit the target's size limit)` });
  const maxFacts = Math.max(2, Math.floor(budget / 100));
  return {
    ...message,
    title: clip(message.title, Math.min(200, Math.max(40, budget / 4))),
    text,
    facts: message.facts.slice(0, maxFacts).map((f) => ({ title: clip(f.title, 60), value: clip(f.value, Math.max(40, budget / 8)) })),
  };
}

/**
 * The largest body that stays under `maxBytes`: the whole message if it fits, else the message
 * shortened step by step. Never fails: the last step is the title alone.
 */
export function fitted(message: Message, build: (m: Message) => unknown, maxBytes: number): { body: string; shortened: boolean } {
  const whole = JSON.stringify(build(message));
  if (Buffer.byteLength(whole) <= maxBytes) return { body: whole, shortened: false };
  for (let budget = 8000; budget >= 100; budget = Math.floor(budget / 2)) {
    const body = JSON.stringify(build(shorten(message, budget)));
    if (Buffer.byteLength(body) <= maxBytes) return { body, shortened: true };
  }
  return { body: JSON.stringify(build({ ...message, title: clip(message.title, 100), text: [], facts: [] })), shortened: true };
}
