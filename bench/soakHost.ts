/**
 * The soak's host, a process of its own (bench/soak.ts forks it): a core on the bench's store
 * behind the real HTTP host, drawing its PDFs where it is told (`worker` or `in-thread`), so
 * the two can be compared with everything else the same and the clients' work off its thread.
 * Told `sample`, it answers, since the last sample: its resident size, the longest its thread
 * was held (event-loop delay) and how long that thread waited for a CPU (Linux's schedstat: a
 * busy machine, not the host's own work); told `stop`, it closes and ends.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../electron/core/core';
import { createHttpServer } from '../electron/server/http';

export type SoakPdf = 'worker' | 'in-thread';
export type SoakHostMessage = { type: 'ready'; url: string } | { type: 'sample'; rss: number; heldMs: number; cpuWaitMs: number };

const [dataDir, pdf] = process.argv.slice(2);
if (!dataDir || (pdf !== 'worker' && pdf !== 'in-thread')) throw new Error('usage: soakHost.ts DATA_DIR worker|in-thread');
const send = (m: SoakHostMessage) => process.send?.(m);

/** Nanoseconds this thread has spent runnable but waiting for a CPU; 0 without /proc. */
function runQueueNs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return 0;
  }
}

const core = createCore({ dataDir, migrationsFolder: path.resolve(import.meta.dirname, '..', 'migrations'), version: 'bench', pdf });
const server = createHttpServer(core, null);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let waited = runQueueNs();
server.listen(0, '127.0.0.1', () => send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
process.on('message', (m: 'sample' | 'stop') => {
  if (m === 'sample') {
    const now = runQueueNs();
    send({ type: 'sample', rss: process.memoryUsage().rss, heldMs: loop.max / 1e6, cpuWaitMs: (now - waited) / 1e6 });
    loop.reset();
    waited = now;
  }
  if (m === 'stop') {
    server.closeAllConnections();
    server.close(() => {
      core.close();
      process.disconnect();
    });
  }
});
