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
const loop = new SyncLoop({ ...data, onStatus: (status) => port.postMessage({ type: 'status', status } satisfies FromSyncWorker) });
loop.start();
port.on('message', (m: ToSyncWorker) => {
  if (m.type === 'stop') void loop.stop().then(() => port.postMessage({ type: 'stopped' } satisfies FromSyncWorker));
});
