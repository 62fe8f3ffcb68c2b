// Starts the PDF worker from source (tests, the bench, `node --import tsx`): a worker thread
// does not inherit the main thread's TypeScript loader, so register tsx here first. Bundled
// builds start the compiled pdf-worker.js directly and never load this file.
import { register } from 'tsx/esm/api';

register();
await import('./pdfWorker.ts');
