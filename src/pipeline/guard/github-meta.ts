import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchFailure } from '../../base/fetch-failure.ts';
import type { Logger } from '../../base/logger.ts';
import { withDeadline } from '../../base/within.ts';
import { writeAtomically } from '../../base/write-atomically.ts';
import { AddressList } from './address-list.ts';
import { shippedGithubHookRanges } from './shipped-github-ranges.ts';

const REFRESH_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 10_000;
/** How long start waits for GitHub before serving with the cached or shipped list. */
const START_WAIT_MS = 3_000;

export interface MetaSource {
  url: string;
  /** Folder for the cached copy; "" = the system's temp folder. */
  cacheDir: string;
}

interface CachedMeta {
  url: string;
  fetched_at: string;
  etag?: string;
  hooks: string[];
}

/**
 * GitHub's webhook source ranges (`hooks` of the meta document): fetched at start and
 * hourly, kept on disk. When GitHub cannot be reached the last cached list is used,
 * else the list shipped with genvoy, with a warning.
 */
export class GithubHookRanges {
  #list = new AddressList(shippedGithubHookRanges);
  #origin: 'shipped' | 'cache' | 'live' = 'shipped';
  #timer: NodeJS.Timeout | undefined;
  #source: MetaSource | undefined;
  #etag: string | undefined;

  constructor(private readonly log: Logger) {}

  get origin(): string {
    return this.#origin;
  }

  has(address: string): boolean {
    return this.#list.has(address);
  }

  /**
   * Starts (or, with another source, restarts) fetching. Resolves when the live list is in
   * place, or after a few seconds with the cached or shipped one while the fetch goes on.
   */
  async start(source: MetaSource): Promise<void> {
    if (this.#source?.url === source.url && this.#source.cacheDir === source.cacheDir) return;
    this.stop();
    this.#source = source;
    this.#etag = undefined;
    this.#use(shippedGithubHookRanges, 'shipped');
    await withDeadline(this.refresh(), START_WAIT_MS, () => {});
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#source = undefined;
  }

  async refresh(): Promise<void> {
    const source = this.#source;
    if (!source) return;
    // The default is per user: a shared temp folder must not let another user plant ranges.
    const cacheFile = join(source.cacheDir || join(tmpdir(), `genvoy-${process.getuid?.() ?? 'user'}`), 'github-meta.json');
    if (this.#origin === 'shipped') {
      const cached = await readCache(cacheFile);
      if (cached) this.#use(cached.hooks, 'cache'); // in force until the fetch below answers
    }
    try {
      const fetched = await this.#fetch(source.url);
      if (fetched === 'unchanged') return;
      this.#use(fetched.hooks, 'live');
      this.#etag = fetched.etag;
      await writeAtomically(cacheFile, JSON.stringify(fetched), { createFolder: true }).catch((err: Error) =>
        this.log.warn({ file: cacheFile, error: err.message }, 'could not cache GitHub meta ranges'),
      );
      return;
    } catch (err) {
      const reason = fetchFailure(err);
      if (this.#origin === 'live') {
        this.log.warn({ url: source.url, error: reason }, 'GitHub meta refresh failed; keeping the ranges fetched before');
        return;
      }
      if (this.#origin === 'cache') {
        this.log.warn({ url: source.url, error: reason, file: cacheFile }, 'GitHub meta unreachable; using the cached ranges');
      } else {
        this.log.warn({ url: source.url, error: reason }, "GitHub meta unreachable and nothing cached; using the ranges shipped with genvoy, which may be out of date");
      }
    }
  }

  #use(cidrs: readonly string[], origin: 'shipped' | 'cache' | 'live'): void {
    this.#list = new AddressList(cidrs);
    this.#origin = origin;
    this.log.debug({ origin, ranges: cidrs.length }, 'GitHub hook ranges in force');
  }

  async #fetch(url: string): Promise<CachedMeta | 'unchanged'> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'user-agent': 'genvoy' };
    if (this.#etag) headers['if-none-match'] = this.#etag;
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (res.status === 304) return 'unchanged';
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { hooks?: unknown };
    const hooks = validRanges(body.hooks);
    if (!hooks) throw new Error('meta document has no "hooks" list of CIDRs');
    return { url, fetched_at: new Date().toISOString(), etag: res.headers.get('etag') ?? undefined, hooks };
  }
}

/** CIDRs, none broader than a /8 (IPv4) or /16 (IPv6): GitHub's are /20 to /32. */
function validRanges(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const narrow = (v: unknown) => {
    const match = typeof v === 'string' ? /^([0-9a-f.:]+)\/(\d+)$/i.exec(v) : null;
    return match !== null && Number(match[2]) >= (match[1]!.includes(':') ? 16 : 8);
  };
  return value.every(narrow) ? (value as string[]) : undefined;
}

async function readCache(file: string): Promise<CachedMeta | undefined> {
  try {
    if ((await stat(file)).uid !== process.getuid?.()) return undefined; // not ours: not trusted
    const cached = JSON.parse(await readFile(file, 'utf8')) as CachedMeta;
    return validRanges(cached.hooks) ? cached : undefined;
  } catch {
    return undefined;
  }
}
