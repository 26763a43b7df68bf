import { createRequire } from 'node:module';

// adaptivecards' lib/ is ESM Node cannot load; its UMD bundle runs in plain Node without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

/**
 * What is wrong with a Teams Workflows post: its envelope, its card's version (Teams renders
 * up to 1.5), and everything the adaptivecards parser and validator report at 1.5.
 */
export function cardProblems(post: any): string[] {
  const problems: string[] = [];
  if (post?.type !== 'message') problems.push('envelope: type is not "message"');
  const attachment = post?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('envelope: not an Adaptive Card attachment');
  if (attachment?.contentUrl !== null) problems.push('envelope: contentUrl is not null');
  const card = attachment?.content;
  if (card?.type !== 'AdaptiveCard') problems.push('card: type is not AdaptiveCard');
  if (!(Number(card?.version) <= 1.5)) problems.push(`card: version ${card?.version} is above 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}
