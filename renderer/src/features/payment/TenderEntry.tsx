import { useState, type ReactNode } from 'react';
import type { PaymentMethod } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { saleChange } from '../../../../shared/domain/currency';
import { useStoreSettings } from '../../data';
import { formatMoney, toMoneyInput } from '../../ui/money';
import { dueFor } from './rounding';
import { TenderFields, type TenderDraft, type TenderFieldsProps } from './TenderFields';
import { TenderList } from './TenderList';
import { useT } from '../../i18n';

function blankDraft(method: PaymentMethod, remaining: number, currency: string, increment: number | null): TenderDraft {
  return { method, amountText: toMoneyInput(dueFor(method, remaining, increment), currency), tenderedText: '', reference: '', code: '' };
}

/**
 * The tender being typed, its amount following what is left to pay: a tender collected (or
 * removed) resets it, as does the rounding increment arriving with the settings.
 */
export function useTenderDraft(remaining: number, currency: string) {
  const settings = useStoreSettings().data;
  const increment = settings?.cashRounding ?? null;
  const [draft, setDraft] = useState<TenderDraft>(() => blankDraft('cash', remaining, currency, increment));
  const [draftFor, setDraftFor] = useState({ remaining, increment });
  if (draftFor.remaining !== remaining || draftFor.increment !== increment) {
    setDraftFor({ remaining, increment });
    setDraft((d) => ({ ...d, amountText: toMoneyInput(dueFor(d.method, remaining, increment), currency) }));
  }
  /** A fresh tender of `method` for what is left once one is collected. */
  const restart = (method: PaymentMethod, left: number) => setDraft(blankDraft(method, left, currency, increment));
  return { draft, setDraft, restart, increment, settings };
}

export interface TenderEntryProps extends Omit<TenderFieldsProps, 'changeBefore' | 'disabled'> {
  /** The tenders collected so far (a split payment). */
  tenders: TenderInput[];
  /** A refusal of a collected tender, by its index. */
  errors: Record<number, string>;
  busy: boolean;
  onRemove: (index: number) => void;
}

/** The tenders collected, then the one being typed: the payment step's split payment. */
export function TenderEntry({ tenders, errors, busy, onRemove, ...fields }: TenderEntryProps) {
  return (
    <>
      <TenderList tenders={tenders} currency={fields.currency} errors={errors} disabled={busy} onRemove={onRemove} />
      <TenderFields {...fields} changeBefore={saleChange(tenders)} disabled={busy} />
    </>
  );
}

/** What is due now, large, with what it is for underneath. */
export function AmountDue({ titleId, collected, due, currency, children }: { titleId: string; collected: number; due: number; currency: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="pay__due">
      <h2 className="pay__due-label" id={titleId}>
        {collected > 0 ? t('payment.leftToPay') : t('payment.amountDue')}
      </h2>
      <p className="pay__due-amount" data-testid="amount-due">
        {formatMoney(due, currency)}
      </p>
      <p className="pay__due-meta">{children}</p>
    </div>
  );
}
