import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';
import { branchPush } from '../support/examples.ts';
import { freePort } from '../support/free-port.ts';
import { importedPackages } from '../support/imported-packages.ts';
import { post, writeHooks } from '../support/server.ts';

/**
 * No Docker engine runs here, so the image cannot be built: this reads the Dockerfile's
 * instructions and runs what can run outside an image (its CMD and HEALTHCHECK, from a folder
 * laid out as /app is), and checks the rest against the checkout. What it cannot check: that
 * apt-get installs the packages (they are only named), the non-root user, the image's size.
 */
interface Instruction {
  name: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, ...rest] = line.split(/\s+/);
      return { name: name!.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const all = (name: string) => dockerfile.filter((i) => i.name === name);
const only = (name: string) => {
  const found = all(name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
/** An exec-form command: `["sh", "docker/genvoy.sh", "serve"]`. */
const execForm = (args: string) => JSON.parse(args.slice(args.indexOf('['))) as string[];
const workdir = only('WORKDIR').args;

describe('the Dockerfile', () => {
  it("installs git and Python 3 (its standard library with it) for the hooks users bring, and what clones over https and ssh need", () => {
    const apt = all('RUN').find((run) => run.args.includes('apt-get install'));
    expect(apt?.args).toBeDefined();
    const packages = /apt-get install\s+(.*?)(?:&&|$)/.exec(apt!.args)![1]!.split(/\s+/).filter((word) => word && !word.startsWith('-'));
    // python3, not python3-minimal: the original's hooks import json, logging, re, subprocess, … from the standard library.
    expect(packages).toEqual(expect.arrayContaining(['git', 'python3', 'ca-certificates', 'openssh-client']));
    expect(apt!.args).toContain('--no-install-recommends');
    expect(apt!.args).toContain('rm -rf /var/lib/apt/lists/*');
    expect(only('FROM').args).toMatch(/^node:20-slim$/);
  });

  it("runs the README's commands: npm ci builds dist/ through prepare, then the dev dependencies go; dist/ needs none of them", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(all('RUN').some((run) => /npm ci && npm prune --omit=dev/.test(run.args))).toBe(true);
    // Every package the build imports is a runtime dependency, so that the pruned image runs.
    const imported = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js')) {
          for (const name of importedPackages(readFileSync(path, 'utf8'))) imported.add(name);
        }
      }
    };
    walk(join(repoRoot, 'dist'));
    const external = [...imported].filter((name) => name !== 'genvoy');
    expect(external.length).toBeGreaterThan(5);
    for (const name of external) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });

  it('copies files that exist, and keeps the journal, backups and clones of the shipped config on volumes', () => {
    for (const copy of all('COPY')) for (const source of copy.args.split(/\s+/).slice(0, -1)) expect(existsSync(join(repoRoot, source)), source).toBe(true);
    const volumes = JSON.parse(only('VOLUME').args) as string[];
    expect(volumes).toEqual(expect.arrayContaining(['/app/hooks', '/app/config', '/app/backup', '/app/data', '/app/clones']));
    const inImage = (folder: string, path: string) => posix.resolve(posix.join(workdir, folder), path);
    const config = JSON.parse(readFileSync(join(repoRoot, 'config/config.json'), 'utf8')) as { journal_path: string };
    const push = JSON.parse(readFileSync(join(repoRoot, 'config/push.json'), 'utf8')) as { clone_dir: string };
    expect(volumes).toContain(posix.dirname(inImage('config', config.journal_path)));
    expect(volumes).toContain(inImage('config', push.clone_dir));
    // The non-root user must be able to write them: they are made, and given to group 0, before USER.
    const made = all('RUN').find((run) => run.args.includes('mkdir -p'))!.args;
    for (const volume of ['/app/backup', '/app/data', '/app/clones']) expect(made).toContain(volume);
  });
});

