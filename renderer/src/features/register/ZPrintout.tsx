import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ReceiptWidth } from '../../../../shared/contract';
import { api } from '../../api';
import { useContractQuery } from '../../data';
import { Banner, Button, toast } from '../../ui';
import { openPdfFile } from '../documents/openInvoicePdf';
import { ReceiptPaper } from '../documents/ReceiptPage';
import './close.css';

/**
 * A Z report as the till's printer prints it (`reports.zLayout`, the lines the ESC/POS printer
 * gets), 58 or 80 mm, with Print and PDF. Used at the end of a close and for reprints.
 */
export function ZPrintout({ zReportId }: { zReportId: string }) {
  const [width, setWidth] = useState<ReceiptWidth | undefined>(undefined);
  const query = useContractQuery('reports.zLayout', { id: zReportId, ...(width ? { width } : {}) }, { keepPrevious: true });
  const layout = query.data ?? null;
  const [printing, setPrinting] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [sheet, setSheet] = useState(false);

  // The browser's print dialog shows only the paper: a copy of it straight under <body>, the rest hidden (close.css).
  useEffect(() => {
    if (!sheet) return;
    document.body.classList.add('z-printing');
    const done = () => setSheet(false);
    window.addEventListener('afterprint', done);
    const id = requestAnimationFrame(() => {
      window.print();
      // Where print() returns at once without an afterprint (a stubbed print), the page comes back anyway.
      window.setTimeout(done, 0);
    });
    return () => {
      cancelAnimationFrame(id);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('z-printing');
    };
  }, [sheet]);

  const print = async (w: ReceiptWidth) => {
    setPrinting(true);
    try {
      const result = await api.call('reports.zPrint', { id: zReportId, width: w });
      if (result.status === 'printed') toast(result.printer ? `Z report sent to ${result.printer}.` : 'Z report printed.');
      else if (result.status === 'failed') toast(`The Z report could not be printed${result.message ? `: ${result.message}` : '.'}`, 'error');
      else if (result.status === 'unavailable') setSheet(true);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setPrinting(false);
    }
  };

  const pdf = async () => {
    setPdfBusy(true);
    try {
      openPdfFile(await api.call('reports.zPdf', { id: zReportId }));
    } catch (err) {
      toast(err instanceof Error ? err.message : 'The Z report PDF could not be made.', 'error');
    } finally {
      setPdfBusy(false);
    }
  };

  const shown = layout?.width;
  return (
    <section className="z-print" aria-label="Z report printout">
      <div className="z-print__toolbar">
        <div className="z-print__widths" role="group" aria-label="Paper width">
          {([58, 80] as const).map((w) => (
            <Button key={w} variant={shown === w ? 'primary' : 'secondary'} aria-pressed={shown === w} onClick={() => setWidth(w)}>
              {w} mm
            </Button>
          ))}
        </div>
        <Button onClick={() => layout && void print(layout.width)} disabled={!layout} busy={printing}>
          Print
        </Button>
        <Button onClick={() => void pdf()} busy={pdfBusy}>
          PDF
        </Button>
      </div>
      <div className="z-print__stage">
        {query.error ? (
          <Banner tone="error" title="The Z report could not be shown.">
            {query.error.message}
          </Banner>
        ) : layout ? (
          <ReceiptPaper layout={layout} logo={null} label="Z report" testId="z-report" />
        ) : (
          <p className="z-print__loading" aria-busy="true">
            Preparing the Z report…
          </p>
        )}
      </div>
      {sheet && layout
        ? createPortal(
            <div className="z-print-sheet" aria-hidden="true">
              <ReceiptPaper layout={layout} logo={null} label="Z report" testId="z-report-sheet" />
            </div>,
            document.body,
          )
        : null}
    </section>
  );
}
