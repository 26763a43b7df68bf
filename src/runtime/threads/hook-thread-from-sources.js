// Starts a hook thread when genvoy runs from its TypeScript sources (its own tests): a worker
// thread does not inherit the TypeScript loader, so it registers tsx before it loads
// hook-thread.ts. From dist/, the thread starts on hook-thread.js itself.
import { register } from 'tsx/esm/api';

register();
await import('./hook-thread.ts');
