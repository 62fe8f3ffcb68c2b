/**
 * The network receipt printer (ESC/POS over TCP) against a small listener that records the
 * bytes: what a cash or card receipt sends, the drawer pulse alone, a printer that is down or
 * stalls, and that only the printer an admin set on the register is ever written to.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Invoice } from '../../shared/contract';
import { sendToPrinter } from '../../electron/core/services/documents/networkPrinter';
import { setupAdmin, startCore, type TestCore } from '../support/core';
import { closedPort, printerListener, type PrinterListener } from '../support/printerListener';

const PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const CUT = Buffer.from([0x1d, 0x56, 66, 0]);
const REGISTER = 'register-1';

describe('sending to a network printer', () => {
  let printer: PrinterListener;
  beforeEach(async () => {
    printer = await printerListener();
  });
  afterEach(() => printer.close());

  test('every byte reaches the printer, and the result names it', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    expect(await sendToPrinter(printer, bytes)).toEqual({ status: 'printed', printer: `127.0.0.1:${printer.port}` });
    expect((await printer.job(1)).equals(bytes)).toBe(true);
  });

  test('a printer that refuses the connection fails at once', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await sendToPrinter({ host: '127.0.0.1', port }, Buffer.from('x'), 5_000);
    expect(result).toMatchObject({ status: 'failed', printer: `127.0.0.1:${port}` });
    expect(result.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a printer that stops taking bytes fails within the timeout instead of hanging', async () => {
    // Accepts, then never reads: the kernel's buffers fill and the write never finishes.
    const stalled = net.createServer({ pauseOnConnect: true }, () => {});
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const result = await sendToPrinter({ host: '127.0.0.1', port }, Buffer.alloc(64 * 1024 * 1024), 400);
      expect(result).toMatchObject({ status: 'failed', printer: `127.0.0.1:${port}` });
      expect(result.message).toMatch(/did not answer/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      stalled.close();
    }
  });
});

describe("receipts and the drawer on the register's network printer", () => {
  let t: TestCore;
  let printer: PrinterListener;
  let admin: string;
  /** A cashier whose session sells through Register 1. */
  let cashier: string;
  let key = 0;

  beforeAll(async () => {
    t = await startCore();
    admin = await setupAdmin(t);
    await t.ok('users.create', { username: 'carla', displayName: 'Carla Cashier', role: 'cashier', password: 'cashier-password-1' }, admin);
    cashier = (await t.ok('auth.login', { username: 'carla', password: 'cashier-password-1', registerId: REGISTER })).token;
    await t.ok('cashSessions.open', { registerId: REGISTER, openingFloat: 10_000 }, cashier);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    printer = await printerListener();
    await t.ok('registers.update', { id: REGISTER, printer: { host: printer.host, port: printer.port } }, admin);
  });
  afterEach(() => printer.close());

  async function sale(method: 'cash' | 'card'): Promise<Invoice> {
    const order = await t.ok('orders.create', { lines: [{ name: 'Croissant', unitPrice: 250, taxRateBp: 1000, quantity: 2 }] }, cashier);
    const invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
    await t.ok('payments.pay', { invoiceId: invoice.id, method, amount: invoice.total, tendered: method === 'cash' ? 1000 : undefined, idempotencyKey: `np-${++key}` }, cashier);
    return invoice;
  }

  test('a cash receipt prints over the network with the drawer pulse just before the cut', async () => {
    const invoice = await sale('cash');
    expect(await t.ok('receipts.print', { invoiceId: invoice.id, width: 58 }, cashier)).toEqual({ status: 'printed', printer: `127.0.0.1:${printer.port}` });
    const bytes = await printer.job(1);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(bytes.includes(Buffer.from(invoice.number))).toBe(true);
    expect(bytes.subarray(-9).equals(Buffer.concat([PULSE, CUT]))).toBe(true);
    // The same bytes as receipts.escpos gives.
    const escpos = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width: 58 }, cashier)).contentBase64, 'base64');
    expect(bytes.equals(escpos)).toBe(true);
  });

  test('a card receipt opens no drawer', async () => {
    const invoice = await sale('card');
    expect((await t.ok('receipts.print', { invoiceId: invoice.id }, cashier)).status).toBe('printed');
    const bytes = await printer.job(1);
    expect(bytes.includes(PULSE)).toBe(false);
    expect(bytes.subarray(-4).equals(CUT)).toBe(true);
  });

  test('kickDrawer sends exactly the pulse; a register without a printer sends nothing', async () => {
    expect(await t.core.services.documents.kickDrawer(REGISTER)).toMatchObject({ status: 'printed' });
    expect((await printer.job(1)).equals(PULSE)).toBe(true);
    const other = await t.ok('registers.create', { code: 'R9', name: 'No printer' }, admin);
    expect(await t.core.services.documents.kickDrawer(other.id)).toEqual({ status: 'unavailable', printer: null });
    expect(printer.jobs).toHaveLength(1);
  });

  test('a no-sale opens the drawer through the printer', async () => {
    const { session } = await t.ok('cashSessions.current', { registerId: REGISTER }, cashier);
    await t.ok('cashSessions.move', { sessionId: session!.id, kind: 'noSale', amount: 0, reason: 'Change for a customer' }, cashier);
    expect((await printer.job(1)).equals(PULSE)).toBe(true);
  });

  test('an unreachable printer gives failed, and the sale stays as it is', async () => {
    await t.ok('registers.update', { id: REGISTER, printer: { host: '127.0.0.1', port: await closedPort() } }, admin);
    const invoice = await sale('cash');
    expect(await t.ok('receipts.print', { invoiceId: invoice.id }, cashier)).toMatchObject({ status: 'failed' });
    expect(await t.ok('invoices.get', { id: invoice.id }, cashier)).toMatchObject({ status: 'PAID' });
  });

  test('a caller cannot send printing anywhere but the printer an admin set on the register', async () => {
    const elsewhere = await printerListener();
    try {
      const invoice = await sale('cash');
      const redirect = { host: elsewhere.host, port: elsewhere.port };
      for (const input of [
        { invoiceId: invoice.id, ...redirect },
        { invoiceId: invoice.id, printer: redirect },
        { invoiceId: invoice.id, printer: `${elsewhere.host}:${elsewhere.port}` },
      ]) {
        expect((await t.fail('receipts.print', input, cashier)).code).toBe('VALIDATION');
      }
      expect((await t.fail('registers.update', { id: REGISTER, printer: redirect }, cashier)).code).toBe('FORBIDDEN');
      expect((await t.ok('receipts.print', { invoiceId: invoice.id }, cashier)).status).toBe('printed');
      await printer.job(1);
      expect(elsewhere.jobs).toHaveLength(0);
      expect(printer.jobs).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  test('a session bound to no register prints on the desktop printer (here: none)', async () => {
    const invoice = await sale('cash');
    expect(await t.ok('receipts.print', { invoiceId: invoice.id }, admin)).toEqual({ status: 'unavailable', printer: null });
    expect(printer.jobs).toHaveLength(0);
  });
});
