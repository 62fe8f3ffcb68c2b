// Starts the export worker from source (tests, the CLI, `node --import tsx`): a worker
// thread does not inherit the main thread's TypeScript loader, so register tsx here
// first. Bundled builds start the compiled worker directly and never load this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
