import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../base/config-error.ts';
import { gitHubConnection, gitHubOverrides, type GitHubOverrides, oldReconcileKeys } from './github-connection.ts';
import { jsonPositions, JsonSyntaxError } from './json-positions.ts';
import { renameLegacyKeys } from './legacy-keys.ts';
import { type Config, configSchema, isShortToken, tokenTooShort } from './schema.ts';

/** A ConfigError naming the file and each problem's key. */
export function configProblems(file: string, problems: readonly ConfigProblem[]): ConfigError {
  const text = problems.map(({ path, message }) => (path.length ? `"${path.join('.')}": ${message}` : message)).join('; ');
  return new ConfigError(`${file || 'config'}: ${text}`, problems);
}

export interface Overrides extends GitHubOverrides {
  port?: number;
  /** GENVOY_SECRET: wins over `enforce_secret`, so the secret need not sit in a file. */
  secret?: string;
  /** GENVOY_ADMIN_TOKEN: wins over `admin_token`. */
  adminToken?: string;
  /** GENVOY_UI_TOKEN and GENVOY_UI_PASSWORD: win over `ui.token` and `ui.password`. */
  uiToken?: string;
  uiPassword?: string;
  /** GENVOY_METRICS_TOKEN: wins over `metrics_token`. */
  metricsToken?: string;
}

/**
 * Reads, parses and validates a config file; every problem is a ConfigError naming the file and key.
 * GitHub's credentials come from their variables unless `overrides` names them: every command reads them alike.
 */
export async function loadConfig(file: string, overrides: Overrides = {}): Promise<Config> {
  const abs = resolve(file);
  return configFrom(await readJsonFile(abs), abs, { ...gitHubOverrides(process.env), ...overrides });
}

/** A config file's JSON; a ConfigError naming the file when it cannot be read or parsed. */
export async function readJsonFile(abs: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new ConfigError(`${abs}: cannot read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${abs}${jsonProblem(text, err as Error)}`);
  }
  return json;
}

/**
 * Where and what JSON.parse found wrong, as `:line:column: not valid JSON: …`, read again with
 * positions (JSON.parse gives an offset, and V8 quotes the text around it: it may be a secret).
 */
function jsonProblem(text: string, err: Error): string {
  try {
    jsonPositions(text);
  } catch (syntax) {
    if (syntax instanceof JsonSyntaxError) return `:${syntax.position.line}:${syntax.position.column}: not valid JSON: ${syntax.message}`;
  }
  return `: not valid JSON: ${err.message.replace(/, (?:\.\.\.)?".*$/s, '')}`;
}

/** A schema's complaints, each at its key (the full path), never the value. */
export function schemaIssues(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key' }));
    // A record's bad key: the key's own rule says why.
    return [{ path, message: issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message }];
  });
}

/** A config file's JSON checked against its schema; a ConfigError naming the file and each key that is wrong. */
export function validated<S extends z.ZodType>(schema: S, json: unknown, file: string): z.output<S> {
  const result = schema.safeParse(json);
  if (!result.success) throw configProblems(file, schemaIssues(result.error));
  return result.data;
}

/** Validates a parsed config. Relative paths resolve against the config file's folder. */
function configFrom(json: unknown, file: string, overrides: Overrides = {}): Config {
  const base = file ? dirname(file) : process.cwd();
  const at = (path: string) => (path ? resolve(base, path) : '');
  const legacy = renameLegacyKeys(json);
  const parsed = configSchema.safeParse(legacy.json);
  if (!parsed.success || legacy.problems.length) throw configProblems(file, [...legacy.problems, ...(parsed.success ? [] : schemaIssues(parsed.error))]);
  const c = parsed.data;
  const envTokens = [
    ['GENVOY_ADMIN_TOKEN', 'an admin token', overrides.adminToken],
    ['GENVOY_UI_TOKEN', 'a web page token', overrides.uiToken],
    ['GENVOY_METRICS_TOKEN', 'a metrics token', overrides.metricsToken],
  ] as const;
  for (const [env, what, token] of envTokens) {
    if (token !== undefined && isShortToken(token)) throw new ConfigError(`${env}: ${tokenTooShort(what)}`);
  }
  const secret = overrides.secret ?? c.enforce_secret;
  const github = gitHubConnection(c, base, overrides, file);
  return {
    ...c,
    http_port: overrides.port ?? c.http_port,
    hooks_path: at(c.hooks_path),
    backup_path: at(c.backup_path),
    cache_path: at(c.cache_path),
    journal_path: c.journal_path === ':memory:' ? c.journal_path : at(c.journal_path),
    dispatch: c.dispatch ?? (c.return_scripts_info ? 'sync' : 'async'),
    admin_token: overrides.adminToken ?? c.admin_token,
    ui: { ...c.ui, token: overrides.uiToken ?? c.ui.token, password: overrides.uiPassword ?? c.ui.password },
    metrics_token: overrides.metricsToken ?? c.metrics_token,
    github_api_url: github.apiUrl,
    github_token: github.auth.kind === 'token' ? github.auth.token : '',
    github,
    file,
    secrets: (Array.isArray(secret) ? secret : [secret]).filter((s) => s !== ''),
    warnings: [...legacy.warnings, ...oldReconcileKeys(c)],
  };
}
