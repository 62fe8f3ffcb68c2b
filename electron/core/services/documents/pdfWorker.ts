/**
 * The PDF worker (a worker thread): draws each job it is sent with pdfkit and posts the bytes
 * back. It reads no store and keeps no state between jobs, so a fresh one can replace it at any
 * moment. Started by PdfWorkerPool; `pdf-worker.js` in the build.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { yieldToSales } from '../../threadPriority';
import { useFontsDir } from './fonts';
import { renderPdfJob } from './pdfJob';
import type { FromPdfWorker, PdfWorkerData, ToPdfWorker } from './pdfProtocol';

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
