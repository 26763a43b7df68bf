import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushHook, type PushResult } from '../../src/libs/push/push-hook.ts';
import { fake } from '../support/fake-secrets.ts';
import { git, pushPayload, testRepo, zeroId, type PushFields, type TestRepo } from '../support/git-repo.ts';
import { hookContext } from '../support/hook-context.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

let repo: TestRepo;
let configFile: string;
let cloneDir: string;
/** Stands in for the chat: /chat takes alerts, /down refuses them. */
let chat: StandIn;

beforeEach(async () => {
  repo = await testRepo();
  chat = await standIn((req) => (req.url === '/down' ? { status: 400, body: { error: 'no such channel' } } : {}));
  await mkdir(join(repo.dir, 'config'));
  configFile = join(repo.dir, 'config', 'push.json');
  cloneDir = join(repo.dir, 'clones'); // "../clones" from config/, as shipped
  const targets = { chat: { type: 'json', url: `${chat.url}/chat` }, security: { type: 'json', url: `${chat.url}/security` }, down: { type: 'json', url: `${chat.url}/down`, retries: 0 } };
  await writeFile(join(repo.dir, 'config', 'notify.json'), JSON.stringify({ targets, default_targets: ['chat'] }));
  await writeConfig({});
});
afterEach(async () => {
  await chat.close();
  await repo.remove();
});

function writeConfig(config: Record<string, unknown>): Promise<void> {
  return writeFile(configFile, JSON.stringify({ clone_dir: '../clones', notify_config: 'notify.json', clone_protocols: ['file'], ...config }));
}

const hook = () => pushHook({ configFile });

/** What the chat got, by path. */
const alerts = (path = '/chat') => chat.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body) as Record<string, any>);

async function run(fields: Partial<PushFields> & Pick<PushFields, 'before' | 'after'>, handle = hook()) {
  const { context, logText } = hookContext();
  const payload = pushPayload({ url: repo.url, ref: 'refs/heads/main', ...fields });
  const result = (await handle(payload as never, 'push', context)) as PushResult;
  return { result, log: logText() };
}

const everySecret = Object.values(fake);

function expectNoFullSecret(...texts: string[]) {
  for (const text of texts) for (const secret of everySecret) expect(text).not.toContain(secret);
}

