#!/usr/bin/env node
// genvoy runs from its build in dist/ (`npm run build`; `npm ci` and `npm test` make it).
await import('../dist/cli.js');
