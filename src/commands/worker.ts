import type { Command } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { startWorker } from '../start-worker.ts';
import { configOption } from './options.ts';

/** `genvoy worker`: run the hooks of deliveries queued on Redis until SIGINT or SIGTERM. */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the hooks of deliveries queued on Redis (queue.type "redis"), without receiving any')
    .option(...configOption)
    .action(async (options: { config: string }) => {
      let worker;
      try {
        worker = await startWorker({ configFile: options.config });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`genvoy: ${err.message}\n`);
        process.exit(2);
      }
      process.stdout.write('working\n');
      const shutdown = (signal: string) => {
        worker.log.info({ signal }, 'stopping: no new deliveries, waiting for running hooks');
        void worker.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
    });
}
