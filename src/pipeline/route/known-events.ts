import { emitterEventNames } from '@octokit/webhooks';

/** Every event GitHub sends (per @octokit/webhooks), plus `all`, the catch-all hook prefix. */
export const knownEvents: ReadonlySet<string> = new Set(['all', ...emitterEventNames.filter((name) => !name.includes('.'))]);
