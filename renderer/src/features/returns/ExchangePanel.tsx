import { useId, useRef, useState, type ReactNode } from 'react';
import type { PaymentMethod, Product } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { TenderEntry, useTenderDraft } from '../payment';
import { clears } from '../payment/rounding';
import { exchangeFigures } from './plan';
import { ProductPicker } from './ProductPicker';
import { RefundMethod, refundsFor, type RefundChoice } from './RefundMethod';
import { Stepper } from './ReturnLines';

export interface OutLine {
  product: Product;
  quantity: number;
}

export interface ExchangeSettlement {
  sale: { productId: string; quantity: number }[];
  tenders?: TenderInput[];
  refunds?: { method: PaymentMethod; amount: number }[];
}

export interface ExchangePanelProps {
  currency: string;
  /** What comes back, as money for the new sale (creditEstimate's refund). */
  credit: number;
  busy: boolean;
  /** Placed in the form above its button: the approval, the refusal. */
  before: ReactNode;
  /** A refusal of a tender, by its index. */
  tenderErrors: Record<number, string>;
  onSubmit: (settlement: ExchangeSettlement) => void;
  /** Nothing comes back yet: the button says so. */
  nothingBack: boolean;
}

/**
 * The exchange's other half: what goes out (scanned or searched, like the counter), the new
 * sale against what comes back, and the difference: tenders when the customer pays (the
 * payment step's own fields), a refund method when money goes back, nothing when it is even.
 */
export function ExchangePanel({ currency, credit, busy, before, tenderErrors, onSubmit, nothingBack }: ExchangePanelProps) {
  const [out, setOut] = useState<OutLine[]>([]);
  const [tenders, setTenders] = useState<TenderInput[]>([]);
  const [refund, setRefund] = useState<RefundChoice>('original');
  const t = useT();
  const money = (minor: number) => formatMoney(minor, currency);
  const payId = useId();
  const methodRef = useRef<HTMLDivElement>(null);
  // Priced by the store's rules, as the core prices the new sale (gross shelf prices in a tax-inclusive store).
  const rules = useStoreSettings().data ?? { pricesIncludeTax: false, taxRounding: 'line' as const };

  const { saleTotal, toPay, toGiveBack } = exchangeFigures(
    out.map((l) => ({ unitPrice: l.product.unitPrice, taxRateBp: l.product.taxRateBp, quantity: l.quantity })),
    credit,
    rules,
  );
  const collected = tenders.reduce((s, t) => s + t.amount, 0);
  const remaining = Math.max(0, toPay - collected);
  // The amount follows what is left to pay (a line added, a tender collected).
  const { draft, setDraft, increment, settings } = useTenderDraft(remaining, currency);

  const add = (product: Product) =>
    setOut((lines) => (lines.some((l) => l.product.id === product.id) ? lines.map((l) => (l.product.id === product.id ? { ...l, quantity: l.quantity + 1 } : l)) : [...lines, { product, quantity: 1 }]));
  const sale = out.map((l) => ({ productId: l.product.id, quantity: l.quantity }));

  const submit = (extra: Omit<ExchangeSettlement, 'sale'>) => onSubmit({ sale, ...extra });

  const summary = (
    <dl className="returns-summary__figures" aria-label={t('returns.exchangeSummary')}>
      <div>
        <dt>{t('returns.comesBack')}</dt>
        <dd data-testid="exchange-credit">{money(credit)}</dd>
      </div>
      <div>
        <dt>{t('returns.goesOut')}</dt>
        <dd data-testid="exchange-sale">{money(saleTotal)}</dd>
      </div>
      <div className="returns-summary__total">
        <dt>{toPay > 0 ? t('returns.customerPays') : toGiveBack > 0 ? t('returns.giveBack') : t('returns.difference')}</dt>
        <dd data-testid="exchange-difference">{money(toPay > 0 ? toPay : toGiveBack)}</dd>
      </div>
    </dl>
  );

  const label = nothingBack
    ? t('returns.chooseWhatComesBack')
    : out.length === 0
      ? t('returns.addWhatGoesOut')
      : toPay > 0
        ? t('returns.exchangeTake', { amount: money(toPay) })
        : toGiveBack > 0
          ? t('returns.exchangeGiveBack', { amount: money(toGiveBack) })
          : t('returns.exchangeButton');
  const ready = !nothingBack && out.length > 0;

  return (
    <section className="returns-panel returns-exchange" aria-label={t('returns.goesOut')}>
      <h2 className="returns-panel__title">{t('returns.goesOut')}</h2>
      <ProductPicker label={t('returns.pickWhatGoesOut')} currency={currency} onPick={add} />
      {out.length > 0 ? (
        <ul className="returns-out" aria-label={t('returns.goingOut')}>
          {out.map((l) => (
            <li key={l.product.id} className="returns-out__line" aria-label={l.product.name}>
              <span className="returns-out__name">{l.product.name}</span>
              <Stepper
                value={l.quantity}
                max={999}
                label={t('returns.quantityOf', { name: l.product.name })}
                disabled={busy}
                onChange={(quantity) => setOut((lines) => lines.map((x) => (x.product.id === l.product.id ? { ...x, quantity } : x)).filter((x) => x.quantity > 0))}
              />
              <span className="returns-out__price">{money(exchangeFigures([{ unitPrice: l.product.unitPrice, taxRateBp: l.product.taxRateBp, quantity: l.quantity }], 0, rules).saleTotal)}</span>
              <button type="button" className="cart-line__remove" aria-label={t('returns.removeLine', { name: l.product.name })} disabled={busy} onClick={() => setOut((lines) => lines.filter((x) => x.product.id !== l.product.id))}>
                <span aria-hidden="true">{t('returns.removeSymbol')}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="list__muted">{t('returns.nothingOutYet')}</p>
      )}
      {summary}
      {ready && toPay > 0 ? (
        <TenderEntry
          tenders={tenders}
          errors={tenderErrors}
          busy={busy}
          onRemove={(i) => setTenders((t) => t.filter((_, j) => j !== i))}
          draft={draft}
          onChange={setDraft}
          remaining={remaining}
          currency={currency}
          maxChange={settings?.maxChange ?? null}
          increment={increment}
          methodRef={methodRef}
          payId={payId}
          onSubmit={(tender) => {
            if (!tender) return submit({ tenders });
            if (clears(tender.method, remaining, tender.amount, increment)) return submit({ tenders: [...tenders, tender] });
            setTenders((t) => [...t, tender]);
          }}
          footer={
            <>
              {before}
              <Button id={payId} type="submit" variant="primary" size="lg" busy={busy} block>
                {remaining > 0 && remaining < toPay ? t('returns.amountLeft', { label, amount: money(remaining) }) : label}
              </Button>
            </>
          }
        />
      ) : (
        <form
          className="returns-panel__form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) submit({ refunds: refundsFor(refund, toGiveBack) });
          }}
        >
          {ready && toGiveBack > 0 ? <RefundMethod value={refund} onChange={setRefund} disabled={busy} /> : null}
          {ready && toPay === 0 && toGiveBack === 0 ? <Banner tone="info">{t('returns.even')}</Banner> : null}
          {before}
          <Button type="submit" variant="primary" size="lg" busy={busy} disabled={!ready} block>
            {label}
          </Button>
        </form>
      )}
    </section>
  );
}
