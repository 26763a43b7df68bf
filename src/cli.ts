import { Command } from 'commander';
import { serveCommand } from './commands/serve.ts';
import { workerCommand } from './commands/worker.ts';

const program = new Command('genvoy').description('GitHub webhook framework: routes each delivery to hooks chosen by file name.');

// One file per command in commands/.
serveCommand(program);
workerCommand(program);

await program.parseAsync();
