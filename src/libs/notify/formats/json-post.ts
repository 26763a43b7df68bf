import { plain, type Message } from '../message.ts';

/** A generic JSON POST: plain texts, for a receiver of your own. */
export function jsonPost(message: Message): unknown {
  return {
    event: message.event,
    repository: message.repository,
    title: message.title,
    text: plain(message.text),
    color: message.color,
    facts: message.facts,
    url: message.url,
  };
}
