import type { Command } from 'commander';
import { fetchFailure } from '../base/fetch-failure.ts';
import { loadConfig } from '../config/load-config.ts';
import { configured } from './support/configured.ts';
import { configOption, seconds } from './support/options.ts';
import { serverUrl } from './support/server-url.ts';

/**
 * `genvoy health`: whether the server of the config (its http_host and http_port) is alive,
 * by its /healthz: what a container's HEALTHCHECK runs, so that it follows the configured
 * port. Exit 0 on a 2xx answer, 1 on anything else, a config error included (a HEALTHCHECK
 * reserves 2).
 */
export function healthCommand(program: Command): void {
  program
    .command('health')
    .description("check that the config's server is alive (GET /healthz at its http_host and http_port); exit 0 or 1")
    .option('--timeout <seconds>', 'how long to wait for the answer', seconds, 3)
    .option(...configOption)
    .action(async (options: { config: string; timeout: number }) => {
      const config = await configured('health', () => loadConfig(options.config));
      process.exitCode = config === 2 ? 1 : await health(new URL('/healthz', serverUrl(config)), options.timeout);
    });
}

async function health(url: URL, timeout: number): Promise<number> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(timeout * 1000) });
    process.stdout.write(`${url.href}: ${answer.status} ${await answer.text()}\n`);
    return answer.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`genvoy health: ${url.href}: ${fetchFailure(err)}\n`);
    return 1;
  }
}
