import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import assert from 'node:assert';
import { startGenvoy, type Genvoy } from '../../src/server/application.ts';
import type { Journal } from '../../src/intake/journal/journal.ts';
import type { ConfigFile } from '../../src/config/schema.ts';
import { sign } from '../../src/pipeline/guard/sign-body.ts';

/** A hook file's text; `script: true` makes it executable (a legacy script). */
export type HookSource = string | { text: string; script?: boolean; mode?: number };

export interface TestServer {
  genvoy: Genvoy;
  url: string;
  dir: string;
  hooksDir: string;
  configFile: string;
  /** Every log line so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** The embedded journal (there is none with a Redis queue). */
  journal(): Journal;
  post(event: string, payload: unknown, options?: PostOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export interface PostOptions {
  secret?: string;
  delivery?: string;
  headers?: Record<string, string>;
  path?: string;
}

export interface Answer {
  status: number;
  body: any;
}

/** Writes hook files into a folder. */
export async function writeHooks(hooksDir: string, hooks: Record<string, HookSource>): Promise<void> {
  await mkdir(hooksDir, { recursive: true });
  for (const [name, source] of Object.entries(hooks)) {
    const { text, script, mode } = typeof source === 'string' ? { text: source, script: false, mode: undefined } : source;
    const file = join(hooksDir, name);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, text);
    await chmod(file, mode ?? (script ? 0o755 : 0o644));
  }
}

/**
 * The real server, in-process, on a free loopback port, with a config and hooks written
 * to a fresh temporary folder. Loopback is allowed unless the test's config says otherwise.
 */
export async function startServer(config: Partial<ConfigFile> = {}, hooks: Record<string, HookSource> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-test-'));
  const hooksDir = join(dir, 'hooks');
  await writeHooks(hooksDir, hooks);
  const configFile = join(dir, 'config.json');
  const full: Partial<ConfigFile> = {
    http_host: '127.0.0.1',
    http_port: 0,
    github_ips_only: false,
    hooks_path: 'hooks',
    cache_path: 'cache',
    github_meta_url: 'http://127.0.0.1:9/meta',
    ...config,
  };
  await writeFile(configFile, JSON.stringify(full, null, 2));
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const genvoy = await startGenvoy({ configFile, logDestination: destination });
  const url = genvoy.url;
  return {
    genvoy,
    url,
    dir,
    hooksDir,
    configFile,
    journal: () => genvoy.journal ?? assert.fail('this server has no embedded journal'),
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    post: (event, payload, options = {}) => post(url, event, payload, options),
    stop: async () => {
      await genvoy.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Posts a delivery the way GitHub does: JSON body, event and delivery headers, signatures when a secret is given. */
export async function post(url: string, event: string, payload: unknown, options: PostOptions = {}): Promise<Answer> {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': options.delivery ?? randomUUID(),
    'user-agent': 'GitHub-Hookshot/test',
  };
  if (options.secret !== undefined) {
    headers['x-hub-signature-256'] = sign(body, options.secret);
    headers['x-hub-signature'] = sign(body, options.secret, 'sha1');
  }
  Object.assign(headers, options.headers);
  for (const [key, value] of Object.entries(headers)) if (value === '') delete headers[key];
  const res = await fetch(new URL(options.path ?? '/', url), { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed };
}

/** Polls until `check` returns a truthy value; for waiting on file watchers, never for timing. */
type Falsy = false | 0 | '' | null | undefined;

export async function eventually<T>(check: () => Promise<T | Falsy> | T | Falsy, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      if (Date.now() > deadline) throw new Error('condition not met in time');
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
