import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { sign } from '../src/pipeline/guard/sign-body.ts';
import { exampleGroups } from '../src/testing/webhook-examples.ts';

/** The size of the push the reference measurements used (research/anchors.md), so ratios compare. */
const TARGET_BYTES = 7_678;

export interface SignedDelivery {
  body: string;
  bytes: number;
  headers: Record<string, string>;
  /** The same push once per repository, each body with its own signature, sent in turn. */
  variants: Array<{ body: string; signature: string }>;
  /** Where the payload came from, for the report. */
  source: string;
}

/**
 * A real push payload from @octokit/webhooks-examples (the one closest to TARGET_BYTES),
 * signed as GitHub signs it, in `repositories` copies that differ only in the repository's
 * name: an organisation's traffic, whose repositories genvoy runs side by side (one
 * ordered hook's runs for one repository run in order, one at a time).
 */
export function signedPush(secret: string, repositories: number): SignedDelivery {
  const require = createRequire(import.meta.url);
  const { version } = require('@octokit/webhooks-examples/package.json') as { version: string };
  const examples = exampleGroups().find((group) => group.name === 'push')?.examples ?? [];
  if (examples.length === 0) throw new Error('@octokit/webhooks-examples has no push example');

  const distance = (example: unknown) => Math.abs(Buffer.byteLength(JSON.stringify(example)) - TARGET_BYTES);
  const index = examples.reduce<number>((best, example, i) => (distance(example) < distance(examples[best]) ? i : best), 0);
  const example = examples[index] as { repository: { name: string; full_name: string } };
  const variants = Array.from({ length: repositories }, (_, i) => {
    const name = `${example.repository.name}-${i}`;
    const full_name = `${example.repository.full_name}-${i}`;
    const body = JSON.stringify({ ...example, repository: { ...example.repository, name, full_name } });
    return { body, signature: sign(body, secret) };
  });
  const { body, signature } = variants[0]!;
  return {
    body,
    bytes: Buffer.byteLength(body),
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    variants,
    source: `@octokit/webhooks-examples ${version}, push example #${index}`,
  };
}
