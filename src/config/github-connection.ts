import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../base/config-error.ts';
import { defaultGitHubApiUrl, type configSchema, type GitHubConnection } from './schema.ts';

type Parsed = z.output<typeof configSchema>;

/** GENVOY_APP_PRIVATE_KEY and GENVOY_GITHUB_TOKEN: they win over the files, so that secrets need not sit in one. */
export interface GitHubOverrides {
  appPrivateKey?: string;
  githubToken?: string;
}

/**
 * How hooks and reconcile reach GitHub, from the config's keys and the variables: the App's
 * key read from its file and checked (a ConfigError names the key, never the key's text).
 * `base` is the config file's folder, against which the key's path resolves.
 */
export function gitHubConnection(c: Parsed, base: string, overrides: GitHubOverrides, file: string): GitHubConnection {
  const apiUrl = (c.github_api_url ?? defaultGitHubApiUrl).replace(/\/+$/, '');
  const token = overrides.githubToken ?? c.github_token;
  const where = (key: string, message: string) => new ConfigError(`${file || 'config'}: "${key}": ${message}`, [{ path: key.split('.'), message }]);
  if (!c.github_app) {
    if (overrides.appPrivateKey !== undefined) throw new ConfigError('GENVOY_APP_PRIVATE_KEY is set, but no github_app: set github_app.app_id in the config');
    return { apiUrl, auth: token ? { kind: 'token', token } : { kind: 'none' } };
  }
  if (token) {
    const which = overrides.githubToken !== undefined ? 'GENVOY_GITHUB_TOKEN' : '"github_token"';
    throw where('github_app', `${which} is set too: hooks act either as the App or with the token; remove one`);
  }
  const { app_id, private_key_path } = c.github_app;
  let privateKey = overrides.appPrivateKey;
  let from = 'GENVOY_APP_PRIVATE_KEY';
  if (privateKey === undefined) {
    if (private_key_path === undefined) throw where('github_app.private_key_path', 'missing: the file of the App\'s private key (a .pem), or the key in GENVOY_APP_PRIVATE_KEY');
    const path = resolve(base, private_key_path);
    from = `"github_app.private_key_path"`;
    try {
      privateKey = readFileSync(path, 'utf8');
    } catch (err) {
      throw where('github_app.private_key_path', `cannot read the App's private key: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (${path})`);
    }
  }
  if (!isPrivateKey(privateKey)) {
    const message = 'not a private key in PEM ("-----BEGIN RSA PRIVATE KEY-----"): use the .pem file GitHub gave for the App';
    if (from === 'GENVOY_APP_PRIVATE_KEY') throw new ConfigError(`GENVOY_APP_PRIVATE_KEY: ${message}`);
    throw where('github_app.private_key_path', message);
  }
  return { apiUrl, auth: { kind: 'app', appId: String(app_id), privateKey } };
}

/** Whether the text is a private key Node can sign with (checked at start, so that a hook never finds out). */
function isPrivateKey(text: string): boolean {
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(text)) return false;
  try {
    return createPrivateKey(text).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/** The old reconcile keys, still read: a warning each, saying what replaces it. */
export function oldReconcileKeys(c: Parsed): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  if (c.reconcile.api_url !== undefined) warnings.push({ path: ['reconcile', 'api_url'], message: 'old: reconcile reads it, but hooks do not: use "github_api_url" for both' });
  if (c.reconcile.token_env !== undefined) warnings.push({ path: ['reconcile', 'token_env'], message: 'old: use "github_token" (or GENVOY_GITHUB_TOKEN) for a repository or organisation hook, "github_app" for the App\'s' });
  return warnings;
}

/** The variables that hold GitHub's credentials ("" counts as unset). */
export function gitHubOverrides(env: NodeJS.ProcessEnv): GitHubOverrides {
  return { appPrivateKey: env.GENVOY_APP_PRIVATE_KEY || undefined, githubToken: env.GENVOY_GITHUB_TOKEN || undefined };
}
