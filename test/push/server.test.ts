import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';
import { fake } from '../support/fake-secrets.ts';
import { pushPayload, testRepo, type TestRepo } from '../support/git-repo.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

const secret = 'webhook secret for the push test';
let server: TestServer | undefined;
let repo: TestRepo | undefined;
let chat: StandIn | undefined;

afterEach(async () => {
  await server?.stop();
  await repo?.remove();
  await chat?.close();
});

it('the shipped hooks/push.ts, run by the real server on a signed delivery, answers with the findings and alerts the chat', async () => {
  repo = await testRepo();
  const before = await repo.commit({ 'old.env': `TOKEN=${fake.githubPat}\n` });
  await repo.push();
  const after = await repo.commit({ 'deploy/.env': `NPM_TOKEN=${fake.npmToken}\nSLACK=${fake.slackWebhook}\n` });
  await repo.push();

  chat = await standIn(() => ({}));
  // The shipped hook file as it is; it finds its config at ../config/push.json, as in genvoy's own folders.
  server = await startServer({ enforce_secret: secret }, { 'push.ts': await readFile(join(repoRoot, 'hooks/push.ts'), 'utf8') });
  const configDir = join(server.dir, 'config');
  await mkdir(configDir);
  await writeFile(join(configDir, 'notify.json'), JSON.stringify({ targets: { chat: { type: 'json', url: `${chat.url}/alerts` } } }));
  await writeFile(join(configDir, 'push.json'), JSON.stringify({ clone_dir: 'clones', notify_config: 'notify.json', clone_protocols: ['file'] }));

  const marker = join(repo.dir, 'pwned');
  const payload = pushPayload({ url: repo.url, ref: `refs/heads/--upload-pack=touch ${marker}`, before, after });
  const answer = await server.post('push', payload, { secret });

  expect(answer.status).toBe(200);
  expect(answer.body.push).toMatchObject({ status: 'ok', returncode: 0 });
  const result = JSON.parse(answer.body.push.stdout);
  expect(result.findings.map(({ rule, file, line, commit }: Record<string, unknown>) => ({ rule, file, line, commit }))).toEqual([
    { rule: 'npm-token', file: 'deploy/.env', line: 1, commit: after },
    { rule: 'slack-webhook-url', file: 'deploy/.env', line: 2, commit: after },
  ]);
  expect(result.clone.startsWith(join(configDir, 'clones'))).toBe(true);
  expect(existsSync(join(result.clone, 'deploy/.env'))).toBe(true);
  expect(result.alert).toMatchObject({ ok: true, targets: [{ target: 'chat', status: 'sent' }] });
  expect(chat.requests).toHaveLength(1);
  expect(existsSync(marker)).toBe(false);

  const seen = [JSON.stringify(answer.body), JSON.stringify(server.logs()), chat.requests[0]!.body].join('\n');
  for (const value of [fake.npmToken, fake.slackWebhook, fake.githubPat]) expect(seen).not.toContain(value);
  expect(server.logs().filter((line) => line.msg === 'possible secret pushed: npm access token')).toHaveLength(1);
});

it('the shipped hook reads the push.json that GENVOY_PUSH_CONFIG names', async () => {
  repo = await testRepo();
  const after = await repo.commit({ 'a.txt': `${fake.npmToken}\n` });
  await repo.push();
  const elsewhere = join(repo.dir, 'elsewhere');
  await mkdir(elsewhere);
  await writeFile(join(elsewhere, 'push.json'), JSON.stringify({ clone_dir: 'kept', clone_protocols: ['file'], scan: false }));
  process.env.GENVOY_PUSH_CONFIG = join(elsewhere, 'push.json');
  try {
    server = await startServer({}, { 'push.ts': await readFile(join(repoRoot, 'hooks/push.ts'), 'utf8') });
    const answer = await server.post('push', pushPayload({ url: repo.url, ref: 'refs/heads/main', before: '0'.repeat(40), after }));
    const result = JSON.parse(answer.body.push.stdout);
    expect(result.clone.startsWith(join(elsewhere, 'kept'))).toBe(true);
    expect(result.findings).toBeUndefined(); // "scan": false
  } finally {
    delete process.env.GENVOY_PUSH_CONFIG;
  }
});
