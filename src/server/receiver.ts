import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { ConfigError } from '../base/config-error.ts';
import { createLogger, pinoLevel, type Logger } from '../base/logger.ts';
import { loadConfig, type Overrides } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { LiveConfig } from '../config/watch-config.ts';
import { GithubHookRanges } from '../pipeline/guard/github-meta.ts';
import { answerClientErrors } from '../pipeline/receive/client-error.ts';

export interface ReceiverOptions {
  configFile: string;
  overrides?: Overrides;
  /** Where log lines go (tests read them); default stdout. */
  logDestination?: Parameters<typeof createLogger>[1];
}

export interface Receiver {
  initial: Config;
  config: LiveConfig;
  github: GithubHookRanges;
  log: Logger;
}

/**
 * What every process that takes GitHub's deliveries starts with (`genvoy serve`, `genvoy
 * relay`): the config and its log level, GitHub's ranges when they are checked, both
 * following edits of the config file once the caller watches it.
 */
export async function openReceiver({ configFile, overrides = {}, logDestination }: ReceiverOptions): Promise<Receiver> {
  const initial = await loadConfig(configFile, overrides);
  const log = createLogger(initial.debug_level, logDestination);
  const config = new LiveConfig(initial, overrides, log);
  const github = new GithubHookRanges(log);
  warnAboutExposure(initial, log);
  if (initial.github_ips_only) await github.start(metaSource(initial));
  config.onChange((next, previous) => {
    log.level = pinoLevel(next.debug_level);
    if (next.github_ips_only) void github.start(metaSource(next));
    else github.stop();
    if (next.secrets.length === 0 && previous.secrets.length > 0) warnAboutExposure(next, log);
  });
  return { initial, config, github, log };
}

export interface Listening {
  server: Server;
  port: number;
  /** The address it listens on. */
  url: string;
  /** Hands requests to `app` from now on; until then each is answered 503, "starting". */
  serve(app: Koa): void;
}

/**
 * Listens where the config says, before anything else starts: a port in use (another genvoy
 * on the same config, most likely) is a ConfigError, and nothing has been resumed or run.
 * A client gets `headers_timeout_s` for its headers, and the whole request that plus
 * `body_timeout_s` (deliver cuts a delivery's slow body itself, and says so); an idle
 * connection is closed after `keep_alive_s`.
 */
export async function listen(config: Config, log: Logger, rejected?: Parameters<typeof answerClientErrors>[1]): Promise<Listening> {
  let handle: RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' }).end('{"error":"genvoy is starting; try again in a moment"}');
  };
  const server = createServer(
    {
      headersTimeout: config.headers_timeout_s * 1000,
      requestTimeout: (config.headers_timeout_s + config.body_timeout_s) * 1000,
      keepAliveTimeout: config.keep_alive_s * 1000,
      // How often node looks for requests past those times (its default, 30 s, would let them run on that long).
      connectionsCheckingInterval: 500,
    },
    (req, res) => handle(req, res),
  );
  server.on('clientError', answerClientErrors(log, rejected));
  server.listen(config.http_port, config.http_host);
  try {
    await once(server, 'listening');
  } catch (err) {
    const { code } = err as NodeJS.ErrnoException;
    const where = `${config.http_host} port ${config.http_port}`;
    const why = code === 'EADDRINUSE' ? 'is in use by another program' : code === 'EACCES' ? 'needs privileges this user lacks' : code === 'EADDRNOTAVAIL' ? 'is no address of this machine' : `cannot be listened on (${(err as Error).message})`;
    throw new ConfigError(`${where} ${why}: pass --port N, or set http_port (or http_host) in ${config.file}`);
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http_host.includes(':') ? `[${config.http_host}]` : config.http_host}:${port}`;
  return { server, port, url, serve: (app) => void (handle = app.callback()) };
}

/** Stops taking connections at once; resolves when the last one has closed. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Connections left idle by deliveries that finish meanwhile are closed as they go idle.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  await closed;
  clearInterval(sweep);
}

function metaSource(config: Config) {
  return { url: config.github_meta_url, cacheDir: config.cache_path };
}

function warnAboutExposure(config: Config, log: Logger): void {
  if (config.secrets.length > 0) return;
  // GitHub's ranges serve every GitHub user's webhooks, so they alone prove nothing.
  log.warn(
    { port: config.http_port, github_ips_only: config.github_ips_only },
    `no secret set (enforce_secret or GENVOY_SECRET): anyone who can reach port ${config.http_port} can trigger hooks`,
  );
}
