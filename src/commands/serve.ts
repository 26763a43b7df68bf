import { InvalidArgumentError, type Command } from 'commander';
import { startGenvoy } from '../server/application.ts';
import { proxySettings } from '../base/outbound-proxy.ts';
import { PullAgent } from '../intake/relay/pull-agent.ts';
import { configured } from './support/configured.ts';
import { configOption, portOption } from './support/options.ts';
import { stopOnSignal } from './support/stop-on-signal.ts';

/** `genvoy serve`: receive GitHub webhooks and run the hooks until SIGINT or SIGTERM. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('receive GitHub webhooks and run the hooks')
    .option(...configOption)
    .option(...portOption)
    .option('--pull <url>', "also take deliveries from a genvoy relay at this URL (outbound only; see docs/operations/relay.md)", relayUrl)
    .option('--token <token>', 'the relay token for --pull (better: GENVOY_PULL_TOKEN, which ps does not show)')
    .action(async (options: { config: string; port?: number; pull?: URL; token?: string }) => {
      const secret = process.env.GENVOY_SECRET;
      const pullToken = options.token || process.env.GENVOY_PULL_TOKEN;
      if (options.pull && !pullToken) {
        process.stderr.write('genvoy serve: --pull needs the relay token: set GENVOY_PULL_TOKEN (or --token)\n');
        process.exit(2);
      }
      const proxy = options.pull ? await configured('serve', () => proxySettings(process.env)) : {};
      if (proxy === 2) process.exit(2);
      const genvoy = await configured('serve', () => startGenvoy({ configFile: options.config, overrides: { port: options.port, secret: secret || undefined, adminToken: process.env.GENVOY_ADMIN_TOKEN || undefined, uiToken: process.env.GENVOY_UI_TOKEN || undefined, uiPassword: process.env.GENVOY_UI_PASSWORD || undefined, metricsToken: process.env.GENVOY_METRICS_TOKEN || undefined } }));
      if (genvoy === 2) process.exit(2);
      process.stdout.write(`listening on ${genvoy.url}\n`);
      const agent = options.pull && new PullAgent({ relay: options.pull.href, token: pullToken!, intake: genvoy.intake, route: genvoy.route, proxy, log: genvoy.log });
      agent?.start();
      // The agent first: what it hands over must reach the journal before it closes.
      stopOnSignal(genvoy.log, 'stopping: no new deliveries, waiting for running ones', async () => {
        try {
          await agent?.stop();
        } finally {
          await genvoy.stop();
        }
      });
    });
}

function relayUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') throw new InvalidArgumentError('expected the relay\'s URL, such as "https://relay.example.com/"');
  return url;
}
