import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { branchPush } from '../support/examples.ts';
import { startServer, type TestServer } from '../support/server.ts';

// Shell builtins only, so that it runs whatever PATH is: the event, its spawning process, and
// whether it started with SIGPIPE or SIGXFSZ ignored (bits 12 and 24 of SigIgn, a hex mask),
// which Python ignores for itself and subprocess restores for the programs it starts.
const REPORT = `#!/bin/sh
read parent < /proc/$PPID/comm
while read key value; do [ "$key" = SigIgn: ] && ignored=$value; done < /proc/self/status
echo "$2 $GENVOY_EVENT $parent pipe:$((0x$ignored >> 12 & 1)) xfsz:$((0x$ignored >> 24 & 1))"
`;

describe('spawning legacy scripts', () => {
  let server: TestServer;
  const path = process.env.PATH;
  afterEach(async () => {
    process.env.PATH = path;
    await server.stop();
  });

  it('goes through a python3 process that spawns without forking, and the script starts with SIGPIPE and SIGXFSZ at their defaults', async () => {
    server = await startServer({}, { push: { text: REPORT, script: true } });
    const result = (await server.post('push', branchPush())).body.push;
    expect(result).toMatchObject({ status: 'ok', stdout: 'push push python3 pipe:0 xfsz:0\n' });
  });

  it("gives the script genvoy's environment as it is, not the one a python3 launcher makes for Python", async () => {
    server = await startServer({}, { push: { text: '#!/bin/sh\necho "$PATH"\n', script: true } });
    const result = (await server.post('push', branchPush())).body.push;
    expect(result).toMatchObject({ status: 'ok', stdout: `${process.env.PATH}\n` });
  });

  it('falls back to spawning from the spawner itself when there is no python3', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'genvoy-no-python-'));
    try {
      process.env.PATH = empty; // the spawner starts on first use, with this environment
      server = await startServer({}, { push: { text: REPORT, script: true } });
      const result = (await server.post('push', branchPush())).body.push;
      expect(result).toMatchObject({ status: 'ok', stdout: 'push push node pipe:0 xfsz:0\n' });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
