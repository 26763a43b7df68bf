import { exampleGroups } from '../../src/testing/webhook-examples.ts';

export interface Example {
  event: string;
  payload: Record<string, unknown>;
}

/** Every example payload GitHub documents, from @octokit/webhooks-examples. */
export const examples: Example[] = exampleGroups().flatMap((d) => d.examples.map((payload) => ({ event: d.name, payload })));

export function example(event: string, match: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = examples.find((e) => e.event === event && match(e.payload));
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found.payload);
}

/** A push of commits to a branch (not a tag, not a deletion). */
export function branchPush(): Record<string, unknown> {
  return example('push', (p) => p.deleted === false && String(p.ref).startsWith('refs/heads/'));
}
