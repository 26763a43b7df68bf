import type { Command } from 'commander';
import { startWorker } from '../server/start-worker.ts';
import { configured } from './support/configured.ts';
import { configOption } from './support/options.ts';
import { stopOnSignal } from './support/stop-on-signal.ts';

/** `genvoy worker`: run the hooks of deliveries queued on Redis until SIGINT or SIGTERM. */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the hooks of deliveries queued on Redis (queue.type "redis"), without receiving any')
    .option(...configOption)
    .action(async (options: { config: string }) => {
      const worker = await configured('worker', () => startWorker({ configFile: options.config }));
      if (worker === 2) process.exit(2);
      process.stdout.write('working\n');
      stopOnSignal(worker.log, 'stopping: no new deliveries, waiting for running hooks', () => worker.stop());
    });
}
