import { readFile } from 'node:fs/promises';
import { ConfigError, type ConfigProblem } from '../base/config-error.ts';
import type { Finding } from './finding.ts';
import { jsonPositions, JsonSyntaxError, positionOf } from './json-positions.ts';

/**
 * A JSON config file's problems, each at its line: its syntax first, then whatever `load`
 * (the file's own loader, which validates it) reports as a ConfigError; once it loads, the
 * warnings `warningsOf` finds in what it loaded. `shown` is the name findings give the file.
 * A file that cannot be read has no problems to find: a ConfigError, as when loading it.
 */
export async function checkJsonFile<T>(file: string, shown: string, load: (file: string) => Promise<T>, warningsOf: (loaded: T) => readonly ConfigProblem[] = () => []): Promise<Finding[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${shown}: cannot read: ${(err as Error).message}`);
  }
  let positions;
  try {
    positions = jsonPositions(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return [{ file: shown, position: err.position, message: `not valid JSON: ${err.message}` }];
  }
  try {
    const loaded = await load(file);
    return warningsOf(loaded).map(({ path, message }) => ({ file: shown, position: positionOf(positions, path), key: path.join('.') || undefined, message, warning: true }));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (err.problems.length === 0) return [{ file: shown, message: err.message }];
    return err.problems.map(({ path, message }) => ({ file: shown, position: positionOf(positions, path), key: path.join('.') || undefined, message }));
  }
}
