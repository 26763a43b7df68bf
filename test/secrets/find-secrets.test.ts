import { describe, expect, it } from 'vitest';
import { findSecrets, scanPatch } from '../../src/libs/secrets/find-secrets.ts';
import { redact } from '../../src/libs/secrets/redact.ts';
import { ruleIds } from '../../src/libs/secrets/rules.ts';
import { fake } from '../support/fake-secrets.ts';

const commit = 'a'.repeat(40);
const hex40 = '0123456789abcdef0123456789abcdef01234567';
const sharedAccessKey = fake.apiSecret + fake.dbPassword.slice(0, 11) + '=';

/** [rule, an added line, the secret in it] */
const cases: Array<[string, string, string]> = [
  ['aws-access-key-id', `aws_access_key_id = ${fake.awsKeyId}`, fake.awsKeyId],
  ['aws-secret-access-key', `aws_secret_access_key = ${fake.awsSecret}`, fake.awsSecret],
  ['gcp-api-key', `const maps = "${fake.gcpApiKey}";`, fake.gcpApiKey],
  ['gcp-service-account-key', `  "private_key_id": "${hex40}",`, hex40],
  ['azure-storage-account-key', `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${fake.azureStorageKey};EndpointSuffix=core.windows.net`, fake.azureStorageKey],
  ['azure-shared-access-key', `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${sharedAccessKey}`, sharedAccessKey],
  ['azure-ad-client-secret', `AZURE_CLIENT_SECRET=${fake.azureClientSecret}`, fake.azureClientSecret],
  ['github-pat', `git clone https://github.com/acme/x # with ${fake.githubPat}`, fake.githubPat],
  ['github-oauth-token', `oauth: ${fake.githubOauth}`, fake.githubOauth],
  ['github-app-token', `GH=${fake.githubApp}`, fake.githubApp],
  ['github-refresh-token', `refresh_token=${fake.githubRefresh}`, fake.githubRefresh],
  ['github-fine-grained-pat', `export GH_TOKEN=${fake.githubFineGrained}`, fake.githubFineGrained],
  ['gitlab-token', `CI_TOKEN: ${fake.gitlabPat}`, fake.gitlabPat],
  ['slack-token', `slack = ${fake.slackToken}`, fake.slackToken],
  ['slack-webhook-url', `  "webhook": "${fake.slackWebhook}"`, fake.slackWebhook],
  ['npm-token', `//registry.npmjs.org/:_authToken=${fake.npmToken}`, fake.npmToken],
  ['private-key', fake.privateKeyHeader, fake.privateKeyHeader],
  ['connection-string-password', `DATABASE_URL=postgres://app:${fake.dbPassword}@db.internal:5432/app`, fake.dbPassword],
  ['generic-secret', `API_SECRET = "${fake.apiSecret}"`, fake.apiSecret],
  ['generic-secret', `  client_secret: ${fake.apiSecret}`, fake.apiSecret],
];

const at = (text: string, file = 'src/settings.py', line = 7) => [{ commit, file, line, text }];

describe('the secret rules', () => {
  it.each(cases)('%s finds its secret, once, redacted: %s', (rule, text, secret) => {
    const findings = findSecrets(at(text));
    expect(findings).toEqual([{ rule, description: expect.any(String), file: 'src/settings.py', line: 7, commit, secret: redact(secret) }]);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it('has a case here for every rule', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(ruleIds);
  });

  it.each([
    ['a placeholder password', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['the word password as password', 'url = "mysql://root:password@localhost/test"'],
    ['a low-entropy value', 'token = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab1"'],
    ['a value without digits (an identifier)', 'secret_key = settings.DJANGO_SECRET_KEY_FROM_ENVIRONMENT'],
    ['a short value', 'password = "hunter2"'],
    ['a reference to the environment', 'const token = process.env.GITHUB_TOKEN;'],
    ['a URL with a user only', 'git clone ssh://git@github.com/acme/site.git'],
    ['a public key block', '-----BEGIN PUBLIC KEY-----'],
    ['a too short GitHub token', 'ghp_abc123'],
  ])('does not report %s', (_what, text) => {
    expect(findSecrets(at(text))).toEqual([]);
  });

  it('reports two secrets on one line', () => {
    const findings = findSecrets(at(`${fake.awsKeyId} ${fake.npmToken}`));
    expect(findings.map((f) => f.rule)).toEqual(['aws-access-key-id', 'npm-token']);
  });
});

describe('allow-lists', () => {
  const lines = [
    { commit, file: 'test/fixtures/creds.json', line: 1, text: `"token": "${fake.githubPat}"` },
    { commit, file: 'docs/setup.md', line: 3, text: `DATABASE_URL=postgres://app:${fake.dbPassword}@db/app` },
    { commit, file: 'src/app.ts', line: 9, text: `const key = '${fake.npmToken}';` },
  ];
  const files = (allow: Parameters<typeof findSecrets>[1]) => findSecrets(lines, allow).map((f) => f.file);

  it('by rule id', () => {
    expect(files({ allow: { rules: ['connection-string-password'] } })).toEqual(['test/fixtures/creds.json', 'src/app.ts']);
  });

  it('by path glob: ** spans folders, * stays in one', () => {
    expect(files({ allow: { paths: ['test/**'] } })).toEqual(['docs/setup.md', 'src/app.ts']);
    expect(files({ allow: { paths: ['**/*.md', '**/*.json'] } })).toEqual(['src/app.ts']);
    expect(files({ allow: { paths: ['*.ts'] } })).toEqual(lines.map((l) => l.file));
    expect(files({ allow: { paths: ['src/*.ts'] } })).toEqual(['test/fixtures/creds.json', 'docs/setup.md']);
  });
});

describe('scanPatch', () => {
  const first = '1'.repeat(40);
  const second = '2'.repeat(40);
  const patch = [
    `commit ${first}`,
    '',
    'diff --git a/config.env b/config.env',
    'new file mode 100644',
    'index 0000000..e69de29',
    '--- /dev/null',
    '+++ b/config.env',
    '@@ -0,0 +1,3 @@',
    '+A=1',
    `+GITHUB_TOKEN=${fake.githubPat}`,
    `++++ b/looks-like-a-header ${fake.slackToken}`,
    'diff --git a/old.txt b/old.txt',
    'deleted file mode 100644',
    '--- a/old.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    `-npm_token=${fake.npmToken}`,
    'diff --git a/logo.png b/logo.png',
    'Binary files a/logo.png and b/logo.png differ',
    `commit ${second}`,
    '',
    'diff --git "a/dir/t\\303\\251st\\tx.txt" "b/dir/t\\303\\251st\\tx.txt"',
    '--- "a/dir/t\\303\\251st\\tx.txt"',
    '+++ "b/dir/t\\303\\251st\\tx.txt"',
    '@@ -4 +4,2 @@ context',
    `-key = ${fake.npmToken}`,
    '+nothing here',
    `+key = ${fake.gitlabPat}`,
    '\\ No newline at end of file',
    '',
  ].join('\n');

  it('reads added lines only, with their file, line and commit', () => {
    expect(scanPatch(patch).map(({ rule, file, line, commit }) => ({ rule, file, line, commit }))).toEqual([
      { rule: 'github-pat', file: 'config.env', line: 2, commit: first },
      { rule: 'slack-token', file: 'config.env', line: 3, commit: first },
      { rule: 'gitlab-token', file: 'dir/tést\tx.txt', line: 5, commit: second },
    ]);
  });
});
