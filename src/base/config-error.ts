/** One thing wrong in a config file: the key path it is at (never the value) and why. */
export interface ConfigProblem {
  path: Array<string | number>;
  message: string;
}

/** A config file (or a setting from the environment) that genvoy cannot run with: exit code 2, never a stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** `message` with its parts: what is wrong at which key (`genvoy check-config` shows each at its line). */
  constructor(
    message: string,
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(message);
  }
}
