import type { ReceiptWidth } from '../../../../shared/contract';
import { api } from '../../api';
import { t } from '../../i18n';
import { toast } from '../../ui';

/**
 * Prints an invoice's receipt. The desktop app prints it with `receipts.print` (silently on the
 * default printer); where the host has no printer (the browser, or no default printer set) the
 * receipt page on screen goes through the print dialog. Throws ApiError when the call fails.
 */
export async function printReceipt(invoiceId: string, width: ReceiptWidth): Promise<void> {
  const result = await api.call('receipts.print', { invoiceId, width });
  switch (result.status) {
    case 'printed':
      toast(result.printer ? t('documents.screenReceiptSentTo', { printer: result.printer }) : t('documents.screenReceiptPrinted'));
      return;
    case 'cancelled':
      return;
    case 'failed':
      toast(result.message ? t('documents.screenReceiptPrintFailedWith', { message: result.message }) : t('documents.screenReceiptPrintFailed'), 'error');
      return;
    case 'unavailable':
      window.print();
  }
}
