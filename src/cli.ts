import { Command } from 'commander';
import { checkConfigCommand } from './commands/check-config.ts';
import { deliveriesCommand } from './commands/deliveries.ts';
import { hooksCommand } from './commands/hooks.ts';
import { reconcileCommand } from './commands/reconcile.ts';
import { relayCommand } from './commands/relay.ts';
import { replayCommand } from './commands/replay.ts';
import { sendCommand } from './commands/send.ts';
import { serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { workerCommand } from './commands/worker.ts';
import { version } from './version.ts';

const program = new Command('genvoy').version(version).description('GitHub webhook framework: routes each delivery to hooks chosen by file name.');

// One file per command in commands/.
serveCommand(program);
workerCommand(program);
replayCommand(program);
reconcileCommand(program);
relayCommand(program);
sendCommand(program);
hooksCommand(program);
deliveriesCommand(program);
showCommand(program);
checkConfigCommand(program);

await program.parseAsync();
