import { ConfigError } from '../../base/config-error.ts';

/**
 * What `load` gives (a loaded config, a started server), or exit code 2 when a ConfigError
 * stops it (the config, or a file it names, is missing or wrong): its message goes to `err`
 * as `genvoy <command>: …`. Any other error is no config error and propagates.
 */
export async function configured<T>(command: string, load: () => T | Promise<T>, err: (text: string) => void = (text) => void process.stderr.write(text)): Promise<T | 2> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`genvoy ${command}: ${error.message}\n`);
    return 2;
  }
}
