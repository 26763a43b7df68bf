import type { Command } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { startRelay } from '../relay/start-relay.ts';
import { configOption, port } from './options.ts';

/** `genvoy relay`: the public receiver pull agents take deliveries from, until SIGINT or SIGTERM. */
export function relayCommand(program: Command): void {
  program
    .command('relay')
    .description('receive GitHub webhooks publicly and keep them for pull agents (genvoy serve --pull); runs no hooks')
    .option(...configOption)
    .option('-p, --port <n>', 'port to listen on (overrides http_port; 0 picks a free one)', port)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (options: { config: string; port?: number }) => {
      let relay;
      try {
        relay = await startRelay({
          configFile: options.config,
          overrides: { port: options.port, secret: process.env.GENVOY_SECRET || undefined, metricsToken: process.env.GENVOY_METRICS_TOKEN || undefined },
          envToken: process.env.GENVOY_RELAY_TOKEN || undefined,
        });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`genvoy relay: ${err.message}\n`);
        process.exit(2);
      }
      process.stdout.write(`listening on ${relay.url}\n`);
      const shutdown = (signal: string) => {
        relay.log.info({ signal }, 'stopping the relay');
        void relay.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
    });
}
