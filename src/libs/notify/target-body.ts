import { adaptiveCard } from './formats/adaptive-card.ts';
import { jsonPost } from './formats/json-post.ts';
import { messageCard } from './formats/message-card.ts';
import { slackMessage } from './formats/slack.ts';
import type { Target } from './load-notify-config.ts';
import type { Message } from './message.ts';
import { fitted } from './shorten.ts';
import { messageWithoutInvisible } from './text/invisible.ts';

/**
 * The largest body, in bytes of JSON, each kind of target takes. Teams documents 28 KB but
 * fails from about 21 KB on; Slack cuts texts at 40,000 characters.
 */
export const maxBytes: Record<Target['type'], number> = { teams: 20_000, messagecard: 20_000, slack: 30_000, json: 100_000 };

/**
 * A message as the target's JSON body, shortened to fit its size limit. GitHub's texts go out
 * without bidirectional controls and other invisible characters, whatever wrote the message.
 */
export function targetBody(target: Pick<Target, 'type' | 'markup'>, written: Message): { body: string; shortened: boolean } {
  const message = messageWithoutInvisible(written);
  switch (target.type) {
    case 'teams':
      return fitted(message, adaptiveCard, maxBytes.teams);
    case 'messagecard':
      return fitted(message, messageCard, maxBytes.messagecard);
    case 'slack':
      return fitted(message, (m) => slackMessage(m, target.markup), maxBytes.slack);
    case 'json':
      return fitted(message, jsonPost, maxBytes.json);
  }
}
