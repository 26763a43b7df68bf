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
// A usage error (an unknown option, a missing value) exits 2, as a config error does: 1 means
// the operation failed. Set before the commands are added, so that every one inherits it.
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

// One file per command in commands/; what several of them share in commands/support/.
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
