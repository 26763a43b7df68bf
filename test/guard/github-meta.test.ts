import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GithubHookRanges } from '../../src/pipeline/guard/github-meta.ts';
import { standIn, type StandIn } from '../support/stand-in.ts';

describe("GitHub's hook ranges", () => {
  let github: StandIn | undefined;
  let ranges: GithubHookRanges | undefined;
  afterEach(async () => {
    ranges?.stop();
    await github?.close();
  });

  it('refreshes with the ETag it got, and keeps its list when GitHub answers 304', async () => {
    github = await standIn((req) => (req.headers['if-none-match'] === '"v1"' ? { status: 304 } : { body: { hooks: ['198.51.100.0/24'] }, headers: { etag: '"v1"' } }));
    ranges = new GithubHookRanges(pino({ level: 'silent' }));
    await ranges.start({ url: `${github.url}/meta`, cacheDir: await mkdtemp(join(tmpdir(), 'genvoy-meta-')) });
    await ranges.refresh();
    expect(github.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(ranges.origin).toBe('live');
    expect(ranges.has('198.51.100.7')).toBe(true);
    expect(ranges.has('192.30.252.1')).toBe(false); // the live list, not the shipped one
  });

  it('refuses a list with ranges broader than GitHub ever publishes, and keeps the shipped one', async () => {
    github = await standIn(() => ({ body: { hooks: ['0.0.0.0/0'] } }));
    ranges = new GithubHookRanges(pino({ level: 'silent' }));
    await ranges.start({ url: `${github.url}/meta`, cacheDir: await mkdtemp(join(tmpdir(), 'genvoy-meta-')) });
    expect(ranges.origin).toBe('shipped');
    expect(ranges.has('203.0.113.9')).toBe(false);
    expect(ranges.has('192.30.252.1')).toBe(true);
  });
});
