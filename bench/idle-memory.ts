import { setTimeout as sleep } from 'node:timers/promises';
import { treeRss } from './memory.ts';
import { startServer, type ServerSpec } from './server-process.ts';

/** How long a fresh server is left alone before its memory is read: its hooks loaded, its start-up garbage not yet collected. */
const SETTLE_MS = 3_000;

/** Starts a server, leaves it idle for a moment, and reads the RSS of its process tree. */
export async function idleRss(name: string, spec: ServerSpec): Promise<number> {
  const server = await startServer(name, spec);
  try {
    await sleep(SETTLE_MS);
    return await treeRss(server.pid);
  } finally {
    await server.stop();
  }
}
