/**
 * vitest's global setup, run once before the first test file and once after the last:
 *
 * - brings what the suite needs besides Node: Debian's redis-server (the Redis queue's tests
 *   start their own) and chromium at /usr/bin/chromium (the web page's tests drive it), installed
 *   with apt-get when missing; where it cannot, the run stops at once with one line naming them.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const chromium = '/usr/bin/chromium';

/** Ends the run before any test, with one line on stderr. */
function stop(line: string): never {
  process.stderr.write(`\n${line}\n\n`);
  process.exit(1);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const onPath = (command: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));

/** redis-server and chromium: installed with apt-get if missing, or the run stops saying what to install. */
function ensureTools(): void {
  const missing = [...(onPath('redis-server') ? [] : ['redis-server']), ...(executable(chromium) ? [] : ['chromium'])];
  if (missing.length === 0) return;
  const packages = missing.join(' ');
  const named = missing.join(' and ');
  const why = [
    ...(missing.includes('redis-server') ? ['the Redis queue tests start their own redis-server'] : []),
    ...(missing.includes('chromium') ? [`the web page tests drive ${chromium}`] : []),
  ].join('; ');
  const instead = `install Debian's ${named} (apt-get install ${packages}) and run the tests again`;
  if (process.getuid?.() !== 0) stop(`genvoy tests: ${why}, and only root can install them here: ${instead}`);
  if (!onPath('apt-get')) stop(`genvoy tests: ${why}, and there is no apt-get here: ${instead}`);
  process.stdout.write(`genvoy tests: installing ${named} with apt-get (${why})\n`);
  const apt = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${packages}`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const lastLine = `${apt.stderr ?? ''}${apt.error?.message ?? ''}`.trim().split('\n').pop() ?? '';
  if (apt.status !== 0) stop(`genvoy tests: apt-get could not install ${named} (${lastLine || `exit ${apt.status}`}): ${instead}`);
  const still = missing.filter((tool) => (tool === 'chromium' ? !executable(chromium) : !onPath(tool)));
  if (still.length > 0) stop(`genvoy tests: apt-get ran, but ${still.join(' and ')} is still missing: ${instead}`);
}

export function setup(): void {
  ensureTools();
}
