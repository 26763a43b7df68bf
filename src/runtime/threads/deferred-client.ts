import type { GitHubClient } from '../../api/index.ts';

/**
 * A stand-in for context.octokit in a thread that has not loaded GitHub's client (its module
 * never names `octokit`, but reaches it anyway: `{ ...context }`, `context[name]`). Copying
 * it loads nothing; calling a method (`rest.issues.get(…)`, `request(…)`) loads the client
 * and calls the real one, so every call returns a promise.
 */
export function deferredClient(load: () => Promise<GitHubClient>): GitHubClient {
  let client: Promise<GitHubClient> | undefined;
  const at = (path: readonly string[]): unknown =>
    new Proxy(function () {}, {
      // Not a thenable: `await context.octokit` gives the stand-in back.
      get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : at([...path, key])),
      apply: async (_target, _this, args: unknown[]) => {
        let self: unknown;
        let member: unknown = await (client ??= load());
        for (const key of path) [self, member] = [member, (member as Record<string, unknown>)[key]];
        return (member as (...a: unknown[]) => unknown).apply(self, args);
      },
    });
  return at([]) as GitHubClient;
}
