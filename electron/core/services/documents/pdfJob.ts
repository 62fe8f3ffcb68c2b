/**
 * A PDF to draw, as plain data: everything its renderer reads, gathered from the store on the
 * core's thread. It crosses to the PDF worker by structured clone, so it holds no functions or
 * class instances; Buffers arrive on the other side as Uint8Arrays and are made Buffers again.
 */
import { renderCreditNotePdf, type CreditNotePdfInput } from './creditNotePdf';
import { renderInvoicePdf, type InvoicePdfInput } from './invoicePdf';
import type { Logo } from './pdfBlocks';
import { renderZReportPdf, type ZPdfInput } from './zReportPdf';

export type PdfJob = { kind: 'invoice'; input: InvoicePdfInput } | { kind: 'creditNote'; input: CreditNotePdfInput } | { kind: 'zReport'; input: ZPdfInput };

/** A logo's bytes as pdfkit needs them: a Buffer (it takes any other value for a file path). */
function asBuffer(logo: Logo | null): Logo | null {
  if (!logo || Buffer.isBuffer(logo.data)) return logo;
  const data: Uint8Array = logo.data;
  return { ...logo, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}

/** Draws the job's PDF on the calling thread. */
export function renderPdfJob(job: PdfJob): Promise<Buffer> {
  switch (job.kind) {
    case 'invoice':
      return renderInvoicePdf({ ...job.input, logo: asBuffer(job.input.logo) });
    case 'creditNote':
      return renderCreditNotePdf({ ...job.input, logo: asBuffer(job.input.logo) });
    case 'zReport':
      return renderZReportPdf(job.input);
  }
}
