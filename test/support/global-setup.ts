/**
 * vitest's global setup, run once before the first test file and once after the last:
 *
 * - brings what the suite needs besides Node: Debian's redis-server (the Redis queue's tests
 *   start their own) and chromium at /usr/bin/chromium (the web page's tests drive it), installed
 *   with apt-get when missing; where it cannot, the run stops at once with one line naming them;
 * - refuses every connection to another machine, in the test workers and in every Node process
 *   they start (no-network.mjs), and fails the run naming any that was tried;
 * - fails the run naming every file the tests wrote, changed or removed inside the checkout.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
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

/** What is left out of the checkout's listing: what npm ci and the tools write, and git's own. */
const notWatched = new Set(['.git', 'node_modules', 'dist']);

/** Every file of the checkout (but node_modules, dist, .git) with its size and modification time. */
function listCheckout(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (dir === repoRoot && notWatched.has(entry.name)) continue;
      if (entry.isDirectory()) walk(path);
      else {
        try {
          const { size, mtimeMs } = statSync(path);
          files.set(relative(repoRoot, path), `${size} ${mtimeMs}`);
        } catch {
          files.set(relative(repoRoot, path), 'unreadable'); // a dangling link, or gone since the listing
        }
      }
    }
  };
  walk(repoRoot);
  return files;
}

/** The files written, changed or removed between two listings; GENVOY_UI_SCREENSHOTS=1 is asked to renew docs/*.png. */
function writtenBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const screenshots = process.env.GENVOY_UI_SCREENSHOTS === '1';
  const changes: string[] = [];
  for (const [file, stamp] of after) {
    if (screenshots && /^docs\/[^/]+\.png$/.test(file)) continue;
    if (!before.has(file)) changes.push(`${file} (new)`);
    else if (before.get(file) !== stamp) changes.push(`${file} (changed)`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`${file} (removed)`);
  return changes.sort();
}

export function setup(): () => void {
  ensureTools();
  const before = listCheckout();

  const scratch = mkdtempSync(join(tmpdir(), 'genvoy-test-run-'));
  const networkLog = join(scratch, 'refused-connections');
  // Set before the workers start, so that they and every process they start inherit it.
  process.env.GENVOY_TEST_NETWORK_LOG = networkLog;
  const guard = `--import=${JSON.stringify(pathToFileURL(join(repoRoot, 'test/support/no-network.mjs')).href)}`;
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, guard].filter(Boolean).join(' ');

  return () => {
    let refused: string[] = [];
    try {
      refused = [...new Set(readFileSync(networkLog, 'utf8').split('\n').filter(Boolean))];
    } catch {}
    rmSync(scratch, { recursive: true, force: true });
    const written = writtenBetween(before, listCheckout());
    const problems = [
      ...(refused.length > 0 ? [`the tests tried to reach another machine (refused):\n  ${refused.join('\n  ')}`] : []),
      ...(written.length > 0 ? [`the tests wrote into the checkout ${repoRoot}; tests write under os.tmpdir():\n  ${written.join('\n  ')}`] : []),
    ];
    if (problems.length > 0) {
      const message = `genvoy tests: ${problems.join('\ngenvoy tests: ')}`;
      process.stderr.write(`\n${message}\n\n`);
      process.exitCode = 1;
    }
  };
}
