import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a terminal would act on in the CLI's output, besides the line ends that separate rows. */
export const terminalControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${repoRoot}bin/genvoy.js`;

/**
 * The shipped config/config.json, copied into a fresh temporary folder with what would leave
 * this machine or write into the checkout moved aside: its journal (../data/genvoy.db) in the
 * folder, GitHub's meta document (api.github.com) at a loopback port fetch refuses at once, so
 * that only allowed_ips (loopback) is let in. Its hooks stay the shipped ones. Returns the file.
 */
export async function shippedConfig(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-shipped-'));
  const shipped = JSON.parse(await readFile(join(repoRoot, 'config/config.json'), 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'config.json');
  const config = { ...shipped, hooks_path: join(repoRoot, 'hooks'), journal_path: 'genvoy.db', cache_path: 'cache', github_meta_url: 'http://127.0.0.1:9/meta' };
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export interface Running {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** `genvoy <args>` as a real process (run from the checkout unless `cwd` says otherwise), its stdout and stderr gathered in one text. */
function spawnGenvoy(args: string[], env: Record<string, string>, detached = false, cwd = repoRoot): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

/**
 * Starts `genvoy <args>` and waits for its "listening on" line. `ownGroup` puts it in a
 * process group of its own, so that a test can signal the group as a terminal's Ctrl-C does.
 */
export async function startCli(args: string[], env: Record<string, string> = {}, ownGroup = false): Promise<Running> {
  const { child, output, match } = await startUntil(args, env, ownGroup, /^listening on (http:\/\/\S+)$/m);
  return { child, url: match[1]!, output };
}

/** Starts `genvoy worker <args>` and waits for its "working" line. */
export async function startWorkerCli(args: string[], env: Record<string, string> = {}): Promise<Omit<Running, 'url'>> {
  const { child, output } = await startUntil(['worker', ...args], env, false, /^working$/m);
  return { child, output };
}

async function startUntil(args: string[], env: Record<string, string>, ownGroup: boolean, ready: RegExp) {
  const { child, output } = spawnGenvoy(args, env, ownGroup);
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${ready} within 15 s:\n${output()}`)), 15_000);
    child.stdout!.on('data', () => {
      const found = ready.exec(output());
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`genvoy exited with ${code}:\n${output()}`));
    });
  });
  return { child, output, match };
}

/** Runs `genvoy <args>` to its end, from `cwd` (default: the checkout). */
export async function runCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnGenvoy(args, env, false, cwd);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output: output() };
}
