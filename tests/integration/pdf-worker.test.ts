/**
 * PDFs are drawn on a worker thread, never on the core's: a sale made while an invoice PDF is
 * being drawn is answered first (over the dispatcher and the HTTP host), the PDF still reads
 * right and has the bytes the core's own thread draws from the same model, a worker that dies
 * mid-render fails that request with a typed error and the next PDF starts a fresh one, and
 * closing the core ends the worker.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { DocumentService } from '../../electron/core/services/documents';
import { PdfWorkerPool } from '../../electron/core/services/documents/pdfWorkerPool';
import { renderPdfJob } from '../../electron/core/services/documents/pdfJob';
import { logoPng } from '../support/images';
import { pdfText } from '../support/pdfText';
import { openSalesStore, transports, unique, type SalesStore } from '../support/sales';

const lines = [
  { name: 'Espresso beans, Ethiopia Yirgacheffe 1 kg', unitPrice: 1250, taxRateBp: 2000, quantity: 2 },
  { name: 'Café crème', unitPrice: 180, taxRateBp: 550, quantity: 3 },
] satisfies Input<'orders.checkout'>['lines'];
// 2 × 12.50 + tax 5.00 = 30.00 · 3 × 1.80 + tax 0.30 = 5.70 → 35.70

describe.each(transports)('PDFs off the core thread, over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const sell = () => s.t.ok('orders.checkout', { lines, tenders: [{ method: 'cash', amount: 3570 }], idempotencyKey: unique('pdf-co') }, s.cashier);

  function workers(): PdfWorkerPool {
    const pdf = s.t.core.services.documents.pdf;
    if (!(pdf instanceof PdfWorkerPool)) throw new Error('the core renders its PDFs on its own thread');
    return pdf;
  }

  test('a sale made while an invoice PDF is drawn is answered first; the PDF then reads right', async () => {
    const { invoice } = await sell();
    const hold = workers().holdNext();
    const answered: string[] = [];
    const pdf = s.t.ok('invoices.pdf', { id: invoice.id }, s.support).then((value) => {
      answered.push('pdf');
      return value;
    });
    // The worker has the invoice's model and stays inside its render until released.
    await hold.started;
    const sale = await sell();
    answered.push('checkout');
    expect(sale.invoice.status).toBe('PAID');
    expect(answered).toEqual(['checkout']);
    hold.release();
    const doc = await pdf;
    expect(answered).toEqual(['checkout', 'pdf']);
    expect(doc.fileName).toBe(`${invoice.number}.pdf`);
    const text = pdfText(doc.contentBase64);
    for (const expected of ['INVOICE', invoice.number, ...lines.map((l) => l.name), 'Total €35.70', 'Amount paid €35.70']) expect(text).toContain(expected);
  });

  test('the worker draws the bytes the core thread draws from the same model, logo included', async () => {
    await s.t.ok('settings.update', { logo: logoPng().toString('base64'), invoiceFooter: 'Merci.' }, s.admin);
    const { invoice } = await sell();
    const job = s.t.core.services.documents.invoicePdfJob(invoice.id);
    const inThread = await renderPdfJob(job);
    expect(Buffer.compare(await workers().render(job), inThread)).toBe(0);
    const served = await s.t.ok('invoices.pdf', { id: invoice.id }, s.support);
    expect(Buffer.compare(Buffer.from(served.contentBase64, 'base64'), inThread)).toBe(0);
    // And a service told to draw on its own thread gives them too.
    const services = s.t.core.services;
    const local = new DocumentService(services.invoices, services.payments, services.settings, {}, undefined, undefined, { pdf: 'in-thread' });
    expect((await local.invoicePdf(invoice.id)).contentBase64).toBe(served.contentBase64);
    local.close();
  });

  test('a worker that dies mid-render fails that PDF with a typed error; the next PDF starts a fresh worker', async () => {
    const { invoice } = await sell();
    const hold = workers().holdNext();
    const pdf = s.t.raw('invoices.pdf', { id: invoice.id }, s.support);
    await hold.started;
    await workers().killForTest();
    const failed = await pdf;
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error).toMatchObject({ code: 'INTERNAL', key: 'pdfRendererStopped' });
    // The core is still serving.
    expect((await sell()).invoice.status).toBe('PAID');
    const again = await s.t.ok('invoices.pdf', { id: invoice.id }, s.support);
    expect(pdfText(again.contentBase64)).toContain(invoice.number);
    expect(workers().running).toBe(1);
  });

  test('closing the core ends its PDF worker', async () => {
    const { invoice } = await sell();
    await s.t.ok('invoices.pdf', { id: invoice.id }, s.support);
    const pool = workers();
    expect(pool.running).toBe(1);
    s.t.core.close();
    expect(pool.running).toBe(0);
  });
});