describe('the push hook', () => {
  it('clones into a timestamped folder, checks out the pushed commit, and reports the secrets of the pushed commits only', async () => {
    const base = await repo.commit({ 'old.env': `TOKEN=${fake.githubPat}\n` }, 'a secret from before the push');
    await repo.push();
    const withNpm = await repo.commit({ 'src/app.ts': `const a = 1;\nconst npm = '${fake.npmToken}';\n` });
    await repo.commit({ 'README.md': 'hello\n' });
    const withDb = await repo.commit({ 'deploy/db.yml': `url: postgres://app:${fake.dbPassword}@db/app\n` });
    await repo.push();

    const { result, log } = await run({ before: base, after: withDb });

    expect(result.findings!.map(({ rule, file, line, commit }) => ({ rule, file, line, commit }))).toEqual([
      { rule: 'connection-string-password', file: 'deploy/db.yml', line: 1, commit: withDb },
      { rule: 'npm-token', file: 'src/app.ts', line: 2, commit: withNpm },
    ]);
    expect(result.commits_scanned).toBe(3);
    expect(result.clone).toMatch(new RegExp(`^${cloneDir}/\\d{8}-\\d{6}-\\d{3}$`));
    expect(await git(result.clone!, 'rev-parse', 'HEAD')).toBe(withDb);
    expect(await readFile(join(result.clone!, 'src/app.ts'), 'utf8')).toContain('const a = 1');
    expect(result.findings![1]!.secret).toBe(`npm_…${fake.npmToken.slice(-4)}`);
    expect(log).toContain('possible secret pushed');
    expect(log).toContain('src/app.ts');
    expectNoFullSecret(JSON.stringify(result), log, chat.requests.map((r) => r.body).join('\n'));

    expect(result.alert).toMatchObject({ ok: true, targets: [{ target: 'chat', status: 'sent' }] }); // the notify config's defaults
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ event: 'push', repository: 'Codertocat/Hello-World', title: 'Secret scan: 2 possible secrets pushed to Codertocat/Hello-World' });
    expect(alerts()[0]!.facts.map((f: { title: string }) => f.title)).toEqual(['deploy/db.yml:1', 'src/app.ts:2']);
    expect(alerts()[0]!.facts[1].value).toContain(`npm_…${fake.npmToken.slice(-4)}`);
  });

  it('scans a new branch for the commits pushed with it, not the history it starts from', async () => {
    await repo.commit({ 'old.env': `TOKEN=${fake.githubPat}\n` });
    await repo.push();
    await repo.branch('feature/login');
    await repo.commit({ 'clean.txt': 'nothing\n' });
    const leak = await repo.commit({ 'login.py': `API_SECRET = "${fake.apiSecret}"\n` });
    await repo.push();

    const { result } = await run({ ref: 'refs/heads/feature/login', before: zeroId, after: leak });

    expect(result.commits_scanned).toBe(2);
    expect(result.findings!.map(({ rule, file, commit }) => ({ rule, file, commit }))).toEqual([{ rule: 'generic-secret', file: 'login.py', commit: leak }]);
  });

  it('scans a forced push for the commits GitHub listed, when its "before" is gone from the repository', async () => {
    const base = await repo.commit({ 'a.txt': 'a\n' });
    await repo.push();
    const replaced = await repo.commit({ 'b.txt': 'b\n' });
    await repo.push();
    await git(repo.work, 'reset', '--quiet', '--hard', base);
    const leak = await repo.commit({ 'c.txt': `${fake.gitlabPat}\n` });
    await repo.push();

    const { result } = await run({ before: replaced, after: leak, commits: [leak] });

    expect(result.commits_scanned).toBe(1);
    expect(result.findings!.map((f) => [f.rule, f.commit])).toEqual([['gitlab-token', leak]]);
  });

  it('scans nothing new for a tag on a commit a branch already has', async () => {
    const tagged = await repo.commit({ 'a.txt': `${fake.npmToken}\n` });
    await repo.push();
    await git(repo.work, 'tag', '-a', '-m', 'release', 'v1');
    await repo.push('refs/tags/v1');
    const tagObject = await git(repo.work, 'rev-parse', 'v1');
    expect(tagObject).not.toBe(tagged);

    for (const after of [tagObject, tagged]) {
      const { result } = await run({ ref: 'refs/tags/v1', before: zeroId, after });
      expect(result).toMatchObject({ commits_scanned: 0, findings: [] });
      expect(await git(result.clone!, 'rev-parse', 'HEAD')).toBe(tagged);
    }
  });

  it('answers without findings and sends no alert for a clean push', async () => {
    const base = await repo.commit({ 'a.txt': 'a\n' });
    await repo.push();
    const clean = await repo.commit({ 'b.txt': 'password = "hunter2"\n' });
    await repo.push();

    const { result } = await run({ before: base, after: clean });

    expect(result).toMatchObject({ commits_scanned: 1, findings: [] });
    expect(result.alert).toBeUndefined();
    expect(chat.requests).toEqual([]);
  });

  it('applies the allow-lists of push.json', async () => {
    const base = await repo.commit({});
    await repo.push();
    await repo.commit({ 'test/fixtures/creds.json': `{"token": "${fake.githubPat}"}\n`, 'docs/db.md': `postgres://app:${fake.dbPassword}@db/app\n` });
    const after = await repo.commit({ 'src/key.ts': `export const key = '${fake.npmToken}';\n` });
    await repo.push();
    await writeConfig({ allow: { rules: ['connection-string-password'], paths: ['test/**'] } });

    const { result } = await run({ before: base, after });

    expect(result.findings!.map((f) => f.file)).toEqual(['src/key.ts']);
  });

  it('skips a private repository unless push.json says to clone private ones', async () => {
    const base = await repo.commit({});
    await repo.push();
    const after = await repo.commit({ 'x.txt': `${fake.npmToken}\n` });
    await repo.push();

    const { result } = await run({ before: base, after, private: true });
    expect(result.skipped).toMatch(/private.*"private_repositories": true/);
    expect(result.clone).toBeUndefined();
    expect(existsSync(cloneDir)).toBe(false);

    await writeConfig({ private_repositories: true });
    const { result: again } = await run({ before: base, after, private: true });
    expect(again.findings!.map((f) => f.rule)).toEqual(['npm-token']);
  });

  it('skips a push that deleted the branch', async () => {
    const base = await repo.commit({});
    await repo.push();
    const { result } = await run({ before: base, after: zeroId, deleted: true });
    expect(result.skipped).toBe('the push deleted the ref');
    expect(existsSync(cloneDir)).toBe(false);
  });

  it('skips a repository over max_repository_kb, and scans no push over max_commits or max_patch_mb', async () => {
    const base = await repo.commit({});
    await repo.push();
    await repo.commit({ 'a.txt': `${fake.npmToken}\n` });
    const after = await repo.commit({ 'b.txt': 'b\n' });
    await repo.push();
    await writeConfig({ max_repository_kb: 1000, max_commits: 1 });

    const { result: big } = await run({ before: base, after, size: 1001 });
    expect(big.skipped).toMatch(/1001 KB, over "max_repository_kb" \(1000\)/);
    expect(existsSync(cloneDir)).toBe(false);

    const { result: many } = await run({ before: base, after, size: 1000 });
    expect(many.scan_skipped).toMatch(/more than "max_commits" \(1\)/);
    expect(many.findings).toBeUndefined();
    expect(existsSync(join(many.clone!, 'a.txt'))).toBe(true);

    await writeConfig({ max_patch_mb: 0.0001 }); // about 100 bytes
    const { result: large } = await run({ before: base, after });
    expect(large.scan_skipped).toBe('the push\'s patch is over "max_patch_mb" (0.0001 MB)');
    expect(large.findings).toBeUndefined();
  });

  it('keeps only the newest keep_clones clones, and nothing else in the folder is touched', async () => {
    await writeConfig({ keep_clones: 2 });
    await mkdir(join(cloneDir, 'notes'), { recursive: true });
    const base = await repo.commit({});
    await repo.push();
    const after = await repo.commit({ 'a.txt': 'a\n' });
    await repo.push();
    const handle = hook();

    const clones: string[] = [];
    for (let i = 0; i < 3; i++) clones.push((await run({ before: base, after }, handle)).result.clone!);

    expect(new Set(clones).size).toBe(3);
    expect((await readdir(cloneDir)).sort()).toEqual([...clones.slice(1).map((c) => c.slice(cloneDir.length + 1)), 'notes'].sort());
  });

  it('re-reads push.json when it changes; a broken edit keeps the last good one and says why', async () => {
    const base = await repo.commit({});
    await repo.push();
    const after = await repo.commit({ 'a.txt': `${fake.npmToken}\n` });
    await repo.push();
    const handle = hook();

    expect((await run({ before: base, after }, handle)).result.findings).toHaveLength(1);
    await writeConfig({ allow: { rules: ['npm-token'] } });
    expect((await run({ before: base, after }, handle)).result.findings).toEqual([]);
    await writeFile(configFile, '{"keep_clones": 0, "colour": "red", "allow": {"rules": ["npm-tokens"]}}');
    const { result, log } = await run({ before: base, after }, handle);
    expect(result.findings).toEqual([]); // still the allow-list of the last good version
    const rejected = log.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((entry) => entry.msg === 'config edit rejected; the last good config stays in force');
    expect(rejected.error).toMatch(/"colour": unknown key/);
    expect(rejected.error).toMatch(/"keep_clones": Too small/);
    expect(rejected.error).toMatch(/"allow\.rules\.0": not a rule id/);
  });

  it('fails when the clone fails, with the URL\'s password taken out of the message, and leaves no folder', async () => {
    await writeConfig({ url_template: 'https://bot:{repository/node_id}@127.0.0.1:9/{repository/full_name}.git', clone_protocols: ['https'] });
    const failure = await run({ before: zeroId, after: '1'.repeat(40) }).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^cloning https:\/\/bot:…@127\.0\.0\.1:9\/Codertocat\/Hello-World\.git failed: git clone failed/);
    expect((failure as Error).message).not.toContain(pushPayload({ url: '', ref: '', before: '', after: '' }).repository.node_id);
    expect(await readdir(cloneDir)).toEqual([]);
  });

  it('fails with a clear message when push.json is broken and there is no good version yet', async () => {
    await writeFile(configFile, '{"keep_clones": 2,');
    await expect(run({ before: zeroId, after: '1'.repeat(40) })).rejects.toThrow(/push\.json:\d+:\d+: not valid JSON/);
  });

  it('alerts the targets push.json names, and keeps the findings when the alert fails', async () => {
    const base = await repo.commit({});
    await repo.push();
    const after = await repo.commit({ 'a.txt': `${fake.npmToken}\n` });
    await repo.push();
    await writeConfig({ alert_targets: ['security', 'down'] });

    const { result, log } = await run({ before: base, after });

    expect(alerts('/security')).toHaveLength(1);
    expect(alerts('/chat')).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.alert).toMatchObject({ ok: false, targets: [{ target: 'security', status: 'sent' }, { target: 'down', status: 'failed' }] });
    expect(log).toContain('the secret alert was not sent to every target');
  });
});

