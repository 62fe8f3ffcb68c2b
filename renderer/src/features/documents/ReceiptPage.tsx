import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ReceiptLayout, ReceiptWidth } from '../../../../shared/contract';
import { useContractQuery } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, toast } from '../../ui';
import { Barcode } from './Barcode';
import { printCreditNoteReceipt } from './creditNoteDocs';
import { printReceipt } from './printReceipt';
import './receipt.css';

export interface ReceiptPageProps {
  invoiceId: string;
  /** Given: the receipt of this credit note of the invoice (`creditNotes.receiptLayout`) instead. */
  creditNoteId?: string;
  /** Back to where the receipt was opened from (also on Escape). */
  onClose: () => void;
  /** Prints as soon as the receipt is drawn (the Print receipt and Reprint buttons). */
  autoPrint?: boolean;
}

/** An empty receipt line keeps its height: a no-break space, not text. */
const BLANK_LINE = '\u00a0';

/**
 * The receipt lines as the thermal printer prints them: monospaced, `tall` lines at double
 * height, a line's barcode as bars under it. Any printed layout (a receipt, a Z report) is drawn by it.
 */
export function ReceiptPaper({ layout, logo, label, testId = 'receipt' }: { layout: Pick<ReceiptLayout, 'width' | 'lines'>; logo: string | null; label?: string; testId?: string }) {
  const t = useT();
  return (
    <article className={`receipt receipt--${layout.width}`} aria-label={label ?? t('documents.screenReceipt')} data-testid={testId}>
      {logo ? <img className="receipt__logo" src={logo} alt="" /> : null}
      <div className="receipt__text">
        {layout.lines.map((line, i) => (
          <Fragment key={i}>
            <div className={`receipt__line${line.bold ? ' receipt__line--bold' : ''}${line.tall ? ' receipt__line--tall' : ''}`}>
              <span>{line.text === '' ? BLANK_LINE : line.text}</span>
            </div>
            {line.barcode ? (
              <div className="receipt__barcode">
                <Barcode data={line.barcode} />
              </div>
            ) : null}
          </Fragment>
        ))}
      </div>
    </article>
  );
}

/**
 * A printable receipt page over the app (a full-screen modal dialog, so it also opens from
 * inside another dialog). The layout comes from `receipts.layout`, the same lines the
 * ESC/POS printer gets; printing shows only the paper, 58 or 80 mm wide.
 */
export function ReceiptPage({ invoiceId, creditNoteId, onClose, autoPrint = false }: ReceiptPageProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [width, setWidth] = useState<ReceiptWidth | undefined>(undefined);
  // A new width keeps the receipt shown until the new layout is in.
  const sized = width ? { width } : {};
  const invoiceLayout = useContractQuery('receipts.layout', { invoiceId, ...sized }, { keepPrevious: true, enabled: !creditNoteId });
  const creditNoteLayout = useContractQuery('creditNotes.receiptLayout', { id: creditNoteId ?? '', ...sized }, { keepPrevious: true, enabled: !!creditNoteId });
  const layoutQuery = creditNoteId ? creditNoteLayout : invoiceLayout;
  const layout = layoutQuery.data ?? null;
  const error = layoutQuery.error?.message ?? null;
  // Without its logo the receipt still prints.
  const stored = useContractQuery('settings.logo', {}).data?.logo;
  const logo = stored ? `data:${stored.contentType};base64,${stored.contentBase64}` : null;
  const printed = useRef(false);
  const [printing, setPrinting] = useState(false);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.classList.add('receipt-open');
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      document.body.classList.remove('receipt-open');
      returnTo?.focus();
    };
  }, []);

  const print = useCallback(
    (w: ReceiptWidth) => {
      setPrinting(true);
      (creditNoteId ? printCreditNoteReceipt(creditNoteId, w) : printReceipt(invoiceId, w))
        .catch((err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'))
        .finally(() => setPrinting(false));
    },
    [invoiceId, creditNoteId],
  );

  useEffect(() => {
    if (autoPrint && layout && !printed.current) {
      printed.current = true;
      print(layout.width);
    }
  }, [autoPrint, layout, print]);

  const shown = layout?.width;
  return createPortal(
    <dialog ref={ref} className="page-dialog receipt-page" aria-label={t('documents.screenReceipt')}>
      <div className="page-dialog__bar receipt-page__toolbar">
        <Button variant="secondary" onClick={onClose}>
          {t('common.back')}
        </Button>
        <div className="receipt-page__widths" role="group" aria-label={t('documents.screenPaperWidth')}>
          {([58, 80] as const).map((w) => (
            <Button key={w} variant={shown === w ? 'primary' : 'secondary'} aria-pressed={shown === w} onClick={() => setWidth(w)}>
              {t('documents.screenWidthMm', { width: String(w) })}
            </Button>
          ))}
        </div>
        <Button variant="primary" onClick={() => layout && print(layout.width)} disabled={!layout} busy={printing}>
          {t('common.print')}
        </Button>
      </div>
      <div className="receipt-page__stage">
        {error ? (
          <Banner tone="error" title={t('documents.screenReceiptFailed')}>
            {error}
          </Banner>
        ) : layout ? (
          <ReceiptPaper layout={layout} logo={logo} />
        ) : (
          <p className="receipt-page__loading" aria-busy="true">
            {t('documents.screenPreparing')}
          </p>
        )}
      </div>
    </dialog>,
    document.body,
  );
}
