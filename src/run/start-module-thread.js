// Starts a hook thread (module-thread.ts). A worker thread does not inherit genvoy's
// TypeScript loader, so it registers tsx before it loads TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./module-thread.ts');
