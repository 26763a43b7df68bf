import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../support/cli.ts';
import { branchPush, example } from '../support/examples.ts';
import { post, writeHooks, type HookSource } from '../support/server.ts';
import { standIn } from '../support/stand-in.ts';

const secret = 'a long random webhook secret, 32+';

/** A config.json.sample as the original's folder has one (our own), with its backup_dir. */
const sample = {
  http_port: 5000,
  github_ips_only: true,
  enforce_secret: '',
  return_scripts_info: true,
  hooks_path: 'hooks',
  backup_dir: 'backup',
  debug_level: 'INFO',
};

/** The original's app folder as its README lays it out: config.json.sample, a config.json made from it with `config` merged in, hooks/. */
async function originalApp(app: string, config: Record<string, unknown>, hooks: Record<string, HookSource>): Promise<void> {
  await mkdir(app, { recursive: true });
  await writeFile(join(app, 'config.json.sample'), `${JSON.stringify(sample, null, 4)}\n`);
  await writeFile(join(app, 'config.json'), `${JSON.stringify({ ...sample, ...config }, null, 4)}\n`);
  await writeHooks(join(app, 'hooks'), hooks);
}

/** The helper the hooks share, as the original's hooks/hook_functions.py: it notes which hook ran, for which event and repository. */
const helper = `import json, os, sys

def record(payload_file, event):
    with open(payload_file, 'r') as jsf:
        payload = json.loads(jsf.read())
    name = os.path.basename(sys.argv[0])
    with open(os.environ['RAN_LOG'], 'a') as f:
        f.write(json.dumps({'hook': name, 'event': event, 'repository': payload['repository']['name']}) + '\\n')
    print(name)
`;

/** A Python hook, as the original's README shows one (`#!/usr/bin/env python3`, the payload's file and the event as arguments). */
const pythonHook = `#!/usr/bin/env python3
# Python Example for Python GitHub Webhooks
import sys
from hook_functions import record

record(sys.argv[1], sys.argv[2])
`;

/** The original's app folder: its sample config (backup_dir), its shipped hooks `all` and `push`, the README's push-myrepo-master, and two children. */
const hooks = {
  all: { text: pythonHook, script: true },
  push: { text: pythonHook, script: true },
  'hook_functions.py': { text: helper },
  'push-myrepo-master': { text: pythonHook, script: true },
  push_function1: { text: pythonHook, script: true },
  'all-myrepo.function1': { text: pythonHook, script: true },
  'README.md': 'Hooks directory\n',
};

/** Stand-ins for the original's own `all` and `push` as migrate knows them (pymsteams and all.json; gitpython and clone_dir): they are replaced, never run. */
const teamsHook = `#!/usr/bin/env python3
# Posts each event to Teams, by the section of its name in all.json.
import json, os, sys
import pymsteams

settings = json.load(open(os.path.join(os.path.dirname(sys.argv[0]), 'all.json')))
`;
const cloneHook = `#!/usr/bin/env python3
# Clones the pushed repository into clone_dir (push.json).
import json, os, sys
import git

clone_dir = json.load(open(os.path.join(os.path.dirname(sys.argv[0]), 'push.json')))['clone_dir']
`;

/** A push to myrepo's master, as GitHub sends it. */
const push = () => ({ ...branchPush(), ref: 'refs/heads/master', repository: { ...(branchPush().repository as object), name: 'myrepo' } });

