import { useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Output, Product } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { useChanged, useDataClient, useQueryClient, useStoreFormat, useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Banner } from '../../ui';
import { formatMoney } from '../../ui/money';
import { newKey } from '../payment/keys';
import { isNoCashSession } from '../register/registerStore';
import { ApprovalFields, approvalErrors, useApprovalFocus, approvalInput, approvalReason, emptyApproval, type ApprovalDraft, type ApprovalErrors } from '../session/ApprovalFields';
import { useSession } from '../session/store';
import { keyFor, needsManager, placeIssues, receiptlessTotal } from './plan';
import { ProductPicker } from './ProductPicker';
import { RefundForm } from './RefundForm';
import { RefundMethod, refundsFor, type RefundChoice } from './RefundMethod';
import { RegisterNotice } from './RegisterNotice';
import { LineDetails, LineError, Stepper } from './ReturnLines';
import { ReturnDone } from './ReturnDone';

type Price = Output<'returns.receiptlessPrice'>;

interface Line {
  product: Product;
  quantity: number;
  reason: string;
  restock: boolean;
  price: Price | null;
  priceError: string | null;
}

interface Errors {
  lines: Partial<Record<string, string>>;
  approval: ApprovalErrors;
  general: string | null;
  noCash: boolean;
}
const noErrors: Errors = { lines: {}, approval: {}, general: null, noCash: false };

/**
 * A return without a receipt: the products scanned or searched, each refunded at the lowest
 * price it sold for within the store's window (returns.receiptlessPrice), as a voucher (the
 * default) or cash; a cashier needs a manager's approval, always.
 */
