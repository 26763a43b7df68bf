import { ConfigError } from '../../base/config-error.ts';
import { hookTargetFormat, parseHookTarget, type HookTarget } from '../../config/hook-target.ts';
import type { Config } from '../../config/schema.ts';
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
  apiUrl: string;
  token: string;
  since: Date;
  maxAttempts: number;
  maxWaitS: number;
}

/**
 * The config's `reconcile` key, the command line's overrides and the token from the
 * environment, made into settings; every problem is a ConfigError saying what to set.
 */
export function reconcileSettings(config: Config['reconcile'], overrides: SettingsOverrides, env: NodeJS.ProcessEnv, now: number): ReconcileSettings {
  const hook = overrides.hook ?? config.hook;
  if (!hook) throw new ConfigError(`no hook to reconcile: set reconcile.hook in the config or pass --hook (${hookTargetFormat})`);
  const target = parseHookTarget(hook);
  if (!target) throw new ConfigError(`--hook ${JSON.stringify(hook)}: expected ${hookTargetFormat}`);
  const apiUrl = overrides.apiUrl ?? config.api_url;
  if (!/^https?:\/\//.test(apiUrl) || !URL.canParse(apiUrl)) throw new ConfigError(`--api-url ${JSON.stringify(apiUrl)}: expected an http(s) URL such as https://ghe.example.com/api/v3`);
  const sinceText = overrides.since ?? config.since;
  const since = parseSince(sinceText, now);
  if (!since) throw new ConfigError(`--since ${JSON.stringify(sinceText)}: expected ${sinceFormat}`);
  const token = env[config.token_env];
  if (!token) {
    const what = target.kind === 'app' ? "the GitHub App's JWT" : 'a token allowed to read and write the webhooks';
    throw new ConfigError(`${config.token_env} is not set: reconcile needs ${what} in it (reconcile.token_env names the variable)`);
  }
  return { target, apiUrl, token, since, maxAttempts: config.max_attempts, maxWaitS: config.max_wait_s };
}
