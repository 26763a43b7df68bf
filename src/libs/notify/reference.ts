import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A reference's value, or why it has none (never the value itself). */
export type Resolved = { value: string } | { unset: string };

/**
 * Reads `env:NAME` from the environment and `!path` from a file (relative to `base`, trimmed);
 * anything else is the value as written.
 */
export async function resolveReference(reference: string, base: string, env: NodeJS.ProcessEnv = process.env): Promise<Resolved> {
  if (reference.startsWith('env:')) {
    const name = reference.slice(4);
    const value = env[name]?.trim();
    return value ? { value } : { unset: `environment variable ${name} is not set` };
  }
  if (reference.startsWith('!')) {
    const file = resolve(base, reference.slice(1));
    try {
      const value = (await readFile(file, 'utf8')).trim();
      return value ? { value } : { unset: `${file} is empty` };
    } catch (err) {
      return { unset: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  }
  return { value: reference };
}
