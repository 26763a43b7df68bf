import { isIP } from 'node:net';
import { z } from 'zod';
import type { ConfigProblem } from '../base/config-error.ts';
import { debugLevels, type DebugLevel } from '../base/logger.ts';
import { hookTargetFormat, parseHookTarget } from './hook-target.ts';
import { parseSince, sinceFormat } from './since.ts';

/** `192.0.2.0/24`, `2001:db8::/32`, or a bare address (a /32 or /128). */
function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** Bearer tokens can be guessed over the network, so a short one is refused; "" means none (where that is allowed). */
const minTokenLength = 16;

/** Why a token is refused: `what` names it ("an admin token"). */
export function tokenTooShort(what: string): string {
  return `${what} needs at least ${minTokenLength} characters`;
}

/** Whether a token set (not "") is too short. */
export function isShortToken(token: string): boolean {
  return token !== '' && token.length < minTokenLength;
}

/** A token that "" turns off. */
const optionalToken = (what: string) => z.string().refine((token) => !isShortToken(token), { message: tokenTooShort(what) });

const cidr = z.string().refine(isCidr, { message: 'expected a CIDR such as "192.0.2.0/24" or "2001:db8::/32"' });

const embeddedQueue = z.strictObject({ type: z.literal('embedded') });

const redisQueue = z.strictObject({
  type: z.literal('redis'),
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: z.string().regex(/^rediss?:\/\/\S+$/, { message: 'expected a URL such as "redis://127.0.0.1:6379"' }),
  /** Starts every Redis key genvoy writes, so that several setups can share one Redis. */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'expected letters, digits, "_", "." or "-"' })
    .default('genvoy'),
  /** Whether `genvoy serve` also runs hooks from the queue; false leaves them to `genvoy worker`. */
  work: z.boolean().default(true),
  /**
   * How long a worker's claim on a delivery lasts without renewal: a worker that died is
   * noticed after one to two times this, and its delivery runs on another worker.
   */
  lock_s: z.number().min(0.5).max(600).default(30),
  /** How often a delivery may lose its worker that way before it is marked dead. */
  max_stalls: z.number().int().min(0).max(100).default(3),
  /** How long finished deliveries are kept: redeliveries, replays and `dead` see them until then. */
  keep_days: z.number().positive().default(7),
});

/**
 * The keys of config.json. The original's names are kept; every key has a default,
 * and an unknown key is an error, so that a typo never silently means "default".
 */
