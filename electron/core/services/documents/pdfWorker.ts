/**
 * The PDF worker (a worker thread): draws each job it is sent with pdfkit and posts the bytes
 * back. It reads no store and keeps no state between jobs, so a fresh one can replace it at any
 * moment. Started by PdfWorkerPool; `pdf-worker.js` in the build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { useFontsDir } from './fonts';
import { renderPdfJob } from './pdfJob';
import type { FromPdfWorker, PdfWorkerData, ToPdfWorker } from './pdfProtocol';

/**
 * On Linux, this thread alone (a nice value is per thread there) runs below the core's thread:
 * on a 2-core till a render then takes only the CPU the sales leave. Elsewhere a priority is
 * the whole process's, so it stays as it is.
 */
function yieldToSales(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(Number(path.basename(fs.readlinkSync('/proc/thread-self'))), 10);
  } catch {
    // No /proc, or not allowed: the render runs at the core's priority.
  }
}

async function draw(m: ToPdfWorker, port: MessagePort): Promise<void> {
  try {
    if (m.hold) {
      port.postMessage({ type: 'started', id: m.id } satisfies FromPdfWorker);
      Atomics.wait(new Int32Array(m.hold), 0, 0);
    }
    const pdf = await renderPdfJob(m.job);
    port.postMessage({ type: 'done', id: m.id, pdf } satisfies FromPdfWorker);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ type: 'failed', id: m.id, message: e.message, stack: e.stack } satisfies FromPdfWorker);
  }
}

if (parentPort) {
  const port = parentPort;
  useFontsDir((workerData as PdfWorkerData).fontsDir);
  yieldToSales();
  port.on('message', (m: ToPdfWorker) => void draw(m, port));
}
