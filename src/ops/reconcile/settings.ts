import { ConfigError } from '../../base/config-error.ts';
import { hookTargetFormat, parseHookTarget, type HookTarget } from '../../config/hook-target.ts';
import type { Config, GitHubConnection } from '../../config/schema.ts';
import { parseSince, sinceFormat } from '../../config/since.ts';

/** Command-line values that win over the config's `reconcile` key. */
export interface SettingsOverrides {
  hook?: string;
  apiUrl?: string;
  since?: string;
}

/** Everything one reconcile run needs to know, checked. */
export interface ReconcileSettings {
  target: HookTarget;
  /** The hooks' connection (github_app for the App's hook, github_token for another), or the old variable's token. */
  connection: GitHubConnection;
  /** The old variable the token came from (reconcile.token_env, or GITHUB_TOKEN by default), to warn of. */
  oldTokenVariable?: string;
  since: Date;
  maxAttempts: number;
  maxWaitS: number;
}

/**
 * The config's `reconcile` key, the connection the hooks use, the command line's overrides
 * and (the old way) a token from the environment, made into settings; every problem is a
 * ConfigError saying what to set. The App's hook is read as the App (reconcile makes its own
 * JWT from github_app); a repository's or organisation's with github_token.
 */
export function reconcileSettings(config: Config['reconcile'], github: GitHubConnection, overrides: SettingsOverrides, env: NodeJS.ProcessEnv, now: number): ReconcileSettings {
  const hook = overrides.hook ?? config.hook;
  if (!hook) throw new ConfigError(`no hook to reconcile: set reconcile.hook in the config or pass --hook (${hookTargetFormat})`);
  const target = parseHookTarget(hook);
  if (!target) throw new ConfigError(`--hook ${JSON.stringify(hook)}: expected ${hookTargetFormat}`);
  const apiUrl = (overrides.apiUrl ?? config.api_url ?? github.apiUrl).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl) || !URL.canParse(apiUrl)) throw new ConfigError(`--api-url ${JSON.stringify(apiUrl)}: expected an http(s) URL such as https://ghe.example.com/api/v3`);
  const sinceText = overrides.since ?? config.since;
  const since = parseSince(sinceText, now);
  if (!since) throw new ConfigError(`--since ${JSON.stringify(sinceText)}: expected ${sinceFormat}`);
  const settings = { target, since, maxAttempts: config.max_attempts, maxWaitS: config.max_wait_s };
  const wanted = target.kind === 'app' ? 'app' : 'token';
  if (github.auth.kind === wanted) return { ...settings, connection: { apiUrl, auth: github.auth } };
  const variable = config.token_env ?? 'GITHUB_TOKEN';
  const token = env[variable];
  if (token) return { ...settings, connection: { apiUrl, auth: { kind: 'token', token } }, oldTokenVariable: variable };
  const what =
    wanted === 'app'
      ? 'the App\'s hook is read as the App: set "github_app" ({ "app_id", "private_key_path" }) in the config'
      : 'a repository\'s or organisation\'s hook is read with a token allowed to read and write its webhooks: set "github_token" in the config or GENVOY_GITHUB_TOKEN';
  throw new ConfigError(`reconcile has no credentials for ${hook}: ${what}`);
}