export const configSchema = z.strictObject({
  http_port: z.number().int().min(0).max(65535).default(5000),
  http_host: z.string().min(1).default('0.0.0.0'),
  /** A second path the delivery handler answers at, besides `/` (for a reverse proxy). */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~\-/]*$/, { message: 'expected a URL path such as "/webhooks"' })
    .default(''),
  /** How long a client may take to send a request's headers (GitHub sends them at once). */
  headers_timeout_s: z.number().min(0.5).max(60).default(5),
  /**
   * How long a client may take to send a delivery's body, once its headers are in: a slower one
   * is cut (408) and logged. Under GitHub's 10 s, after which GitHub gives up anyway.
   */
  body_timeout_s: z.number().min(0.5).max(60).default(8),
  /** How long a keep-alive connection may sit idle: shorter than a reverse proxy's (nginx, load balancers: 60 s). */
  keep_alive_s: z.number().min(0.5).max(600).default(5),
  /**
   * The body bytes that all deliveries being received may hold together, in MB; one more is
   * answered 503 with Retry-After. 0: sized for the machine (bodyBudgetBytes).
   */
  body_budget_mb: z
    .number()
    .refine((v) => v === 0 || (v >= 25 && v <= 65_536), { message: 'expected 0 (sized for the machine) or 25 to 65536 MB: one delivery may have 25 MB' })
    .default(0),
  /** The share of that budget that one client address may hold; always at least one 25 MB body. */
  body_budget_per_client: z.number().gt(0).max(1).default(0.5),
  github_ips_only: z.boolean().default(true),
  enforce_secret: z.union([z.string(), z.array(z.string().min(1))]).default(''),
  return_scripts_info: z.boolean().default(true),
  hooks_path: z.string().min(1).default('hooks'),
  backup_path: z.string().default(''),
  debug_level: z.enum(debugLevels).default('INFO'),
  allowed_ips: z.array(cidr).default([]),
  trusted_proxies: z.array(cidr).default([]),
  github_meta_url: z.url({ protocol: /^https?$/ }).default('https://api.github.com/meta'),
  /** GitHub's REST API, for context.octokit and reconcile: https://HOST/api/v3 on GitHub Enterprise Server. */
  github_api_url: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Hooks act as this GitHub App's installation that sent the delivery; its private key is
   * read from the file (or GENVOY_APP_PRIVATE_KEY), never written into this one.
   */
  github_app: z
    .strictObject({
      /** The App's id (a number) or its client id. */
      app_id: z.union([z.number().int().positive(), z.string().regex(/^\S+$/, { message: 'expected the App id, such as 123456' })]),
      private_key_path: z.string().min(1).optional(),
    })
    .optional(),
  /** A token for repository and organisation webhooks (GENVOY_GITHUB_TOKEN wins); "" = none. */
  github_token: z.string().default(''),
  /** Where the last fetched GitHub meta document is kept; "" = the system's temp folder. */
  cache_path: z.string().default(''),
  legacy_scripts: z.boolean().default(true),
  // The original ran a repository's scripts side by side: a migrated script expects no more.
  legacy_scripts_ordered: z.boolean().default(false),
  child_hooks: z.enum(['plus', 'prefix']).default('plus'),
  hook_timeout_s: z.number().positive().max(86_400).default(30),
  /** Worker threads that run module hooks; each hook always runs in the same one. */
  hook_threads: z.number().int().min(1).max(8).default(1),
  /** The journal (SQLite): every accepted delivery and what each hook did. */
  journal_path: z.string().min(1).default('genvoy.db'),
  /** Finished deliveries older than this are removed from the journal. */
  journal_retention_days: z.number().positive().default(30),
  /**
   * sync: answer with the hooks' results, or 202 at `answer_deadline_s` with what has finished;
   * async: answer 202 once the delivery is journaled. Unset: sync while `return_scripts_info` is on.
   */
  dispatch: z.enum(['sync', 'async']).optional(),
  /** Under GitHub's 10 s, after which it marks a delivery failed. */
  answer_deadline_s: z.number().positive().max(9.5).default(8),
  /** Runs of a failing hook in all, the first included; 1 = no retries. */
  retry_attempts: z.number().int().min(1).max(100).default(5),
  /** The wait before the first retry; it doubles for each further one, up to `retry_backoff_max_s`. */
  retry_backoff_s: z.number().positive().default(10),
  retry_backoff_max_s: z.number().positive().default(3600),
  /** How many hooks run at the same time; an ordered hook runs for one repository's deliveries in order. */
  parallel: z.number().int().min(1).max(256).default(8),
  /** At SIGTERM, how long running hooks may take to finish; what is left runs at the next start. */
  stop_grace_s: z.number().min(0).max(3600).default(20),
  /**
   * Where deliveries wait for their hooks: the embedded journal on this machine, or BullMQ
   * queues on Redis shared by any number of `genvoy serve` and `genvoy worker` processes.
   */
  queue: z.discriminatedUnion('type', [embeddedQueue, redisQueue]).default({ type: 'embedded' }),
  /** Bearer token for the replay endpoint (and GENVOY_ADMIN_TOKEN), at least 16 characters; "" turns it off. */
  admin_token: optionalToken('an admin token').default(''),
  /**
   * The web page of deliveries at /ui: a login with the token, or with the user and password.
   * Off while neither is set (GENVOY_UI_TOKEN and GENVOY_UI_PASSWORD override them).
   */
  ui: z
    .strictObject({
      token: optionalToken('a web page token').default(''),
      user: z.string().min(1).default('admin'),
      password: z.string().default(''),
      /** How long a login lasts. */
      session_h: z.number().positive().max(24 * 30).default(12),
    })
    .prefault({}),
  /**
   * Bearer token that GET /metrics asks for, and GET /readyz for its details (and
   * GENVOY_METRICS_TOKEN), at least 16 characters; "" leaves both open.
   */
  metrics_token: optionalToken('a metrics token').default(''),
  /** `genvoy relay`: the public receiver that pull agents (`genvoy serve --pull`) take deliveries from. */
  relay: z
    .strictObject({
      /** Bearer tokens agents may use (besides GENVOY_RELAY_TOKEN); the relay serves nothing without one. */
      tokens: z.array(z.string().min(minTokenLength, { message: tokenTooShort('a relay token') })).default([]),
      /** How often the stream to an agent carries a heartbeat, so that proxies keep it open and a dead one is noticed. */
      heartbeat_s: z.number().min(1).max(300).default(15),
      /** How many deliveries an agent may have been sent and not yet acknowledged. */
      window: z.number().int().min(1).max(1000).default(16),
    })
    .prefault({}),
  /** `genvoy reconcile`: ask GitHub to redeliver what failed or never reached the journal. */
  reconcile: z
    .strictObject({
      /** Whose deliveries; "" = none set (the command then needs --hook). */
      hook: z
        .string()
        .refine((v) => v === '' || parseHookTarget(v) !== undefined, { message: `expected ${hookTargetFormat}` })
        .default(''),
      /** Old: `github_api_url` now (still read, with a warning). */
      api_url: z.url({ protocol: /^https?$/ }).optional(),
      /** Old: `github_token` or `github_app` now (still read, with a warning): the variable holding the token. */
      token_env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected the name of an environment variable, such as "GITHUB_TOKEN"' })
        .optional(),
      since: z
        .string()
        .refine((v) => parseSince(v, Date.now()) !== undefined, { message: `expected ${sinceFormat}` })
        .default('3d'),
      /** A periodic run inside `genvoy serve`, every so many minutes; 0 = off. */
      every_min: z.number().min(0).default(0),
      /** A delivery GitHub has attempted this often is not redelivered again. */
      max_attempts: z.number().int().min(1).default(5),
      /** The most a run waits, in all, for GitHub's rate limits before it stops. */
      max_wait_s: z.number().min(0).default(60),
    })
    // prefault, not default: an absent key is parsed as {}, so that it gets the defaults above.
    .prefault({}),
});

