import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.ts';
import { importedPackages } from '../support/imported-packages.ts';
import { eventually } from '../support/server.ts';

const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

/** What `genvoy init` writes, in the order it writes them. */
const scaffold = ['.dockerignore', '.gitignore', 'Dockerfile', 'README.md', 'config/config.json', 'hooks/push.ts', 'package.json', 'test/push.test.ts', 'tsconfig.json'];

/**
 * This run's environment without what npm and vitest set for it: a child npm would take the
 * checkout for its project (npm_config_local_prefix) and the checkout's .npmrc for the new
 * project's (npm_config_engine_strict), a child vitest would think itself one of this run's
 * workers. The user's and the machine's npm settings (cache, registry) stay.
 */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_config_engine_strict$|npm_command$|VITEST|TEST$)/.test(key)),
  ),
  NO_COLOR: '1',
};

interface Ran {
  code: number | null;
  output: string;
}

/** A command to its end, its stdout and stderr in one text. */
async function run(command: string, args: string[], cwd: string): Promise<Ran> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = gather(child);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output: output() };
}

function gather(child: ChildProcess): () => string {
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return () => output;
}

/**
 * What `npm install <tarball>` leaves, made without the registry: the tarball unpacked into
 * node_modules/genvoy with its bin linked, every other package (genvoy's dependencies, the
 * project's typescript and vitest) linked from the checkout's node_modules.
 */
async function install(tarball: string, project: string): Promise<void> {
  const modules = join(project, 'node_modules');
  const target = join(modules, 'genvoy');
  await mkdir(target, { recursive: true });
  const unpacked = await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], project);
  expect(unpacked.code, unpacked.output).toBe(0);
  const checkout = join(repoRoot, 'node_modules');
  for (const entry of await readdir(checkout)) {
    if (entry === 'genvoy' || entry === '.bin' || entry.startsWith('.')) continue;
    await symlink(join(checkout, entry), join(modules, entry));
  }
  await mkdir(join(modules, '.bin'));
  for (const bin of await readdir(join(checkout, '.bin'))) await symlink(await realpath(join(checkout, '.bin', bin)), join(modules, '.bin', bin));
  await symlink('../genvoy/bin/genvoy.js', join(modules, '.bin', 'genvoy'));
}

/** Every file under `folder`, relative to it, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

describe('genvoy init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'genvoy-init-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes DIR and writes a project named after it there, printing each file and the next steps', async () => {
    const { code, output } = await runCli(['init', 'My Hooks'], {}, dir);
    expect(output).toBe(
      [
        ...scaffold.map((file) => `wrote ${file}`),
        '',
        `A genvoy hooks project, "my-hooks", in ${join(dir, 'My Hooks')}. Next:`,
        "  cd 'My Hooks' && npm install && npm start",
        '  npx genvoy send push --example push --branch main   # in another shell: a test delivery to hooks/push.ts',
        '  npm test                                             # type-checks the hooks and runs test/',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
    const project = join(dir, 'My Hooks');
    expect(await filesUnder(project)).toEqual([...scaffold].sort());

    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'my-hooks',
      private: true,
      type: 'module',
      engines: { node: '>=20.19' },
      scripts: { start: 'genvoy serve', test: 'tsc --noEmit && vitest run' },
      dependencies: { genvoy: `^${version}` },
      devDependencies: { typescript: expect.stringMatching(/^~5\.9\./), '@types/node': expect.stringMatching(/^\^20\./), vitest: expect.stringMatching(/^\^4\./) },
    });
    const tsconfig = await readFile(join(project, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toMatch(/"strict": true/);
    expect(tsconfig).toMatch(/"moduleResolution": "NodeNext"/);
    expect(tsconfig).not.toMatch(/allowImportingTsExtensions|paths/);

    const shipped = JSON.parse(await readFile(join(repoRoot, 'config/config.json'), 'utf8'));
    const config = JSON.parse(await readFile(join(project, 'config/config.json'), 'utf8'));
    expect(config).toMatchObject({ hooks_path: '../hooks', journal_path: '../data/genvoy.db', http_port: shipped.http_port, allowed_ips: shipped.allowed_ips });
    expect(await readFile(join(project, 'hooks/push.ts'), 'utf8')).toMatch(/^export const handle: Handler<'push'> = /m);
    expect(await readFile(join(project, 'README.md'), 'utf8')).toMatch(/^# my-hooks\n/);
    expect(await readFile(join(project, 'Dockerfile'), 'utf8')).toMatch(/^CMD \["node_modules\/.bin\/genvoy", "serve"\]$/m);
  });

  it('without DIR writes into the current folder', async () => {
    const here = join(dir, 'here');
    await mkdir(here);
    const { code, output } = await runCli(['init'], {}, here);
    expect(code).toBe(0);
    expect(output).toContain('\n  npm install && npm start\n');
    expect(await filesUnder(here)).toEqual([...scaffold].sort());
    expect(JSON.parse(await readFile(join(here, 'package.json'), 'utf8')).name).toBe('here');
  });

  it('refuses to overwrite files, naming them, and writes nothing (exit 1); --force overwrites them', async () => {
    const project = join(dir, 'again');
    expect((await runCli(['init', project])).code).toBe(0);
    const template = await readFile(join(project, 'hooks/push.ts'), 'utf8');
    await writeFile(join(project, 'hooks/push.ts'), '// mine\n');
    await rm(join(project, 'README.md'));

    const refused = await runCli(['init', project]);
    expect(refused.output).toBe(
      [`genvoy init: these files exist in ${project} (--force overwrites):`, ...scaffold.filter((f) => f !== 'README.md').map((f) => `  ${f}`), ''].join('\n'),
    );
    expect(refused.code).toBe(1);
    expect(await readFile(join(project, 'hooks/push.ts'), 'utf8')).toBe('// mine\n');
    expect(existsSync(join(project, 'README.md'))).toBe(false);

    const forced = await runCli(['init', project, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.output).toContain('overwrote hooks/push.ts\n');
    expect(forced.output).toContain('wrote README.md\n');
    expect(await readFile(join(project, 'hooks/push.ts'), 'utf8')).toBe(template);
  });
});

/**
 * The package as npm would publish it (`npm pack`, from the dist/ that `npm test` builds), in a
 * project `genvoy init` made: installed from the tarball, type-checked under the project's plain
 * tsconfig, its test run, and its hook served by the installed genvoy.
 */
