import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { branchPush, example } from '../support/examples.ts';
import { eventually, startServer, type TestServer } from '../support/server.ts';

describe('legacy scripts', () => {
  let server: TestServer;
  afterEach(() => server.stop());

  it('get the payload file and the event as arguments, and GENVOY_* in the environment, without the secret', async () => {
    const hook = `#!/bin/sh
printf '%s\\n' "$2" "$GENVOY_EVENT" "$GENVOY_DELIVERY" "$GENVOY_REPO" "$GENVOY_BRANCH" "secret=$GENVOY_SECRET"
cp "$1" "$(dirname "$0")/../payload-copy.json"
echo "$1" > "$(dirname "$0")/../payload-path"
echo oops >&2
exit 3
`;
    process.env.GENVOY_SECRET = 'env-secret-must-not-leak';
    const payload = branchPush();
    let answer;
    try {
      server = await startServer({}, { push: { text: hook, script: true } });
      answer = await server.post('push', payload, { delivery: 'dead-beef-1' });
    } finally {
      delete process.env.GENVOY_SECRET;
    }
    const result = answer.body.push;
    expect(result.returncode).toBe(3);
    expect(result.status).toBe('failed');
    expect(result.stderr).toBe('oops\n');
    const [event, envEvent, delivery, repo, branch, secret] = result.stdout.trim().split('\n');
    expect([event, envEvent, delivery, repo, branch, secret]).toEqual([
      'push',
      'push',
      'dead-beef-1',
      (payload.repository as { name: string }).name,
      String(payload.ref).replace('refs/heads/', ''),
      'secret=',
    ]);
    expect(JSON.parse(readFileSync(join(server.dir, 'payload-copy.json'), 'utf8'))).toEqual(payload);
    const tempFile = readFileSync(join(server.dir, 'payload-path'), 'utf8').trim();
    await eventually(() => !existsSync(tempFile)); // removed afterwards
    const failure = server.logs().find((l) => l.msg === 'hook failed');
    expect(failure).toMatchObject({ hook: 'push', delivery: 'dead-beef-1', stderr: 'oops\n', returncode: 3 });
  });

  it('are killed with their whole process group at hook_timeout_s, and the hooks after them still run', async () => {
    const hook = `#!/bin/sh
sleep 30 &
echo $! > "$(dirname "$0")/../child-pid"
wait
`;
    server = await startServer({ hook_timeout_s: 0.5 }, { push: { text: hook, script: true }, 'push+after.ts': 'export const handle = () => "after";' });
    const answer = await server.post('push', branchPush());
    expect(answer.body.push).toMatchObject({ status: 'timeout', returncode: -9 });
    expect(answer.body.push.stderr).toMatch(/killed after 0.5 s/);
    expect(answer.body['push+after'].stdout).toBe('"after"');
    const pid = Number(readFileSync(join(server.dir, 'child-pid'), 'utf8'));
    await eventually(() => !alive(pid));
  });

  it('answer with their own exit code when a child that left their process group keeps the output open', async () => {
    const hook = `#!/bin/sh
setsid sleep 30 &
echo $! > "$(dirname "$0")/../escaped-pid"
echo done
exit 0
`;
    server = await startServer({ hook_timeout_s: 15 }, { push: { text: hook, script: true } });
    const result = (await server.post('push', branchPush())).body.push;
    expect(result).toMatchObject({ status: 'ok', returncode: 0, stdout: 'done\n' });
    process.kill(Number(readFileSync(join(server.dir, 'escaped-pid'), 'utf8')), 'SIGKILL');
  });

  it('survive a spawner process that dies: its running script fails with a reason, the next delivery runs', async () => {
    server = await startServer({}, { push: { text: '#!/bin/sh\nsleep 2\necho slow\n', script: true }, issues: { text: '#!/bin/sh\necho fine\n', script: true } });
    const running = server.post('push', branchPush());
    const spawners = await eventually(() => {
      const pids = childrenRunning('spawner-process.js');
      return pids.length > 0 ? pids : undefined;
    });
    for (const pid of spawners) process.kill(pid, 'SIGKILL');
    const lost = (await running).body.push;
    expect(lost).toMatchObject({ status: 'failed', returncode: 1 });
    expect(lost.stderr).toBe('script runner failed: its spawner process ended');
    expect((await server.post('issues', example('issues'))).body.issues).toMatchObject({ status: 'ok', stdout: 'fine\n' });
  });

  it('are not run without the run bit, nor when legacy_scripts is off', async () => {
    server = await startServer({ legacy_scripts: false }, { push: { text: '#!/bin/sh\necho hi\n', script: true }, issues: { text: '#!/bin/sh\necho hi\n', script: false } });
    expect((await server.post('push', branchPush())).body).toEqual({ status: 'nop' });
    expect((await server.post('issues', example('issues'))).body).toEqual({ status: 'nop' });
  });

  it('report a script that cannot start', async () => {
    server = await startServer({}, { push: { text: 'no shebang, not a program\n', script: true } });
    const result = (await server.post('push', branchPush())).body.push;
    expect(result.status).toBe('failed');
    expect(result.returncode).not.toBe(0);
  });
});

/** Pids of this process's children whose command line mentions `name`. */
function childrenRunning(name: string): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(name)).map((line) => Number(line.trim().split(/\s+/)[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