export type ConfigFile = z.input<typeof configSchema>;

/**
 * How genvoy reaches GitHub's API (context.octokit, reconcile): its address, and as whom.
 * The key and the token are secrets: never log them.
 */
export interface GitHubConnection {
  apiUrl: string;
  auth: { kind: 'app'; appId: string; privateKey: string } | { kind: 'token'; token: string } | { kind: 'none' };
}

export const defaultGitHubApiUrl = 'https://api.github.com';

/** No credentials: context.octokit's calls fail saying what to configure. */
export const noGitHub: GitHubConnection = { apiUrl: defaultGitHubApiUrl, auth: { kind: 'none' } };

/** A validated config, with paths made absolute and the secrets as a list. */
export type Config = Omit<z.output<typeof configSchema>, 'dispatch' | 'github_api_url'> & {
  dispatch: 'sync' | 'async';
  github_api_url: string;
  /** github_api_url, github_app (its key read) or github_token, with their variables. */
  github: GitHubConnection;
  /** The file it was read from (absolute), or "" when built in code. */
  file: string;
  secrets: string[];
  /** What the file says that genvoy takes, but warns about (the original's key names). */
  warnings: ConfigProblem[];
};

export type RedisQueueConfig = z.output<typeof redisQueue>;

export type { DebugLevel };
