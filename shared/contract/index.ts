import type { z } from 'zod';
import { auditMethods } from './audit';
import { checkoutMethods } from './checkout';
import { documentMethods } from './documents';
import { exportMethods } from './exports';
import { headOfficeMethods } from './headOffice';
import { invoiceMethods } from './invoices';
import { orderMethods } from './orders';
import { paymentMethods } from './payments';
import { productMethods } from './products';
import { cashSessionMethods, registerMethods } from './registers';
import { reportMethods } from './reports';
import { returnMethods } from './returns';
import { settingsMethods } from './settings';
import { systemMethods } from './system';
import { taxMethods } from './taxes';
import { authMethods, userMethods } from './users';

/** Every method of the contract: one entry each (input, output, access). */
export const contract = {
  ...authMethods,
  ...userMethods,
  ...systemMethods,
  ...auditMethods,
  ...productMethods,
  ...taxMethods,
  ...orderMethods,
  ...checkoutMethods,
  ...invoiceMethods,
  ...paymentMethods,
  ...settingsMethods,
  ...documentMethods,
  ...exportMethods,
  ...registerMethods,
  ...cashSessionMethods,
  ...reportMethods,
  ...returnMethods,
  ...headOfficeMethods,
};

export type Contract = typeof contract;
export type Method = keyof Contract;
/** What a caller sends (defaults not yet applied). */
export type Input<M extends Method> = z.input<Contract[M]['input']>;
/** What a handler receives (parsed, defaults applied). */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export function isMethod(name: string): name is Method {
  return Object.hasOwn(contract, name);
}

/**
 * Push events, sent to every signed-in client. The `*.changed` kinds are published by the
 * transaction helper once the change has committed; `export.progress` as an export runs.
 */
export interface PushEvents {
  'order.changed': { id: string; status: string };
  'invoice.changed': { id: string; status: string };
  'product.changed': { id: string };
  'taxClass.changed': { id: string };
  'user.changed': { id: string };
  'settings.changed': { keys: string[] };
  'register.changed': { id: string };
  'cashSession.changed': { id: string; registerId: string; status: string };
  'creditNote.changed': { id: string; invoiceId: string | null };
  'voucher.changed': { id: string; code: string };
  'export.progress': { jobId: string; rows: number; total: number };
}
export type PushEvent = { [K in keyof PushEvents]: { event: K; data: PushEvents[K] } }[keyof PushEvents];

export * from './define';
export type { ListedUser, User } from './users';
export type { Product } from './products';
export type { Order, OrderLine, Customer, LineInput, HistoryEntry, Discount } from './orders';
export type { TaxClass } from './taxes';
export type { Invoice, InvoiceStatus } from './invoices';
export type { Payment, PaymentMethod } from './payments';
export type { TenderInput } from './checkout';
export type { Settings, LogoInfo, PaperSize, ReceiptWidth } from './settings';
export type { ReceiptLayout, ReceiptLine, ReceiptPrintResult } from './documents';
export type { Register, CashSession, CashMovement, CashCount } from './registers';
export type { Approval } from './approval';
export type { SessionReport, ZReport, SalesFigures } from './reports';
export type { CreditNote, CreditNoteLine, Voucher, RefundInput } from './returns';