describe('hostile input', () => {
  it('hands no branch name to git: names that look like options or shell do nothing', async () => {
    const marker = join(repo.dir, 'pwned');
    const base = await repo.commit({ 'a.txt': 'a\n' });
    await repo.push();
    const shellName = `x$(touch\${IFS}${marker})`;
    await repo.branch(shellName);
    const leak = await repo.commit({ 'leak.txt': `${fake.npmToken}\n` });
    await repo.push();

    // A real branch with shell in its name, new: its name is compared with git's ref list.
    const { result } = await run({ ref: `refs/heads/${shellName}`, before: zeroId, after: leak });
    expect(result.findings!.map((f) => f.file)).toEqual(['leak.txt']);
    for (const ref of [`refs/heads/--upload-pack=touch ${marker}`, 'refs/heads/-x', `--upload-pack=touch ${marker}`, `refs/heads/$(touch ${marker})`]) {
      const { result } = await run({ ref, before: base, after: leak });
      expect(result.findings!.map((f) => f.file)).toEqual(['leak.txt']);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses "before" and "after" that are not commit ids, before cloning', async () => {
    const marker = join(repo.dir, 'pwned');
    await expect(run({ before: zeroId, after: `--upload-pack=touch ${marker}` })).rejects.toThrow(/must be commit ids/);
    await expect(run({ before: '-x', after: '1'.repeat(40) })).rejects.toThrow(/must be commit ids/);
    expect(existsSync(cloneDir)).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses hostile clone URLs, from the template or the payload, and runs nothing', async () => {
    const marker = join(repo.dir, 'pwned');
    const after = await repo.commit({});
    await repo.push();
    const templates = [`ext::sh -c touch% ${marker}`, 'ext::sh -c touch% {repository/name}', `--upload-pack=touch ${marker}`, 'ssh://-oProxyCommand=touch%20x/y'];
    for (const url_template of templates) {
      await writeConfig({ url_template });
      await expect(run({ before: zeroId, after }, hook())).rejects.toThrow(/clone URL/);
    }
    await writeConfig({});
    await expect(run({ before: zeroId, after, url: `ext::sh -c touch% ${marker}` }, hook())).rejects.toThrow(/clone URL/);
    // Shipped default: https and ssh only, so a delivery cannot name a repository on this machine.
    await writeFile(configFile, JSON.stringify({ clone_dir: '../clones' }));
    await expect(run({ before: zeroId, after }, hook())).rejects.toThrow('clone URL scheme "file" is not allowed (only https, ssh)');
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(cloneDir)).toBe(false);
  });
});
