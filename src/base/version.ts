import { createRequire } from 'node:module';

/** genvoy's version, from package.json: `genvoy --version`, and the User-Agent of what it sends. */
export const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