describe('the packed genvoy in a project of its own', () => {
  let dir: string;
  let tarball: string;
  let packed: string[];
  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist/cli.js'))) throw new Error('no dist/: run `npm run build` first (`npm test` does)');
    dir = await mkdtemp(join(tmpdir(), 'genvoy-pack-'));
    // --ignore-scripts: `prepare` would build dist/ again, into the checkout.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], repoRoot);
    expect(pack.code, pack.output).toBe(0);
    tarball = join(dir, `genvoy-${version}.tgz`);
    const list = await run('tar', ['-tzf', tarball], dir);
    expect(list.code, list.output).toBe(0);
    packed = list.output
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^package\//, ''));
  }, 120_000);
  afterAll(() => dir && rm(dir, { recursive: true, force: true }));

  it('declares every package its code imports', async () => {
    const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const file of packed.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      const code = await readFile(join(repoRoot, file), 'utf8');
      for (const name of importedPackages(code)) imported.add(name);
    }
    expect([...imported].filter((name) => !Object.hasOwn(manifest.dependencies, name)).sort()).toEqual([]);
    expect(imported).toContain('koa');
  });

  it('holds dist/, bin/, hooks/, config/, templates/, README.md, LICENSE and the docs’ text, and nothing else', () => {
    const tops = new Set(packed.map((file) => file.split('/')[0]));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'config', 'dist', 'docs', 'hooks', 'package.json', 'templates']);
    expect(packed).toEqual(
      expect.arrayContaining(['bin/genvoy.js', 'dist/cli.js', 'dist/api/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'hooks/push.ts', 'config/config.json', 'templates/init/hooks/push.ts']),
    );
    expect(packed.filter((file) => /^(test|bench|\.ci|src)\//.test(file) || file.endsWith('.png'))).toEqual([]);
    expect(packed.filter((file) => file.startsWith('docs/') && !file.endsWith('.md'))).toEqual([]);
  });

  it('installs from the tarball, type-checks, passes its test, and serves the typed hook', async () => {
    const project = join(dir, 'acme-hooks');
    expect((await runCli(['init', project])).code).toBe(0);
    // Every entry point's types, besides `genvoy` that hooks/push.ts uses (not a test file: vitest leaves it; tsc checks it).
    await writeFile(
      join(project, 'test/entry-points.ts'),
      [
        "import { defineHook, type HookContext } from 'genvoy';",
        "import { notify, type NotifyOutcome } from 'genvoy/notify';",
        "import { pushHook, type PushResult } from 'genvoy/push';",
        "import { examplePayload, gitHubStandIn, runHook, type HookRun } from 'genvoy/testing';",
        "export const hook = defineHook<'issues'>({ handle: (payload, event, context: HookContext) => payload.issue.number });",
        'export const sent: (text: string) => Promise<NotifyOutcome> = (text) => notify({ event: "push", title: text, text });',
        'export const scan = pushHook({ configFile: "push.json" });',
        'export type Scanned = PushResult;',
        "export const ran: Promise<HookRun> = runHook('hooks/push.ts', 'push', examplePayload('push'), { githubApiUrl: 'http://127.0.0.1:1' });",
        'export const standIn = gitHubStandIn;',
        '',
      ].join('\n'),
    );

    // Installed without the registry (tests reach no other machine): the tarball unpacked where
    // npm puts a package, its dependencies and the project's devDependencies those the checkout
    // installed from its lockfile. That each one genvoy imports is declared is checked apart.
    await install(tarball, project);
    const installed = join(project, 'node_modules/genvoy');
    expect((await lstat(installed)).isDirectory()).toBe(true); // a copy, not a link to the checkout
    const copied = (await filesUnder(installed)).filter((file) => !file.startsWith('node_modules/'));
    expect(copied).toEqual([...packed].sort());

    // The README's links lead into the installed package's docs.
    const links = [...(await readFile(join(project, 'README.md'), 'utf8')).matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!);
    expect(links).toContain('node_modules/genvoy/docs/guides/hooks.md');
    expect(links.filter((link) => !existsSync(join(project, link)))).toEqual([]);

    // A hook of the user's with a helper and a `when`, tested with genvoy/testing by the project's own test command.
    await writeFile(join(project, 'hooks/_triage.ts'), "export const labelFor = (title: string): string => (/crash|error/i.test(title) ? 'bug' : 'question');\n");
    await writeFile(
      join(project, 'hooks/issues+triage.ts'),
      [
        "import type { Handler } from 'genvoy';",
        "import { labelFor } from './_triage.js';",
        "export const when = \"action == 'opened'\";",
        "export const handle: Handler<'issues'> = (payload, event, { log }) => {",
        '  const label = labelFor(payload.issue.title);',
        '  log.info({ label }, `#${payload.issue.number}`);',
        '  return { label };',
        '};',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(project, 'test/triage.test.ts'),
      [
        "import { examplePayload, runHook } from 'genvoy/testing';",
        "import { expect, it } from 'vitest';",
        "it('labels an opened issue by its title', async () => {",
        "  const issue = examplePayload('issues.opened');",
        "  const run = await runHook('hooks/issues+triage.ts', 'issues', { ...issue, issue: { ...issue.issue, title: 'Crash on start' } });",
        "  expect(run).toMatchObject({ status: 'ok', value: { label: 'bug' } });",
        "  expect(run.logs).toEqual([{ level: 'info', label: 'bug', msg: '#1' }]);",
        '});',
        "it('skips an edited one, by its when', async () => {",
        "  const run = await runHook('hooks/issues+triage.ts', 'issues', examplePayload('issues.edited'));",
        "  expect(run).toMatchObject({ status: 'skipped', reason: \"when: action == 'opened'\" });",
        '});',
        '',
      ].join('\n'),
    );
    // The same from node:test, in plain JavaScript: genvoy/testing needs no vitest.
    await writeFile(
      join(project, 'test/plain-node.mjs'),
      [
        "import assert from 'node:assert/strict';",
        "import { test } from 'node:test';",
        "import { examplePayload, runHook } from 'genvoy/testing';",
        "test('triage under node:test', async () => {",
        "  assert.equal((await runHook('hooks/issues+triage.ts', 'issues', examplePayload('issues.opened'))).status, 'ok');",
        "  assert.equal((await runHook('hooks/issues+triage.ts', 'issues', examplePayload('issues.edited'))).status, 'skipped');",
        '});',
        '',
      ].join('\n'),
    );

    const test = await run('npm', ['test'], project);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Tests\s+4 passed/);
    const nodeTest = await run(process.execPath, ['--test', 'test/plain-node.mjs'], project);
    expect(nodeTest.code, nodeTest.output).toBe(0);
    expect(nodeTest.output).toMatch(/^# pass 1$/m);

    const genvoy = join(project, 'node_modules/.bin/genvoy');
    const check = await run(process.execPath, [genvoy, 'check-config'], project);
    expect(check.output).toBe('checked config/config.json; 2 hook modules and 0 legacy scripts in hooks: no problems\n');
    expect(check.code).toBe(0);

    // GitHub's address list is not fetched here: loopback is let in by allowed_ips alone.
    const config = join(project, 'config/config.json');
    await writeFile(config, JSON.stringify({ ...JSON.parse(await readFile(config, 'utf8')), github_ips_only: false }));
    const server = spawn(process.execPath, [genvoy, 'serve', '--port', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = gather(server);
    try {
      const listening = await eventually(() => /^listening on http:\/\/0\.0\.0\.0:(\d+)$/m.exec(output()), 30_000);
      const sent = await run(process.execPath, [genvoy, 'send', 'push', '--example', 'push', '--branch', 'main', '--url', `http://127.0.0.1:${listening[1]}/`], project);
      expect(sent.code, `${sent.output}\n${output()}`).toBe(0);
      const answer = JSON.parse(sent.output.slice(sent.output.indexOf('{'), sent.output.lastIndexOf('}') + 1));
      expect(answer).toEqual({ push: expect.objectContaining({ returncode: 0, status: 'ok', stderr: '' }) });
      expect(JSON.parse(answer.push.stdout)).toEqual({ repository: 'Codertocat/Hello-World', branch: 'main', commits: 0 });
      await eventually(() => output().includes('"msg":"Codertocat pushed to Codertocat/Hello-World"'));
    } finally {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
    }
    expect(existsSync(join(project, 'data/genvoy.db'))).toBe(true);
  }, 600_000);
});
