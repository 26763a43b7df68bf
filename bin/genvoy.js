#!/usr/bin/env node
// genvoy runs from its TypeScript sources: tsx compiles them as they load, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
