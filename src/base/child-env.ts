/**
 * The variables genvoy reads secrets from (the webhook secret, the GitHub App's key, the
 * GitHub token): never passed on to a process genvoy starts. A script gets its own
 * delivery's GENVOY_GITHUB_TOKEN as one of its variables instead.
 */
const secretVariables = ['GENVOY_SECRET', 'GENVOY_APP_PRIVATE_KEY', 'GENVOY_GITHUB_TOKEN'];

/** `env` without genvoy's secrets, for a child process. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !secretVariables.includes(name)));
}
