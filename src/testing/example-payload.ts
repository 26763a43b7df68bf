import type { WebhookEventMap, WebhookEventName } from '@octokit/webhooks-types';
import { editDistance } from '../base/edit-distance.ts';
import { exampleFormat, exampleGroups, pickExample } from './webhook-examples.ts';

type ActionOf<E extends WebhookEventName> = WebhookEventMap[E] extends infer P ? (P extends { action: infer A extends string } ? A : never) : never;

/** `push`, `issues.opened`, and either with `:N` for the Nth example (`issues.opened:2`). */
export type ExampleName =
  | { [E in WebhookEventName]: E | `${E}.${ActionOf<E>}` }[WebhookEventName]
  | `${WebhookEventName}:${number}`
  | `${WebhookEventName}.${string}:${number}`;

/** The payload type an example's name stands for: `issues.opened` → IssuesOpenedEvent. */
export type ExamplePayload<N extends string> = N extends `${infer Name}:${number}`
  ? ExamplePayload<Name>
  : N extends `${infer E extends WebhookEventName}.${infer A}`
    ? [Extract<WebhookEventMap[E], { action: A }>] extends [never]
      ? WebhookEventMap[E]
      : Extract<WebhookEventMap[E], { action: A }>
    : N extends WebhookEventName
      ? WebhookEventMap[N]
      : never;

/**
 * A payload GitHub documents (from @octokit/webhooks-examples), a fresh copy each call:
 * `examplePayload('issues.opened')`, `examplePayload('push')`. Throws for a name without an
 * example, naming the closest ones.
 */
export function examplePayload<N extends ExampleName>(name: N): ExamplePayload<N> {
  const found = pickExample(exampleGroups(), name);
  if (!found) throw new Error(`no example payload "${name}" (expected ${exampleFormat}); the closest: ${closestNames(name).join(', ')}`);
  return found.payload as ExamplePayload<N>;
}

/** The example names nearest to `name` by edit distance, nearest first. */
function closestNames(name: string): string[] {
  const names = exampleGroups().flatMap((group) => [group.name, ...new Set(group.examples.flatMap((p) => (typeof p.action === 'string' ? [`${group.name}.${p.action}`] : [])))]);
  const bare = name.replace(/:\d+$/, '');
  return names
    .map((candidate) => ({ candidate, distance: editDistance(bare, candidate) }))
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, 5)
    .map(({ candidate }) => candidate);
}
