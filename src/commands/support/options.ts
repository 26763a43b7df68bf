import { InvalidArgumentError, type Command } from 'commander';

/** What each file in commands/ exports: adds its command, with its options and action, to the program. */
export type CommandDefinition = (program: Command) => void;

/** Every command that reads the config takes the same option; GENVOY_CONFIG sets its default (as a container does). */
export const configOption = ['-c, --config <file>', 'config file (or GENVOY_CONFIG); relative paths in it resolve against its folder', process.env.GENVOY_CONFIG || 'config/config.json'] as const;

/** serve's and relay's port, over the config's. */
export const portOption = ['-p, --port <n>', 'port to listen on (overrides http_port; 0 picks a free one)', port] as const;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/** A duration in seconds, fractions allowed. */
export function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 86_400)) throw new InvalidArgumentError('expected seconds, more than 0 and at most 86400');
  return n;
}

/** The repository's name from a `--repo` of `name` or `owner/name` (routing knows repositories by name). */
export function repositoryName(repo: string | undefined): string | undefined {
  return repo?.split('/').pop() || undefined;
}
