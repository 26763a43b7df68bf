// Starts the parse thread when genvoy runs from its TypeScript sources (its own tests): a worker
// thread does not inherit the TypeScript loader, so it registers tsx before it loads
// parse-thread.ts. From dist/, the thread starts on parse-thread.js itself.
import { register } from 'tsx/esm/api';

register();
await import('./parse-thread.ts');