describe("the image's CMD and HEALTHCHECK, run from a folder laid out as its /app", () => {
  const cmd = execForm(only('CMD').args);
  const healthcheck = execForm(only('HEALTHCHECK').args);
  let app: string;
  let server: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    app = await mkdtemp(join(tmpdir(), 'genvoy-image-'));
    // What the Dockerfile copies to /app, as far as running it needs: bin/ (whose genvoy.js runs the checkout's dist/) and docker/.
    await symlink(join(repoRoot, 'bin'), join(app, 'bin'));
    await cp(join(repoRoot, 'docker'), join(app, 'docker'), { recursive: true });
    expect(dockerfile.some((i) => i.name === 'COPY' && i.args === 'docker ./docker')).toBe(true);
  });
  afterEach(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    server = undefined;
  });
  afterAll(() => rm(app, { recursive: true, force: true }));

  /** Runs the CMD as the image would (in its WORKDIR, with `env`) until genvoy listens; its URL. */
  const start = async (env: Record<string, string> = {}): Promise<string> => {
    output = '';
    server = spawn(cmd[0]!, cmd.slice(1), { cwd: app, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    return new Promise((resolve, reject) => {
      server!.stdout!.on('data', (c: Buffer) => {
        output += c.toString();
        const url = /^listening on (http:\/\/\S+)$/m.exec(output)?.[1];
        if (url) resolve(url);
      });
      server!.once('exit', (code) => reject(new Error(`the CMD exited with ${code}:\n${output}`)));
    });
  };
  const health = async (env: Record<string, string> = {}) => {
    const child = spawn(healthcheck[0]!, healthcheck.slice(1), { cwd: app, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    return { code, text };
  };

  it("serves the original's single /app/config.json with its Python hooks, and the HEALTHCHECK follows its http_port", async () => {
    const port = await freePort();
    // The original's config, mounted at /app/config.json: relative paths are /app's, as they were.
    await writeFile(join(app, 'config.json'), JSON.stringify({ http_port: port, github_ips_only: false, enforce_secret: 'image-secret', return_scripts_info: true, backup_dir: 'backup', hooks_path: 'hooks' }));
    await writeHooks(join(app, 'hooks'), {
      'push-myrepo-master': { text: '#!/usr/bin/env python3\nimport json, logging, os, re, sys, time\nwith open(sys.argv[1]) as f:\n    print(json.load(f)["repository"]["name"], sys.argv[2])\n', script: true },
    });
    await mkdir(join(app, 'backup'));
    const url = await start();
    expect(url).toBe(`http://0.0.0.0:${port}`);
    const payload = { ...branchPush(), ref: 'refs/heads/master', repository: { ...(branchPush().repository as object), name: 'myrepo' } };
    const answer = await post(`http://127.0.0.1:${port}/`, 'push', payload, { secret: 'image-secret' });
    expect(answer.body['push-myrepo-master']).toMatchObject({ returncode: 0, stdout: 'myrepo push\n' });
    expect(await readdir(join(app, 'backup'))).toHaveLength(1);
    expect(output).toContain('backup_dir: the original\'s name for \\"backup_path\\"');

    expect(await health()).toMatchObject({ code: 0, text: `http://127.0.0.1:${port}/healthz: 200 {"status":"ok"}\n` });
    server!.kill('SIGTERM');
    const [code] = await once(server!, 'exit');
    expect(code).toBe(0); // SIGTERM reached genvoy, which stopped cleanly
    expect(await health()).toMatchObject({ code: 1, text: expect.stringContaining('ECONNREFUSED') });
  }, 60_000);

  it('takes the config GENVOY_CONFIG names, else config/config.json', async () => {
    await rm(join(app, 'config.json'), { force: true });
    const elsewhere = await mkdtemp(join(tmpdir(), 'genvoy-image-config-'));
    try {
      const port = await freePort();
      await writeFile(join(elsewhere, 'genvoy.json'), JSON.stringify({ http_host: '127.0.0.1', http_port: port, github_ips_only: false, hooks_path: '.' }));
      const env = { GENVOY_CONFIG: join(elsewhere, 'genvoy.json') };
      expect(await start(env)).toBe(`http://127.0.0.1:${port}`);
      expect(await health(env)).toMatchObject({ code: 0 });
      server!.kill('SIGTERM');
      await once(server!, 'exit');

      const other = await freePort();
      await mkdir(join(app, 'config'), { recursive: true });
      await writeFile(join(app, 'config', 'config.json'), JSON.stringify({ http_host: '127.0.0.1', http_port: other, github_ips_only: false, hooks_path: '../hooks', journal_path: '../data/genvoy.db' }));
      expect(await start()).toBe(`http://127.0.0.1:${other}`);
      expect(await health()).toMatchObject({ code: 0 });
      expect(statSync(join(app, 'data', 'genvoy.db')).isFile()).toBe(true);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  }, 60_000);
});
