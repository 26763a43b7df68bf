import type { Config } from '../../config/schema.ts';

/** The config's own address, with a wildcard host made a loopback one. */
export function serverUrl(config: Config): string {
  const host = config.http_host === '0.0.0.0' ? '127.0.0.1' : config.http_host === '::' ? '::1' : config.http_host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http_port}`;
}
