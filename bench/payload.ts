import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

/** The size of the push the reference measurements used (research/anchors.md), so ratios compare. */
const TARGET_BYTES = 7_678;

export interface SignedDelivery {
  body: string;
  bytes: number;
  headers: Record<string, string>;
  /** Where the payload came from, for the report. */
  source: string;
}

interface ExampleGroup {
  name: string;
  examples: unknown[];
}

/**
 * A real push payload from @octokit/webhooks-examples (the one closest to TARGET_BYTES),
 * signed as GitHub signs it. The same body is sent on every request (each with its own delivery id).
 */
export function signedPush(secret: string): SignedDelivery {
  const require = createRequire(import.meta.url);
  // Read with require: the package's entry point is a JSON file.
  const groups = require('@octokit/webhooks-examples') as ExampleGroup[];
  const { version } = require('@octokit/webhooks-examples/package.json') as { version: string };
  const bodies = (groups.find((group) => group.name === 'push')?.examples ?? []).map((example) => JSON.stringify(example));
  if (bodies.length === 0) throw new Error('@octokit/webhooks-examples has no push example');

  const distance = (body: string) => Math.abs(Buffer.byteLength(body) - TARGET_BYTES);
  const index = bodies.reduce((best, body, i) => (distance(body) < distance(bodies[best]!) ? i : best), 0);
  const body = bodies[index]!;
  return {
    body,
    bytes: Buffer.byteLength(body),
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    source: `@octokit/webhooks-examples ${version}, push example #${index}`,
  };
}
