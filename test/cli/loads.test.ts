import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleModule } from '../../src/runtime/hook-folder/bundle-module.ts';
import { runCli, startCli } from '../support/cli.ts';
import { eventually, post } from '../support/server.ts';

/**
 * "Load only what runs": each genvoy process below runs with module hooks that name on stderr
 * every npm package it loads (imported, or required as the JSON of the examples is), and the
 * test reads which ones a command pulled in.
 */
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genvoy-loads-'));
  const hooks = join(dir, 'trace-hooks.mjs');
  await writeFile(
    hooks,
    `const seen = new Set();
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url)?.[1];
  if (name && !seen.has(name)) { seen.add(name); process.stderr.write('loaded package ' + name + '\\n'); }
  return resolved;
}`,
  );
  const register = join(dir, 'trace.mjs');
  await writeFile(
    register,
    `import Module, { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1];
  if (name) process.stderr.write('loaded package ' + name + '\\n');
  return file;
};
`,
  );
  env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(register).href}`.trim() };
});

const loaded = (output: string) => [...new Set([...output.matchAll(/^loaded package (\S+)$/gm)].map((m) => m[1]!))];

describe('what a genvoy command loads', () => {
  it('--version loads nothing but the command line parser', async () => {
    const { code, output } = await runCli(['--version'], env);
    expect(code).toBe(0);
    expect(loaded(output)).toEqual(['commander']);
  });

  it('serve with an empty hooks folder and the embedded journal loads no Redis, no esbuild, no GitHub client and no examples', async () => {
    await mkdir(join(dir, 'hooks'));
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ hooks_path: 'hooks', journal_path: 'genvoy.db', github_ips_only: false, allowed_ips: ['127.0.0.1/32'] }));
    const running = await startCli(['serve', '--config', config, '--port', '0'], env);
    const packages = loaded(running.output());
    running.child.kill('SIGTERM');
    await once(running.child, 'exit');
    expect(packages).toEqual(expect.arrayContaining(['koa', 'libsql', 'chokidar']));
    for (const unused of ['bullmq', 'ioredis', 'esbuild', '@octokit/core', '@octokit/webhooks-examples', 'undici', 'adaptive-expressions', 'pino-pretty']) {
      expect(packages, unused).not.toContain(unused);
    }
  }, 30_000);

  it('send loads the 4 MB of examples only when it sends one, not with a payload file', async () => {
    const payload = join(dir, 'ping.json');
    await writeFile(payload, '{"zen":"Keep it logically awesome."}');
    const plain = await runCli(['send', 'ping', '--payload', payload, '--url', 'http://127.0.0.1:9/', '--timeout', '1'], env);
    expect(plain.output).toMatch(/ping/);
    expect(loaded(plain.output)).not.toContain('@octokit/webhooks-examples');
    const example = await runCli(['send', 'ping', '--example', 'ping', '--url', 'http://127.0.0.1:9/', '--timeout', '1'], env);
    expect(loaded(example.output)).toContain('@octokit/webhooks-examples');
  }, 30_000);
});

describe('what a hook thread loads for context.octokit', () => {
  it('loads no GitHub client for hooks that never name octokit, and loads it with the first that does', async () => {
    const folder = await mkdtemp(join(dir, 'octokit-'));
    await mkdir(join(folder, 'hooks'));
    await writeFile(join(folder, 'hooks', 'issues.ts'), `import type { Handler } from 'genvoy';\nexport const handle: Handler<'issues'> = (payload, event, context) => context.hook;\n`);
    const config = join(folder, 'config.json');
    await writeFile(config, JSON.stringify({ hooks_path: 'hooks', journal_path: 'genvoy.db', github_ips_only: false, allowed_ips: ['127.0.0.1/32'], github_token: 'ghp_loadsTestToken' }));
    const running = await startCli(['serve', '--config', config, '--port', '0'], env);
    try {
      expect((await post(running.url, 'issues', { action: 'opened' })).body).toMatchObject({ issues: { status: 'ok', stdout: '"issues"' } });
      const octokit = () => loaded(running.output()).filter((name) => /^@octokit\/(core|auth-app|plugin-)/.test(name));
      expect(octokit()).toEqual([]);
      await writeFile(join(folder, 'hooks', 'issues+act.ts'), `export const handle = (payload, event, context) => typeof context.octokit.rest.issues.createComment;\n`);
      const acted = await eventually(async () => {
        const body = (await post(running.url, 'issues', { action: 'opened' })).body as Record<string, { stdout?: string }>;
        return body['issues+act'];
      }, 15_000);
      expect(acted).toMatchObject({ status: 'ok', stdout: '"function"' });
      expect(octokit()).toEqual(expect.arrayContaining(['@octokit/core', '@octokit/auth-app', '@octokit/plugin-throttling']));
    } finally {
      running.child.kill('SIGTERM');
      await once(running.child, 'exit');
    }
  }, 60_000);
});

describe('what a hook thread loads for a hook', () => {
  it('is what the hook imports of genvoy: the hook API alone, or a library too', async () => {
    const provided = ['genvoy', 'genvoy/notify', 'genvoy/push'];
    const typed = join(dir, 'typed.ts');
    await writeFile(typed, `import { defineHook } from 'genvoy';\nexport default defineHook({ handle: () => 1 });\n`);
    const notifying = join(dir, 'notifying.ts');
    await writeFile(notifying, `import type { Handler } from 'genvoy';\nimport { notify } from 'genvoy/notify';\nexport const handle: Handler = (p, event) => notify({ event, title: 'x' });\n`);
    expect((await bundleModule(typed, provided)).needs).toEqual(['genvoy']);
    // A type-only import leaves nothing to load.
    expect((await bundleModule(notifying, provided)).needs).toEqual(['genvoy/notify']);
  });
});