const ran = async (log: string) =>
  (await readFile(log, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { hook: string; event: string; repository: string });

describe("genvoy migrate: the original's folder, migrated, runs what the original ran", () => {
  let dir: string;
  let app: string;
  /**
   * What the original ran for a push to myrepo's master, by its rule: the parents with a file
   * (push-myrepo-master, push, all; its code tried all-{repo}-{branch} before {event}-{repo}),
   * then each one's children, files whose names start with the parent's: push_function1 of
   * push, all-myrepo.function1 of all. Each exited 0 (returncode 0 in its answer).
   */
  const original = ['push-myrepo-master', 'push', 'all', 'push_function1', 'all-myrepo.function1'];
  let running: Running | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-migrate-'));
    app = join(dir, 'original', 'app');
    // As its README says: config.json from the sample, adapted (a secret; deliveries from this machine).
    await originalApp(app, { enforce_secret: secret, github_ips_only: false }, hooks);
    await mkdir(join(app, 'backup'));
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await once(running.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  });

  /** Serves a migrated folder, sends the push signed, and returns the answer and the hooks in the order they ran. */
  const serve = async (to: string) => {
    const log = join(to, 'ran.log');
    running = await startCli(['serve', '--config', join(to, 'config', 'config.json'), '--port', '0'], { RAN_LOG: log });
    const answer = await post(running.url.replace('0.0.0.0', '127.0.0.1'), 'push', push(), { secret });
    running.child.kill('SIGTERM');
    await once(running.child, 'exit');
    return { answer, ran: await ran(log), output: running.output() };
  };

  it('by default keeps child_hooks "prefix" (renaming would change the order): every hook the original ran runs, in its order, each with returncode 0; the backups go where backup_dir said', async () => {
    const to = join(dir, 'default');
    const migrated = await runCli(['migrate', app, '--to', to]);
    expect(migrated.output).not.toMatch(/^by hand:/m);
    expect(migrated.code).toBe(0);
    expect(migrated.output).toContain('change: child_hooks "prefix" kept: with children renamed to parent+suffix, all-myrepo.function1, push-myrepo-master would not run where the original ran them; the order would change for a push delivery (repository any-repo, branch any-branch) and 5 other kinds of delivery; --children plus renames them anyway\n');
    expect(migrated.output).not.toMatch(/→ push\+function1/);
    expect(migrated.output).toContain('change: config: backup_dir "backup" → backup_path "../../original/app/backup", the same folder');
    expect(JSON.parse(await readFile(join(to, 'config', 'config.json'), 'utf8'))).toMatchObject({ child_hooks: 'prefix', hooks_path: '../hooks', backup_path: '../../original/app/backup' });
    // The run bits came along.
    expect((await stat(join(to, 'hooks', 'push_function1'))).mode & 0o111).not.toBe(0);
    const check = await runCli(['check-config', join(to, 'config', 'config.json')]);
    // push-myrepo-master reads two ways (repository myrepo-master, or myrepo's master): warned, as for any such name.
    expect(check).toMatchObject({ code: 0, output: expect.stringMatching(/push-myrepo-master warning: the name reads 2 ways[^]*: no problems, 1 warning\n$/) });

    const { answer, ran: hooksRan } = await serve(to);
    expect(answer.status).toBe(200);
    expect(hooksRan.map((r) => r.hook)).toEqual(original);
    expect(Object.keys(answer.body)).toEqual(original);
    for (const hook of original) expect(answer.body[hook], hook).toMatchObject({ returncode: 0, status: 'ok', stdout: `${hook}\n` });
    expect(hooksRan.every((r) => r.event === 'push' && r.repository === 'myrepo')).toBe(true);
    // The original made none (its code read backup_path only); genvoy writes one per delivery.
    expect((await readdir(join(app, 'backup'))).filter((file) => /^\d{8}-\d{6}-push-.+\.json$/.test(file))).toHaveLength(1);
  }, 90_000);

  it('with --children plus renames the children to parent+suffix, and names each difference from the original as a thing left for a person', async () => {
    const to = join(dir, 'plus');
    const dry = await runCli(['migrate', app, '--to', to, '--children', 'plus', '--dry-run']);
    expect(dry.output).toMatch(/^dry run: \d+ files would be written to .*; nothing written$/m);
    await expect(stat(to)).rejects.toThrow();

    const migrated = await runCli(['migrate', app, '--to', to, '--children', 'plus']);
    expect(migrated.output).not.toContain('child_hooks "prefix" kept');
    expect(migrated.code).toBe(1);
    expect(migrated.output).toContain('change: hooks: push_function1 → push+function1 (a child of "push")\n');
    const hand = migrated.output.split('\n').filter((line) => line.startsWith('by hand:'));
    expect(hand).toEqual([
      expect.stringMatching(/^by hand: runs: all-myrepo\.function1: the original ran it for an? \w+ delivery \(.*\), as a child of "all" \(its prefix rule\); genvoy does not/),
      expect.stringMatching(/^by hand: runs: push-myrepo-master: the original ran it for a push delivery \(repository any-repo.*\), as a child of "push" \(its prefix rule\); genvoy does not/),
      expect.stringMatching(/^by hand: runs: for a push delivery \(repository any-repo, branch any-branch\) \(and \d+ other kinds of delivery\) the original ran push, all, push-myrepo-master, push_function1, all-myrepo\.function1; genvoy runs push, push\+function1, all: the original ran every parent before any child, genvoy runs a parent's children right after it; --children prefix keeps the original's order$/),
    ]);
    expect(migrated.output).toMatch(/^3 things need a hand/m);
    expect((await runCli(['check-config', join(to, 'config', 'config.json')])).code).toBe(0);

    // What migrate said: for this push all-myrepo.function1 (a repository's hook under "plus") does not run, push+function1 runs after push.
    const { answer, ran: hooksRan } = await serve(to);
    expect(hooksRan.map((r) => r.hook)).toEqual(['push-myrepo-master', 'push', 'push+function1', 'all']);
    for (const hook of ['push-myrepo-master', 'push', 'push+function1', 'all']) expect(answer.body[hook], hook).toMatchObject({ returncode: 0 });
  }, 90_000);

  it('by default renames to parent+suffix where that changes nothing that runs, nor its order', async () => {
    const source = join(dir, 'plain', 'app');
    await originalApp(source, {}, { push: { text: pythonHook, script: true }, push_function1: { text: pythonHook, script: true }, 'hook_functions.py': { text: helper } });
    const to = join(dir, 'plain', 'genvoy');
    const migrated = await runCli(['migrate', source, '--to', to]);
    expect(migrated).toMatchObject({ code: 0, output: expect.stringContaining('change: hooks: push_function1 → push+function1 (a child of "push")\n') });
    expect(migrated.output).not.toContain('child_hooks "prefix" kept');
    expect(JSON.parse(await readFile(join(to, 'config', 'config.json'), 'utf8'))).toMatchObject({ child_hooks: 'plus' });
    expect((await readdir(join(to, 'hooks'))).sort()).toEqual(['hook_functions.py', 'push', 'push+function1']);
  });

  it("replaces the original's Teams and clone hooks with genvoy's, whose converted settings send what the original's sent", async () => {
    const chat = await standIn(() => ({ status: 200, body: 1 }));
    const source = join(dir, 'notifying', 'app');
    try {
      // all.json in the original's layout: the URLs on top, one section per event naming its targets.
      const all = {
        webhook: { default: `${chat.url}/default-token`, dev: `${chat.url}/dev-token`, prod: 'none' },
        issues: { title: 'Issue {action}', message: "<b>{issue/title}</b> is {action}, by <a href='{sender/html_url}'>{sender/login}</a>", webhook: ['@dev', '!team.url'] },
      };
      await originalApp(source, { enforce_secret: secret, github_ips_only: false }, {
        all: { text: teamsHook, script: true },
        push: { text: cloneHook, script: true },
        'all.json': JSON.stringify(all),
        'push.json': JSON.stringify({ clone_dir: 'backup.git', git_url: '{repository/html_url}' }),
        'team.url': `${chat.url}/file-token\n`,
      });
      const to = join(dir, 'notifying', 'genvoy');
      const migrated = await runCli(['migrate', source, '--to', to]);
      expect(migrated.output).toContain("change: hooks: all, the original's Teams hook (pymsteams) → genvoy's all.ts");
      expect(migrated.output).toContain("change: hooks: push, the original's clone hook (gitpython) → genvoy's push.ts");
      expect(migrated.output).not.toContain('token'); // chat URLs are secrets
      expect((await stat(join(to, 'config', 'secrets', 'dev.url'))).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(join(to, 'config', 'push.json'), 'utf8'))).toEqual({ clone_dir: '../../app/backup.git', url_template: '{repository/html_url}' });
      expect(await runCli(['check-config', join(to, 'config', 'config.json')])).toMatchObject({ code: 0, output: expect.stringContaining('2 hook modules and 0 legacy scripts') });

      running = await startCli(['serve', '--config', join(to, 'config', 'config.json'), '--port', '0']);
      const issue = example('issues', (p) => p.action === 'opened');
      const answer = await post(running.url.replace('0.0.0.0', '127.0.0.1'), 'issues', issue, { secret });
      expect(answer.body.all).toMatchObject({ returncode: 0, status: 'ok' });
      // The issues section's @dev and !team.url, as MessageCards with its title and message (its HTML as genvoy's marks).
      expect(chat.requests.map((r) => r.url).sort()).toEqual(['/dev-token', '/file-token']);
      const card = JSON.parse(chat.requests[0]!.body) as { '@type': string; title: string; sections: Array<{ text: string }> };
      expect(card).toMatchObject({ '@type': 'MessageCard', title: 'Issue opened' });
      expect(card.sections[0]!.text).toBe('**Spelling error in the README file** is opened, by [Codertocat](https://github.com/Codertocat)');
    } finally {
      running?.child.kill('SIGTERM');
      if (running) await once(running.child, 'exit');
      running = undefined;
      await chat.close();
    }
  }, 90_000);

  it('refuses a folder that is not the original\'s, and a target that is not empty', async () => {
    expect(await runCli(['migrate', dir])).toMatchObject({ code: 2, output: expect.stringContaining('holds no config.json') });
    expect(await runCli(['migrate', app, '--to', app])).toMatchObject({ code: 2, output: expect.stringContaining('is not empty') });
  });
});
