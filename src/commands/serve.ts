import type { Command } from 'commander';
import { startGenvoy } from '../application.ts';
import { ConfigError } from '../config/load-config.ts';
import { configOption, port } from './options.ts';

/** `genvoy serve`: receive GitHub webhooks and run the hooks until SIGINT or SIGTERM. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('receive GitHub webhooks and run the hooks')
    .option(...configOption)
    .option('-p, --port <n>', 'port to listen on (overrides http_port; 0 picks a free one)', port)
    .action(async (options: { config: string; port?: number }) => {
      const secret = process.env.GENVOY_SECRET;
      let genvoy;
      try {
        genvoy = await startGenvoy({ configFile: options.config, overrides: { port: options.port, secret: secret || undefined, adminToken: process.env.GENVOY_ADMIN_TOKEN || undefined, uiToken: process.env.GENVOY_UI_TOKEN || undefined, uiPassword: process.env.GENVOY_UI_PASSWORD || undefined, metricsToken: process.env.GENVOY_METRICS_TOKEN || undefined } });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`genvoy: ${err.message}\n`);
        process.exit(2);
      }
      process.stdout.write(`listening on ${genvoy.url}\n`);
      const shutdown = (signal: string) => {
        genvoy.log.info({ signal }, 'stopping: no new deliveries, waiting for running ones');
        void genvoy.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
    });
}
