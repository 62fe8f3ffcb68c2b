// Electron host: prints receipts with webContents.print from a hidden window holding only the
// receipt page — silently on the default printer when one is set. Without a default printer
// it answers `unavailable`, and the window prints its own receipt page through the print dialog.
import { BrowserWindow, session, type Session } from 'electron';
import type { ReceiptPrintResult } from '../../shared/contract';
import { defaultPrinterName } from './defaultPrinter';
import type { ReceiptPrinter } from '../core/services/documents';
import type { ReceiptPage } from '../core/services/documents/receiptHtml';

const PARTITION = 'receipt-print';
let guarded: Session | null = null;

/** An in-memory session that loads nothing but the data: URL of the page, and grants nothing. */
function printSession(): Session {
  if (guarded) return guarded;
  const ses = session.fromPartition(PARTITION);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  ses.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  guarded = ses;
  return ses;
}

function print(win: BrowserWindow, page: ReceiptPage, deviceName: string): Promise<{ success: boolean; failureReason: string }> {
  return new Promise((resolve) => {
    win.webContents.print(
      {
        silent: true,
        deviceName,
        printBackground: false,
        margins: { marginType: 'none' },
        // Microns; the height is what the lines take on a continuous roll.
        pageSize: { width: page.widthMm * 1000, height: page.heightMm * 1000 },
      },
      (success, failureReason) => resolve({ success, failureReason }),
    );
  });
}

export function createReceiptPrinter(): ReceiptPrinter {
  return async (page): Promise<ReceiptPrintResult> => {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { session: printSession(), sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, devTools: false, spellcheck: false },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(page.html, 'utf8').toString('base64')}`);
      const [wanted, printers] = await Promise.all([defaultPrinterName(), win.webContents.getPrintersAsync()]);
      if (!wanted || !printers.some((p) => p.name === wanted)) {
        return { status: 'unavailable', printer: null, message: printers.length === 0 ? 'No printer is installed.' : 'No default printer is set.' };
      }
      const { success, failureReason } = await print(win, page, wanted);
      if (success) return { status: 'printed', printer: wanted };
      if (/cancel/i.test(failureReason)) return { status: 'cancelled', printer: null };
      return { status: 'failed', printer: wanted, message: failureReason };
    } finally {
      win.destroy();
    }
  };
}
