import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ReceiptWidth } from '../../../../shared/contract';
import { api } from '../../api';
import { useContractQuery } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, toast } from '../../ui';
import { openPdfFile } from '../documents/openInvoicePdf';
import { ReceiptPaper } from '../documents/ReceiptPage';
import './close.css';

/**
 * A Z report as the till's printer prints it (`reports.zLayout`, the lines the ESC/POS printer
 * gets), 58 or 80 mm, with Print and PDF. Used at the end of a close and for reprints.
 * Its words (toolbar, labels, messages) speak the UI's language for now; the printed Z's own
 * lines come from the core and get the document language later.
 */
export function ZPrintout({ zReportId }: { zReportId: string }) {
  const t = useT();
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
      if (result.status === 'printed') toast(result.printer ? t('register.zSentTo', { printer: result.printer }) : t('register.zPrinted'));
      else if (result.status === 'failed') toast(result.message ? t('register.zPrintFailedWith', { message: result.message }) : t('register.zPrintFailed'), 'error');
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
      toast(err instanceof Error ? err.message : t('register.zPdfFailed'), 'error');
    } finally {
      setPdfBusy(false);
    }
  };

  const shown = layout?.width;
  return (
    <section className="z-print" aria-label={t('register.zPrintoutLabel')}>
      <div className="z-print__toolbar">
        <div className="z-print__widths" role="group" aria-label={t('register.paperWidth')}>
          {([58, 80] as const).map((w) => (
            <Button key={w} variant={shown === w ? 'primary' : 'secondary'} aria-pressed={shown === w} onClick={() => setWidth(w)}>
              {t('register.widthMm', { width: w })}
            </Button>
          ))}
        </div>
        <Button onClick={() => layout && void print(layout.width)} disabled={!layout} busy={printing}>
          {t('common.print')}
        </Button>
        <Button onClick={() => void pdf()} busy={pdfBusy}>
          {t('register.pdf')}
        </Button>
      </div>
      <div className="z-print__stage">
        {query.error ? (
          <Banner tone="error" title={t('register.zShowError')}>
            {query.error.message}
          </Banner>
        ) : layout ? (
          <ReceiptPaper layout={layout} logo={null} label={t('register.zReport')} testId="z-report" />
        ) : (
          <p className="z-print__loading" aria-busy="true">
            {t('register.zPreparing')}
          </p>
        )}
      </div>
      {sheet && layout
        ? createPortal(
            <div className="z-print-sheet" aria-hidden="true">
              <ReceiptPaper layout={layout} logo={null} label={t('register.zReport')} testId="z-report-sheet" />
            </div>,
            document.body,
          )
        : null}
    </section>
  );
}