export function ReceiptlessReturn() {
  const settings = useStoreSettings().data;
  const role = useSession((s) => s.user?.role);
  const client = useDataClient();
  const changed = useChanged();
  const queryClient = useQueryClient();
  const fmt = useStoreFormat();
  const t = useT();
  const [lines, setLines] = useState<Line[]>([]);
  const [method, setMethod] = useState<RefundChoice>('voucher');
  const [approval, setApproval] = useState<ApprovalDraft>(emptyApproval);
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Output<'returns.create'> | null>(null);
  const attempt = useRef<{ key: string; fingerprint: string } | null>(null);
  const { usernameRef, secretRef, focusApproval } = useApprovalFocus(busy);

  if (!settings) return null;
  const currency = settings.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const days = settings.receiptlessPriceWindowDays;

  if (done) {
    const cn = done.creditNote;
    return (
      <ReturnDone
        creditNote={cn}
        title={cn.vouchers.length > 0 ? t('returns.voucherFor', { amount: money(cn.refunded) }) : t('returns.backToCustomer', { amount: money(cn.refunded) })}
        onNew={() => {
          setDone(null);
          setLines([]);
          setApproval(emptyApproval);
          setMethod('voucher');
        }}
      />
    );
  }

  const update = (productId: string, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.product.id === productId ? { ...l, ...patch } : l)));

  const add = (product: Product) => {
    if (lines.some((l) => l.product.id === product.id)) {
      const line = lines.find((l) => l.product.id === product.id)!;
      return update(product.id, { quantity: line.quantity + 1 });
    }
    setLines((ls) => [...ls, { product, quantity: 1, reason: settings.returnReasons[0] ?? '', restock: true, price: null, priceError: null }]);
    client.call('returns.receiptlessPrice', { productId: product.id }).then(
      (price) => update(product.id, { price }),
      (err: unknown) => update(product.id, { priceError: err instanceof Error ? err.message : String(err) }),
    );
  };

  const priced = lines.filter((l) => l.price !== null);
  const total = receiptlessTotal(priced.map((l) => ({ unitPrice: l.price!.unitPrice, taxRateBp: l.price!.taxRateBp, quantity: l.quantity })), settings);
  const manager = needsManager(role, true);

  const submit = async () => {
    const next: Errors = { ...noErrors, lines: {} };
    if (lines.length === 0) next.general = t('returns.scanWhatComesBack');
    for (const l of lines) {
      if (!l.reason.trim()) next.lines[l.product.id] = t('returns.giveReason');
      else if (!l.price) next.lines[l.product.id] = l.priceError ?? t('returns.priceLookingUp');
    }
    const given = manager ? approvalInput(approval) : null;
    if (given && 'errors' in given) next.approval = given.errors;
    if (next.general || Object.keys(next.lines).length > 0 || Object.keys(next.approval).length > 0) {
      setErrors(next);
      if (next.approval.username) focusApproval('username');
      else if (next.approval.secret) focusApproval('secret');
      return;
    }
    const keys = lines.map((l) => l.product.id);
    // Without `refunds` the core gives a voucher; cash is asked for with the amount it refunds.
    const refunds = method === 'cash' ? refundsFor('cash', total) : undefined;
    const body = {
      lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity, reason: l.reason.trim(), restock: l.restock })),
      ...(refunds ? { refunds } : {}),
      ...(given && 'approval' in given ? { approval: given.approval } : {}),
    };
    attempt.current = keyFor(attempt.current, JSON.stringify(body), newKey);
    setBusy(true);
    setErrors(noErrors);
    try {
      const result = await client.call('returns.create', { ...body, idempotencyKey: attempt.current.key });
      attempt.current = null;
      void changed({ event: 'creditNote.changed', data: { id: result.creditNote.id, invoiceId: null } });
      setDone(result);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'INTERNAL')) attempt.current = null;
      const reason = approvalReason(err);
      if (reason) {
        setErrors({ ...noErrors, approval: approvalErrors(reason, approval) });
        if (reason === 'APPROVAL_INVALID') setApproval((a) => ({ ...a, secret: '' }));
        focusApproval(reason === 'APPROVAL_INVALID' ? 'secret' : 'username');
      } else if (isNoCashSession(err)) {
        setErrors({ ...noErrors, noCash: true });
        void queryClient.invalidateQueries({ queryKey: ['cashSessions.current'] });
      } else {
        const placed = placeIssues(err instanceof ApiError ? err.issues : [], keys, err instanceof Error ? err.message : t('returns.somethingWrong'));
        setErrors({ ...noErrors, lines: placed.lines, general: placed.general });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="returns-work">
      <div className="returns-work__back">
        <ProductPicker label={t('returns.pickWhatComesBack')} currency={currency} onPick={add} autoFocus />
        <p className="returns-note">
          <FormattedMessage id="returns.receiptlessNote" values={{ days, strong: (chunks) => <strong>{chunks}</strong> }} />
        </p>
        {lines.length > 0 ? (
          <ul className="returns-lines" aria-label={t('returns.comingBack')}>
            {lines.map((l) => {
              const error = errors.lines[l.product.id];
              const lineTotal = l.price ? receiptlessTotal([{ unitPrice: l.price.unitPrice, taxRateBp: l.price.taxRateBp, quantity: l.quantity }], settings) : null;
              return (
                <li key={l.product.id} aria-label={l.product.name} className={`returns-line is-chosen${error ? ' is-invalid' : ''}`}>
                  <div className="returns-line__main">
                    <div className="returns-line__text">
                      <span className="returns-line__name">{l.product.name}</span>
                      <span className="returns-line__meta" data-testid="receiptless-price">
                        {l.price
                          ? t('returns.priceEach', { amount: money(l.price.total), days, sold: l.price.soldAt ? 'yes' : 'no', soldAt: l.price.soldAt ? fmt.date(l.price.soldAt) : '' })
                          : (l.priceError ?? t('returns.lookingUpPrice'))}
                      </span>
                    </div>
                    <Stepper
                      value={l.quantity}
                      max={999}
                      label={t('returns.quantityToReturn', { name: l.product.name })}
                      disabled={busy}
                      invalid={!!error}
                      onChange={(quantity) => (quantity === 0 ? setLines((ls) => ls.filter((x) => x.product.id !== l.product.id)) : update(l.product.id, { quantity }))}
                    />
                    <span className="returns-line__credit">{lineTotal === null ? '' : t('returns.lineCredit', { amount: money(lineTotal) })}</span>
                  </div>
                  <LineDetails name={l.product.name} choice={l} reasons={settings.returnReasons} disabled={busy} onChange={(patch) => update(l.product.id, patch)}>
                    <button type="button" className="cart-line__remove" aria-label={t('returns.removeLine', { name: l.product.name })} disabled={busy} onClick={() => setLines((ls) => ls.filter((x) => x.product.id !== l.product.id))}>
                      <span aria-hidden="true">{t('returns.removeSymbol')}</span>
                    </button>
                  </LineDetails>
                  <LineError error={error} />
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
      <RefundForm
        refund={total}
        currency={currency}
        busy={busy}
        label={total > 0 ? (method === 'voucher' ? t('returns.voucherFor', { amount: money(total) }) : t('returns.refundInCash', { amount: money(total) })) : t('returns.returnButton')}
        onSubmit={() => void submit()}
      >
        <RefundMethod value={method} onChange={setMethod} only={['voucher', 'cash']} disabled={busy} />
        {manager ? (
          <ApprovalFields value={approval} onChange={setApproval} errors={errors.approval} why={t('returns.receiptlessWhy')} disabled={busy} usernameRef={usernameRef} secretRef={secretRef} />
        ) : null}
        {errors.noCash ? <RegisterNotice refused /> : null}
        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      </RefundForm>
    </div>
  );
}
