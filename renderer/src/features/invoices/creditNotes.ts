import type { Input } from '../../../../shared/contract';
import type { CreditNoteKind } from '../../../../shared/domain/returns';
import type { MessageId, Translate } from '../../i18n';
import { dayEnd, dayStart } from '../orders/dates';

const creditNoteKindIds: Record<CreditNoteKind, MessageId> = {
  return: 'invoices.kindReturn',
  exchange: 'invoices.kindExchange',
  cancellation: 'invoices.kindCancellation',
  receiptless: 'invoices.kindReceiptless',
};

/** What a credit note is for, as the lists and the detail name it. */
export const creditNoteKindLabel = (t: Translate, kind: CreditNoteKind): string => t(creditNoteKindIds[kind]);

export interface CreditNoteFilter {
  query: string;
  /** '' for every kind. */
  kind: '' | CreditNoteKind;
  /** Local days as date-input values; '' for no bound. */
  from: string;
  to: string;
}

export const emptyCreditNoteFilter: CreditNoteFilter = { query: '', kind: '', from: '', to: '' };
export const CREDIT_NOTE_PAGE = 50;

export function creditNoteListInput(filter: CreditNoteFilter): Omit<Input<'creditNotes.list'>, 'cursor'> {
  const query = filter.query.trim();
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return {
    limit: CREDIT_NOTE_PAGE,
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(query ? { query } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** What is left to return of an invoice: lines with something left, and the units over all of them. */
export function leftToReturn(lines: readonly { returnable: number; returned: number }[]): { lines: number; units: number; returnedUnits: number } {
  let count = 0;
  let units = 0;
  let returnedUnits = 0;
  for (const l of lines) {
    if (l.returnable > 0) count++;
    units += l.returnable;
    returnedUnits += l.returned;
  }
  return { lines: count, units, returnedUnits };
}
