import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The guide's examples (docs/guides/examples) import genvoy/testing as users' tests do: from its sources here, as tsconfig.json's paths say.
  resolve: { alias: [{ find: /^genvoy\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests start real servers and child processes; two at a time suits a 2-core machine.
    maxWorkers: 2,
    // Installs redis-server and chromium when missing, and fails the run on a connection to
    // another machine or a file written into the checkout (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/no-network.mjs'],
  },
});
