import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyConfigFile } from '../../src/libs/notify/notify-config-schema.ts';
import { cardProblems } from '../support/adaptive-card.ts';
import { example } from '../support/examples.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

const secret = 'a long random test secret';
const repo = join(import.meta.dirname, '../..');

describe('hooks/all.ts through the real server', () => {
  let server: TestServer;
  let chat: StandIn;
  let configFile: string;
  beforeAll(async () => {
    chat = await standIn((req) => (req.url?.startsWith('/broken') ? { status: 503 } : { status: 202 }));
    server = await startServer({ enforce_secret: secret }, { 'all.ts': await readFile(join(repo, 'hooks/all.ts'), 'utf8') });
    // The hook reads ../config/notify.json beside its folder, as in a checkout.
    await mkdir(join(server.dir, 'config'));
    configFile = join(server.dir, 'config/notify.json');
  });
  afterAll(async () => {
    await server.stop();
    await chat.close();
  });
  const configure = (config: NotifyConfigFile) => writeFile(configFile, JSON.stringify(config));
  const teamsUrl = () => `${chat.url}/workflows/abc/triggers/manual/paths/invoke?sig=s3cret`;
  const issue = (action: string, title = 'Crash on start') => {
    const payload = example('issues', (p) => p.action === 'opened');
    return { ...payload, action, issue: { ...(payload.issue as object), number: 1347, title } };
  };

  it('works out of the box: with the shipped config and no URL set, it renders the message and says why nothing was sent', async () => {
    await copyFile(join(repo, 'config/notify.json'), configFile);
    const { body } = await server.post('issues', issue('opened'), { secret });
    expect(body.all).toMatchObject({ status: 'ok', returncode: 0 });
    const result = JSON.parse(body.all.stdout);
    expect(result).toMatchObject({ title: 'Codertocat opened issue #1347 "Crash on start" in Codertocat/Hello-World', template: 'issues', text: "It looks like you accidently spelled 'commit' with two 't's." });
    expect(result.not_configured).toEqual(expect.arrayContaining([expect.stringMatching(/^teams \(environment variable GENVOY_TEAMS_URL is not set\)$/)]));
    expect(server.logs().filter((l) => l.msg === 'notify: no target is configured; messages are rendered but not sent')).toHaveLength(1);
  });

  it('is quiet about CI that went well with the shipped config, and tells of a failed check by name', async () => {
    await copyFile(join(repo, 'config/notify.json'), configFile);
    const run = example('check_run', (p) => p.action === 'completed');
    const passed = { ...run, check_run: { ...(run.check_run as object), conclusion: 'success' } };
    expect(JSON.parse((await server.post('check_run', passed, { secret })).body.all.stdout)).toEqual({
      skipped: 'ci_events is "problems": check_run (completed, success) is neither a failure nor waiting for anyone',
    });
    const failed = { ...run, check_run: { ...(run.check_run as object), conclusion: 'failure' } };
    const result = JSON.parse((await server.post('check_run', failed, { secret })).body.all.stdout);
    expect(result).toMatchObject({ title: 'Check "Octocoders-linter" failed on changes in Codertocat/Hello-World', template: '(default)' });

    // `ci_events: "all"` sends every one.
    const shipped = JSON.parse(await readFile(join(repo, 'config/notify.json'), 'utf8'));
    await configure({ ...shipped, ci_events: 'all' });
    expect(JSON.parse((await server.post('check_run', passed, { secret })).body.all.stdout).title).toBe('Check "Octocoders-linter" passed on changes in Codertocat/Hello-World');
  });

  it('sends a signed delivery to Teams as a valid card, and skips what `when` rules out', async () => {
    await configure({
      targets: { teams: { url: teamsUrl() } },
      events: { issues: { when: "action == 'opened'", title: 'Issue #{issue/number} ${action}: {issue/title}', message: 'by **{sender/login}**', color: 'good' } },
    });
    const before = chat.requests.length;
    const { body } = await server.post('issues', issue('opened', 'Crash [evil](https://evil.example)'), { secret });
    expect(body.all).toMatchObject({ status: 'ok' });
    expect(JSON.parse(body.all.stdout)).toEqual({ title: 'Issue #1347 opened: Crash [evil](https://evil.example)', template: 'issues', sent: ['teams'] });
    expect(chat.requests).toHaveLength(before + 1);
    const post = chat.requests.at(-1)!;
    expect(post.url).toBe('/workflows/abc/triggers/manual/paths/invoke?sig=s3cret');
    const card = JSON.parse(post.body);
    expect(cardProblems(card)).toEqual([]);
    expect(card.attachments[0].content.body[0].items[0].text).toBe('Issue #1347 opened: Crash \\[evil\\]\\(https://evil.example\\)');

    const skipped = await server.post('issues', issue('labeled'), { secret });
    expect(JSON.parse(skipped.body.all.stdout)).toEqual({ skipped: "when: action == 'opened'" });
    expect(chat.requests).toHaveLength(before + 1);
  });

  it('fails the hook with a clear reason when the target keeps failing; the URL is in no answer and no log', async () => {
    await configure({ targets: { teams: { url: `${chat.url}/broken/abc?sig=s3cret`, retries: 1 } } });
    const { body } = await server.post('issues', issue('opened'), { secret });
    expect(body.all).toMatchObject({ status: 'failed', returncode: 1, stderr: 'notify failed: teams: HTTP 503 after 2 attempts' });
    const everything = JSON.stringify(body) + JSON.stringify(server.logs());
    expect(everything).not.toContain('s3cret');
    expect(everything).not.toContain('/broken/abc');
  });

  it('keeps the last good config when an edit breaks it, and says where', async () => {
    await configure({ targets: { teams: { url: teamsUrl() } }, events: { issues: { title: 'good version' } } });
    expect(JSON.parse((await server.post('issues', issue('opened'), { secret })).body.all.stdout).title).toBe('good version');
    await writeFile(configFile, JSON.stringify({ targets: { teams: { url: teamsUrl() } }, events: { issues: { title: 'bad', colour: 'red' } } }));
    expect(JSON.parse((await server.post('issues', issue('opened'), { secret })).body.all.stdout).title).toBe('good version');
    const rejected = server.logs().find((l) => l.msg === 'config edit rejected; the last good config stays in force');
    expect(rejected).toMatchObject({ file: configFile, error: expect.stringContaining('"events.issues.colour": unknown key') });
    expect(JSON.stringify(server.logs())).not.toContain('s3cret');
  });
});
