import { afterEach, describe, expect, it } from 'vitest';
import { example } from '../support/examples.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

/**
 * Each run waits (up to `capS` seconds) until a second run is inside beside it, and returns
 * how many were: 2 where two deliveries of one repository ran the hook at once, 1 where the
 * second waited for the first. Where they meet the wait ends at once, so the cap can be
 * generous there; where they cannot, it is what each run takes.
 */
const meetingModule = (ordered: string, capS: number) => `${ordered}
  let inside = 0;
  export async function handle() {
    inside++;
    const started = Date.now();
    while (inside < 2 && Date.now() - started < ${capS * 1000}) await new Promise((r) => setTimeout(r, 5));
    const seen = inside;
    await new Promise((r) => setTimeout(r, 20));
    inside--;
    return seen;
  }`;

/** The same as a legacy script, a mark file per run beside the hooks folder (a spawner may be slow to start on a busy machine). */
const meetingScript = (capS: number) => `#!/bin/sh
marks="$(dirname "$0")/../marks"
mkdir -p "$marks"
touch "$marks/in-$GENVOY_DELIVERY"
end=$(($(date +%s) + ${capS}))
while [ "$(ls "$marks" | grep -c '^in-')" -lt 2 ] && [ "$(date +%s)" -lt $end ]; do sleep 0.1; done
seen=$(ls "$marks" | grep -c '^in-')
# Having met, each stays until the other has seen it too: on a busy machine the second
# might otherwise look only once the first has gone.
if [ "$seen" -ge 2 ]; then
  touch "$marks/saw-$GENVOY_DELIVERY"
  while [ "$(ls "$marks" | grep -c '^saw-')" -lt 2 ] && [ "$(date +%s)" -lt $end ]; do sleep 0.05; done
fi
rm "$marks/in-$GENVOY_DELIVERY"
echo "$seen"
`;

describe('hooks that need no order', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  /** Two deliveries of one repository; what each run of the push hook saw. */
  async function twoDeliveries(): Promise<string[]> {
    for (const id of ['one', 'two']) expect((await server.post('push', example('push'), { delivery: id })).status).toBe(202);
    await eventually(() => ['one', 'two'].every((id) => server.journal().get(id)?.state === 'done'), 30_000);
    return ['one', 'two'].map((id) => server.journal().hooks(id)[0]!.result!.stdout.trim());
  }

  it('a module that exports ordered = false runs for the next delivery of its repository while it still runs for the one before', async () => {
    server = await startServer({ dispatch: 'async' }, { 'push.ts': meetingModule('export const ordered = false;', 20) });
    expect(await twoDeliveries()).toEqual(['2', '2']);
  });

  it('a module keeps its repository order by default: the next delivery waits', { timeout: 15_000 }, async () => {
    server = await startServer({ dispatch: 'async' }, { 'push.ts': meetingModule('', 3) });
    expect(await twoDeliveries()).toEqual(['1', '1']);
  });

  it('legacy scripts run side by side, as in the original, unless legacy_scripts_ordered is on', async () => {
    server = await startServer({ dispatch: 'async' }, { push: { text: meetingScript(20), script: true } });
    expect(await twoDeliveries()).toEqual(['2', '2']);
    await server.stop();
    server = await startServer({ dispatch: 'async', legacy_scripts_ordered: true }, { push: { text: meetingScript(3), script: true } });
    expect(await twoDeliveries()).toEqual(['1', '1']);
  }, 60_000);
});
