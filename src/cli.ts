import { Command } from 'commander';
import type { CommandDefinition } from './commands/support/options.ts';
import { version } from './base/version.ts';

/**
 * One file per command in commands/, imported only when that command runs: `genvoy show`
 * loads no web server, `genvoy --version` nothing at all. `--help` alone loads them all.
 */
const commands: Record<string, () => Promise<CommandDefinition>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  worker: async () => (await import('./commands/worker.ts')).workerCommand,
  replay: async () => (await import('./commands/replay.ts')).replayCommand,
  reconcile: async () => (await import('./commands/reconcile.ts')).reconcileCommand,
  relay: async () => (await import('./commands/relay.ts')).relayCommand,
  send: async () => (await import('./commands/send.ts')).sendCommand,
  hooks: async () => (await import('./commands/hooks.ts')).hooksCommand,
  deliveries: async () => (await import('./commands/deliveries.ts')).deliveriesCommand,
  show: async () => (await import('./commands/show.ts')).showCommand,
  'check-config': async () => (await import('./commands/check-config.ts')).checkConfigCommand,
  init: async () => (await import('./commands/init.ts')).initCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  health: async () => (await import('./commands/health.ts')).healthCommand,
  purge: async () => (await import('./commands/purge.ts')).purgeCommand,
};

const program = new Command('genvoy').version(version).description('GitHub webhook framework: routes each delivery to hooks chosen by file name.');
// A usage error (an unknown option, a missing value) exits 2, as a config error does: 1 means
// the operation failed. Set before the commands are added, so that every one inherits it.
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

const named = process.argv[2] ?? '';
const needed = Object.hasOwn(commands, named) ? [named] : ['-V', '--version'].includes(named) ? [] : Object.keys(commands);
for (const define of await Promise.all(needed.map((name) => commands[name]!()))) define(program);

await program.parseAsync();
