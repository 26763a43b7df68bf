/**
 * The variables genvoy reads secrets from (the webhook secret, the GitHub App's key, the
 * GitHub token, the admin, web page, metrics and relay tokens, the web page's password): never
 * passed on to a process genvoy starts. A script gets its own delivery's GENVOY_GITHUB_TOKEN
 * as one of its variables instead.
 */
const secretVariables = [
  'GENVOY_SECRET',
  'GENVOY_APP_PRIVATE_KEY',
  'GENVOY_GITHUB_TOKEN',
  'GENVOY_ADMIN_TOKEN',
  'GENVOY_UI_TOKEN',
  'GENVOY_UI_PASSWORD',
  'GENVOY_METRICS_TOKEN',
  'GENVOY_RELAY_TOKEN',
  'GENVOY_PULL_TOKEN',
];

/** `env` without genvoy's secrets, for a child process. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !secretVariables.includes(name)));
}
