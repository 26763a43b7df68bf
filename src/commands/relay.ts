import type { Command } from 'commander';
import { startRelay } from '../server/start-relay.ts';
import { configured } from './support/configured.ts';
import { configOption, portOption } from './support/options.ts';
import { stopOnSignal } from './support/stop-on-signal.ts';

/** `genvoy relay`: the public receiver pull agents take deliveries from, until SIGINT or SIGTERM. */
export function relayCommand(program: Command): void {
  program
    .command('relay')
    .description('receive GitHub webhooks publicly and keep them for pull agents (genvoy serve --pull); runs no hooks')
    .option(...configOption)
    .option(...portOption)
    .action(async (options: { config: string; port?: number }) => {
      const relay = await configured('relay', () =>
        startRelay({
          configFile: options.config,
          overrides: { port: options.port, secret: process.env.GENVOY_SECRET || undefined, metricsToken: process.env.GENVOY_METRICS_TOKEN || undefined },
          envToken: process.env.GENVOY_RELAY_TOKEN || undefined,
        }),
      );
      if (relay === 2) process.exit(2);
      process.stdout.write(`listening on ${relay.url}\n`);
      stopOnSignal(relay.log, 'stopping the relay', () => relay.stop());
    });
}
