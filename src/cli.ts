import { Command } from 'commander';
import { createRequire } from 'node:module';
import { reconcileCommand } from './commands/reconcile.ts';
import { relayCommand } from './commands/relay.ts';
import { replayCommand } from './commands/replay.ts';
import { serveCommand } from './commands/serve.ts';
import { workerCommand } from './commands/worker.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const program = new Command('genvoy').version(version).description('GitHub webhook framework: routes each delivery to hooks chosen by file name.');

// One file per command in commands/.
serveCommand(program);
workerCommand(program);
replayCommand(program);
reconcileCommand(program);
relayCommand(program);

await program.parseAsync();
