/**
 * A network receipt printer: ESC/POS bytes sent raw over TCP (port 9100, "JetDirect"). The
 * host and port are only ever the ones an admin set on the register (registers.printer):
 * no API call names where bytes go.
 */
import net from 'node:net';
import type { ReceiptPrintResult } from '../../../../shared/contract/documents';

export interface PrinterAddress {
  host: string;
  port: number;
}

/** How long connecting and writing may take together before the print counts as failed. */
export const PRINTER_TIMEOUT_MS = 5_000;

export function printerName(p: PrinterAddress): string {
  return p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`;
}

/**
 * Sends `bytes` to the printer and closes the connection. Printed once the printer has taken
 * every byte (the socket's end is flushed); failed on a refused connection, an unknown host,
 * or when `timeoutMs` passes first. Never throws.
 */
export function sendToPrinter(printer: PrinterAddress, bytes: Buffer, timeoutMs = PRINTER_TIMEOUT_MS): Promise<ReceiptPrintResult> {
  const name = printerName(printer);
  return new Promise((resolve) => {
    let done = false;
    const socket = net.createConnection({ host: printer.host, port: printer.port });
    const finish = (result: ReceiptPrintResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (result.status === 'printed') {
        // Half-closed with every byte written: let the printer close its side (a destroy now could
        // reset the connection over status bytes it sent), but never hold the socket for long.
        socket.resume();
        setTimeout(() => socket.destroy(), timeoutMs).unref();
      } else socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ status: 'failed', printer: name, message: `The printer at ${name} did not answer within ${Math.round(timeoutMs / 1000)} s.` }),
      timeoutMs,
    );
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish({ status: 'failed', printer: name, message: `The printer at ${name} cannot be reached (${err.code ?? err.message}).` }),
    );
    socket.on('connect', () => {
      // end() flushes the bytes, then half-closes; its callback runs once they are all written.
      socket.end(bytes, () => finish({ status: 'printed', printer: name }));
    });
  });
}
