import { api } from '../../api';

/** base64 → bytes, without going through a string of the whole file twice. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Saves a file through a download link: works in the browser and in Electron (where window.open is blocked). */
export function downloadFile(bytes: Uint8Array<ArrayBuffer>, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The invoice as a PDF, made by the main process (`invoices.pdf`). In the browser it opens
 * in a new tab (the browser's PDF viewer, to read or print); in Electron, and wherever the
 * tab is blocked, it is saved as `INV-000123.pdf`. Throws ApiError when the call fails.
 */
export async function openInvoicePdf(invoiceId: string): Promise<void> {
  openPdfFile(await api.call('invoices.pdf', { id: invoiceId }));
}

/** A PDF the core made (an invoice, a Z report): a new tab in the browser, else saved under its file name. */
export function openPdfFile(file: { fileName: string; contentBase64: string }): void {
  const bytes = base64Bytes(file.contentBase64);
  if (api.transport === 'http') {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    // Without 'noopener' open() tells whether a tab opened (with it, it always returns null).
    const tab = window.open(url, '_blank');
    if (tab) {
      tab.opener = null;
      window.setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
      return;
    }
    URL.revokeObjectURL(url);
  }
  downloadFile(bytes, file.fileName, 'application/pdf');
}
