import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real redis-server of its own on a free loopback port, in a temporary folder, keeping
 * nothing on disk; with a password, its URL carries it. Another process may take the port between the look-up and the start: then
 * it tries another.
 */
export async function startRedis(password?: string): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'genvoy-redis-'));
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const auth = password ? ['--requirepass', password] : [];
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...auth], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (await ready(child)) {
      return {
        url: `redis://${password ? `:${password}@` : ''}127.0.0.1:${port}`,
        stop: async () => {
          // Killed by a signal, it has no exit code: a second stop finds its signal instead.
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGKILL');
            await once(child, 'exit');
          }
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    if (tries === 4) throw new Error('redis-server did not start');
  }
}

/** Whether redis-server says it accepts connections before it exits. */
function ready(child: ChildProcess): Promise<boolean> {
  let output = '';
  return new Promise((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(true);
    });
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
}
