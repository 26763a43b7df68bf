import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeProblems } from './describe-problems.ts';
import { type Config, configSchema } from './schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Overrides {
  port?: number;
  /** GENVOY_SECRET: wins over `enforce_secret`, so the secret need not sit in a file. */
  secret?: string;
}

/** Reads, parses and validates a config file; every problem is a ConfigError naming the file and key. */
export async function loadConfig(file: string, overrides: Overrides = {}): Promise<Config> {
  const abs = resolve(file);
  return configFrom(await readJsonFile(abs), abs, overrides);
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
    // V8 quotes the text around the error, which may be a secret: keep only what went wrong.
    const what = (err as Error).message.replace(/, (?:\.\.\.)?".*$/s, '');
    throw new ConfigError(`${abs}: not valid JSON: ${what}`);
  }
  return json;
}

/** Validates a parsed config. Relative paths resolve against the config file's folder. */
function configFrom(json: unknown, file: string, overrides: Overrides = {}): Config {
  const result = configSchema.safeParse(json);
  if (!result.success) {
    throw new ConfigError(`${file || 'config'}: ${describeProblems(result.error)}`);
  }
  const base = file ? dirname(file) : process.cwd();
  const at = (path: string) => (path ? resolve(base, path) : '');
  const c = result.data;
  const secret = overrides.secret ?? c.enforce_secret;
  return {
    ...c,
    http_port: overrides.port ?? c.http_port,
    hooks_path: at(c.hooks_path),
    backup_path: at(c.backup_path),
    cache_path: at(c.cache_path),
    file,
    secrets: (Array.isArray(secret) ? secret : [secret]).filter((s) => s !== ''),
  };
}
