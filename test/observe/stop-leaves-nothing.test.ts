import perfHooks from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { example } from '../support/examples.ts';
import { scrape } from '../support/prometheus.ts';
import { eventually, startServer } from '../support/server.ts';

/** Starts a server, has it take a delivery and a scrape, and stops it. */
async function serveOnce(): Promise<void> {
  const server = await startServer({}, { 'issues.ts': 'export const handle = () => 1;' });
  try {
    expect((await server.post('issues', example('issues'))).status).toBe(200);
    expect((await scrape(server.url)).value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  } finally {
    await server.stop();
  }
}

/** The process's active handles and requests, by kind, sorted: what would keep it alive. */
const activeResources = () => process.getActiveResourcesInfo().sort();

describe('Genvoy.stop()', () => {
  it('leaves nothing behind: servers started and stopped one after another add no monitor, observer or handle', async () => {
    // The first server makes what a process has once (the process metrics' monitors).
    await serveOnce();
    const before = await eventually(async () => {
      const first = activeResources();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return JSON.stringify(first) === JSON.stringify(activeResources()) && first;
    });
    const delayMonitors = vi.spyOn(perfHooks, 'monitorEventLoopDelay');
    const observers = vi.spyOn(perfHooks.PerformanceObserver.prototype, 'observe');
    try {
      for (let i = 0; i < 5; i++) await serveOnce();
      expect(delayMonitors).not.toHaveBeenCalled();
      expect(observers).not.toHaveBeenCalled();
    } finally {
      delayMonitors.mockRestore();
      observers.mockRestore();
    }
    // Sockets and files close a moment after the stop: wait for them, not for a fixed time.
    await eventually(() => JSON.stringify(activeResources()) === JSON.stringify(before), 10_000);
  });
});
