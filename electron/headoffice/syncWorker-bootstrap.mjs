// Starts the sync worker from source (tests, the bench): a worker thread does not inherit the
// main thread's TypeScript loader, so register tsx here first. Builds start sync-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./syncWorker.ts');
