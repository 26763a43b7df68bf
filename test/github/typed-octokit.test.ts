import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';

const run = promisify(execFile);

/** What tsc says of `files`, written to a fresh folder where `genvoy` is this checkout's hook API, as a user's project sees it. */
async function tsc(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-typed-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const compilerOptions = { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', skipLibCheck: true, types: [], paths: { genvoy: [join(repoRoot, 'src/api/index.ts')] }, allowImportingTsExtensions: true };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
  try {
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    return '';
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

const hook = (call: string) => `import type { Handler } from 'genvoy';
export const handle: Handler<'issues'> = async (payload, event, context) => {
  const { data } = await context.octokit.rest.issues.${call};
  return data.id;
};
`;

describe('context.octokit in a typed hook', () => {
  it('type-checks a call as GitHub documents it, and fails tsc at a wrong parameter', async () => {
    const output = await tsc({
      'right.ts': hook("createComment({ owner: payload.repository.owner.login, repo: payload.repository.name, issue_number: payload.issue.number, body: 'Thanks!' })"),
      'wrong.ts': hook("createComment({ owner: 'o', repo: 'r', issue: payload.issue.number, body: 'Thanks!' })"),
    });
    expect(output).not.toContain('right.ts');
    expect(output).toMatch(/wrong\.ts\(3,\d+\): error TS2(345|353|769)[^\n]*issue/);
  }, 60_000);
});
