import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { branchPush } from './examples.ts';

const execFileP = promisify(execFile);

/** git as a test user, whatever (or whether) the machine's global git config is. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileP(
    'git',
    ['-c', 'user.name=Genvoy Test', '-c', 'user.email=test@genvoy.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args],
    { cwd },
  );
  return stdout.trim();
}

/** A bare repository in a temp folder (the "GitHub" side) and a working clone that pushes to it. */
export interface TestRepo {
  dir: string;
  bare: string;
  work: string;
  /** The bare repository's file:// URL, as the payload's clone_url. */
  url: string;
  /** Writes the files and commits them on the current branch; returns the commit id. */
  commit(files: Record<string, string | null>, message?: string): Promise<string>;
  /** Pushes the current branch (or `refspec`) to the bare repository. */
  push(refspec?: string): Promise<void>;
  /** Switches the working clone to a new branch at the current commit. */
  branch(name: string): Promise<void>;
  remove(): Promise<void>;
}

export async function testRepo(): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-git-'));
  const bare = join(dir, 'remote.git');
  const work = join(dir, 'work');
  await git(dir, 'init', '--quiet', '--bare', '--', bare);
  await git(dir, 'init', '--quiet', '--', work);
  await git(work, 'remote', 'add', 'origin', bare);
  let n = 0;
  return {
    dir,
    bare,
    work,
    url: pathToFileURL(bare).href,
    async commit(files, message = `commit ${++n}`) {
      for (const [path, text] of Object.entries(files)) {
        const file = join(work, path);
        if (text === null) {
          await rm(file);
          continue;
        }
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, text);
      }
      await git(work, 'add', '--all');
      await git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      return git(work, 'rev-parse', 'HEAD');
    },
    async push(refspec = 'HEAD') {
      await git(work, 'push', '--quiet', '--force', 'origin', refspec);
    },
    async branch(name) {
      await git(work, 'checkout', '--quiet', '-b', name);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export const zeroId = '0'.repeat(40);

export interface PushFields {
  url: string;
  ref: string;
  before: string;
  after: string;
  private?: boolean;
  size?: number;
  deleted?: boolean;
  /** Ids for the payload's `commits` list (the example's own ids are in no test repository). */
  commits?: string[];
}

/** A real push example from @octokit/webhooks-examples, pointed at a test repository. */
export function pushPayload(fields: PushFields): Record<string, any> {
  const payload = branchPush() as Record<string, any>;
  payload.ref = fields.ref;
  payload.before = fields.before;
  payload.after = fields.after;
  payload.created = fields.before === zeroId;
  payload.deleted = fields.deleted ?? false;
  const repository = payload.repository as Record<string, unknown>;
  repository.clone_url = fields.url;
  repository.private = fields.private ?? false;
  repository.visibility = fields.private ? 'private' : 'public';
  repository.size = fields.size ?? 1;
  if (fields.commits) payload.commits = fields.commits.map((id) => ({ ...payload.commits[0], id }));
  return payload;
}
