import type { ReceiptWidth } from '../../../../shared/contract';
import { api } from '../../api';
import { t } from '../../i18n';
import { toast } from '../../ui';
import { openPdfFile } from './openInvoicePdf';

/**
 * The credit note as a PDF (`creditNotes.pdf`): a new tab in the browser, else saved as
 * `CN-000001.pdf`. Throws ApiError when the call fails.
 */
export async function openCreditNotePdf(creditNoteId: string): Promise<void> {
  openPdfFile(await api.call('creditNotes.pdf', { id: creditNoteId }));
}

/**
 * Prints a credit note's receipt (its refunds and voucher codes) with `creditNotes.receiptPrint`;
 * where the host has no printer, the receipt page on screen goes through the print dialog.
 * Throws ApiError when the call fails.
 */
export async function printCreditNoteReceipt(creditNoteId: string, width: ReceiptWidth): Promise<void> {
  const result = await api.call('creditNotes.receiptPrint', { id: creditNoteId, width });
  switch (result.status) {
    case 'printed':
      toast(result.printer ? t('documents.screenCreditNoteSentTo', { printer: result.printer }) : t('documents.screenCreditNotePrinted'));
      return;
    case 'cancelled':
      return;
    case 'failed':
      toast(
        result.message ? t('documents.screenCreditNotePrintFailedWith', { message: result.message }) : t('documents.screenCreditNotePrintFailed'),
        'error',
      );
      return;
    case 'unavailable':
      window.print();
  }
}
