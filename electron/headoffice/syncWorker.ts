/**
 * The sync worker (a worker thread): runs the sync loop and posts its status to the host.
 * Started by HeadOfficeLink; `sync-worker.js` in the build.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { yieldToSales } from '../core/threadPriority';
import { SyncLoop } from './sync';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from './syncProtocol';

const port = parentPort!;
yieldToSales();
const data = workerData as SyncWorkerData;
const applying = new Map<number, { resolve(): void; reject(err: Error): void }>();
let nextId = 1;
const loop = new SyncLoop({
  ...data,
  onStatus: (status) => port.postMessage({ type: 'status', status } satisfies FromSyncWorker),
  onHello: (hello) => port.postMessage({ type: 'hello', hello } satisfies FromSyncWorker),
  // The core applies a catalogue version on the host's thread (the one writer of tessera.db).
  onCatalogue: (update) =>
    new Promise<void>((resolve, reject) => {
      const id = nextId++;
      applying.set(id, { resolve, reject });
      port.postMessage({ type: 'catalogue', id, update } satisfies FromSyncWorker);
    }),
});
loop.start();
port.on('message', (m: ToSyncWorker) => {
  if (m.type === 'stop') {
    // Then nothing keeps the thread: it ends, and the host hears its exit.
    void loop.stop().then(() => port.close());
  }
  if (m.type === 'catalogueApplied') {
    const waiting = applying.get(m.id);
    applying.delete(m.id);
    if (m.error === null) waiting?.resolve();
    else waiting?.reject(new Error(m.error));
  }
});
