import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Output } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { navigate } from '../../app/router';
import { useChanged, useContractQuery, useDataClient, useQueryClient, useStoreFormat, useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, LoadError } from '../../ui';
import { formatMoney } from '../../ui/money';
import { ReceiptPage } from '../documents/ReceiptPage';
import { newKey } from '../payment/keys';
import { isNoCashSession } from '../register/registerStore';
import { ApprovalFields, approvalErrors, useApprovalFocus, approvalInput, approvalReason, emptyApproval, type ApprovalDraft, type ApprovalErrors } from '../session/ApprovalFields';
import { useSession } from '../session/store';
import { ExchangePanel, type ExchangeSettlement } from './ExchangePanel';
import { SaleCard } from './FindSale';
import { chosenLines, creditEstimate, keyFor, needsManager, placeIssues, type Choices } from './plan';
import { RefundForm } from './RefundForm';
import { RefundMethod, refundsFor, type RefundChoice } from './RefundMethod';
import { RegisterNotice } from './RegisterNotice';
import { ReturnDone } from './ReturnDone';
import { ReturnLines } from './ReturnLines';

type Done = { kind: 'return'; result: Output<'returns.create'> } | { kind: 'exchange'; result: Output<'returns.exchange'> };

interface Errors {
  lines: Partial<Record<number, string>>;
  tenders: Record<number, string>;
  approval: ApprovalErrors;
  general: string | null;
  noCash: boolean;
}
const noErrors: Errors = { lines: {}, tenders: {}, approval: {}, general: null, noCash: false };

/**
 * One sale's return or exchange: its lines with what is left to return, how many come back and
 * why, the credit (the core's own proration) and the refund; in exchange mode what goes out and
 * the difference. A manager's approval is asked up front past the return window (a cashier),
 * or when the core asks for it.
 */
export function SaleReturn({ invoiceId, mode }: { invoiceId: string; mode: 'return' | 'exchange' }) {
  const invoiceQuery = useContractQuery('invoices.get', { id: invoiceId });
  const returnableQuery = useContractQuery('returns.returnable', { invoiceId });
  const settings = useStoreSettings().data;
  const role = useSession((s) => s.user?.role);
  const fmt = useStoreFormat();
  const t = useT();
  const client = useDataClient();
  const changed = useChanged();
  const queryClient = useQueryClient();
  const [choices, setChoices] = useState<Choices>({});
  const [method, setMethod] = useState<RefundChoice>('original');
  const [approval, setApproval] = useState<ApprovalDraft>(emptyApproval);
  const [asked, setAsked] = useState(false);
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [newReceipt, setNewReceipt] = useState(false);
  const attempt = useRef<{ key: string; fingerprint: string } | null>(null);
  const { usernameRef, secretRef, focusApproval } = useApprovalFocus(busy);
  // The sale shown: the first line that can come back takes the focus (+ and − step it), after the shell's page focus.
  const ready = invoiceQuery.data !== undefined && returnableQuery.data !== undefined && settings !== undefined;
  useEffect(() => {
    if (!ready) return;
    const frame = requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.returns-lines .returns-stepper__input:not(:disabled)')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [ready]);

  const newReturn = () => navigate('/returns');

  if (done) {
    const cn = done.result.creditNote;
    if (done.kind === 'return') {
      const inVouchers = cn.vouchers.reduce((s, v) => s + v.amount, 0);
      const title =
        inVouchers > 0 && inVouchers === cn.refunded
          ? t('returns.voucherFor', { amount: formatMoney(inVouchers, cn.currency) })
          : cn.refunded > 0
            ? t('returns.backToCustomer', { amount: formatMoney(cn.refunded, cn.currency) })
            : t('returns.returnDone');
      return <ReturnDone creditNote={cn} title={title} onNew={newReturn} />;
    }
    const { invoice, change, payments } = done.result;
    const money = (minor: number) => formatMoney(minor, invoice.currency);
    // The credit note's part that pays for the new sale is a payment referring to it; the rest was tendered.
    const fromCredit = payments.filter((p) => p.reference === cn.number).reduce((s, p) => s + p.amount, 0);
    const paid = payments.filter((p) => p.reference !== cn.number).reduce((s, p) => s + p.amount, 0);
    return (
      <ReturnDone
        creditNote={cn}
        title={t('returns.exchangeDone')}
        movedTo={invoice.number}
        onNew={newReturn}
        documents={
          <>
            <Button size="lg" onClick={() => setNewReceipt(true)}>
              {t('returns.newSaleReceipt')}
            </Button>
            {newReceipt ? <ReceiptPage invoiceId={invoice.id} autoPrint onClose={() => setNewReceipt(false)} /> : null}
          </>
        }
      >
        <p className="returns-done__meta">
          <FormattedMessage
            id="returns.exchangeMeta"
            values={{
              number: invoice.number,
              total: money(invoice.total),
              hasCredit: fromCredit > 0 ? 'yes' : 'no',
              fromCredit: money(fromCredit),
              hasPaid: paid > 0 ? 'yes' : 'no',
              paid: money(paid),
              strong: (chunks) => <strong data-testid="exchange-invoice">{chunks}</strong>,
            }}
          />
        </p>
        {change > 0 ? (
          <div className="pay-done__change is-due">
            <span className="pay-done__change-label">{t('returns.changeDue')}</span>
            <strong className="pay-done__change-amount" data-testid="change-due">
              {money(change)}
            </strong>
          </div>
        ) : null}
      </ReturnDone>
    );
  }

  const invoice = invoiceQuery.data;
  const returnable = returnableQuery.data;
  const loadError = invoiceQuery.error ?? returnableQuery.error;
  if (loadError) {
    return (
      <LoadError
        title={t('returns.loadFailed')}
        message={loadError.message}
        onRetry={() => {
          void invoiceQuery.refetch();
          void returnableQuery.refetch();
        }}
      />
    );
  }
  if (!invoice || !returnable || !settings) {
    return (
      <p className="list__muted" aria-busy="true">
        {t('returns.loadingSale')}
      </p>
    );
  }

  const currency = invoice.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const estimate = creditEstimate(invoice, returnable.lines, choices);
  const { lines: chosen, indexes } = chosenLines(choices);
  const manager = needsManager(role, returnable.outsideWindow) || asked;
  const cancelled = invoice.status === 'CANCELLED';
  const nothingLeft = returnable.lines.every((l) => l.returnable === 0);

  /** Checks what the screen can, then the common part of both requests; null when a field must be fixed first. */
  const prepare = () => {
    const next: Errors = { ...noErrors, lines: {} };
    if (chosen.length === 0) next.general = t('returns.chooseLines');
    chosen.forEach((l, i) => {
      if (!l.reason) next.lines[indexes[i]!] = t('returns.giveReason');
    });
    let given: ReturnType<typeof approvalInput> | null = null;
    if (manager) {
      given = approvalInput(approval);
      if ('errors' in given) next.approval = given.errors;
    }
    if (next.general || Object.keys(next.lines).length > 0 || Object.keys(next.approval).length > 0) {
      setErrors(next);
      if (next.approval.username) focusApproval('username');
      else if (next.approval.secret) focusApproval('secret');
      return null;
    }
    return { invoiceId, lines: chosen, ...(given && 'approval' in given ? { approval: given.approval } : {}) };
  };

  /** Sends one request under its key (kept for a retry whose outcome is unknown), placing a refusal. */
  const send = async <T,>(body: object, call: (idempotencyKey: string) => Promise<T>): Promise<T | null> => {
    attempt.current = keyFor(attempt.current, JSON.stringify(body), newKey);
    setBusy(true);
    setErrors(noErrors);
    try {
      const result = await call(attempt.current.key);
      attempt.current = null;
      return result;
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'INTERNAL')) attempt.current = null;
      const reason = approvalReason(err);
      if (reason) {
        setAsked(true);
        setErrors({ ...noErrors, approval: approvalErrors(reason, approval) });
        if (reason === 'APPROVAL_INVALID') setApproval((a) => ({ ...a, secret: '' }));
        focusApproval(reason === 'APPROVAL_INVALID' ? 'secret' : 'username');
      } else if (isNoCashSession(err)) {
        setErrors({ ...noErrors, noCash: true });
        void queryClient.invalidateQueries({ queryKey: ['cashSessions.current'] });
      } else {
        const issues = err instanceof ApiError ? err.issues : [];
        const tenders: Record<number, string> = {};
        for (const issue of issues) if (issue.path[0] === 'tenders' && typeof issue.path[1] === 'number') tenders[issue.path[1]] ??= issue.message;
        const placed = placeIssues(
          issues.filter((i) => i.path[0] !== 'tenders'),
          indexes,
          err instanceof Error ? err.message : t('returns.somethingWrong'),
        );
        setErrors({ ...noErrors, lines: placed.lines, tenders, general: Object.keys(tenders).length > 0 && !placed.general ? null : placed.general });
      }
      return null;
    } finally {
      setBusy(false);
    }
  };

  const afterwards = (creditNoteId: string) => void changed({ event: 'creditNote.changed', data: { id: creditNoteId, invoiceId } });

  const submitReturn = async () => {
    const base = prepare();
    if (!base) return;
    const refunds = refundsFor(method, estimate.refund);
    const body = { ...base, ...(refunds ? { refunds } : {}) };
    const result = await send(body, (idempotencyKey) => client.call('returns.create', { ...body, idempotencyKey }));
    if (result) {
      afterwards(result.creditNote.id);
      setDone({ kind: 'return', result });
    }
  };

  const submitExchange = async (s: ExchangeSettlement) => {
    const base = prepare();
    if (!base) return;
    const body = { ...base, sale: { lines: s.sale }, ...(s.tenders && s.tenders.length > 0 ? { tenders: s.tenders } : {}), ...(s.refunds ? { refunds: s.refunds } : {}) };
    const result = await send(body, (idempotencyKey) => client.call('returns.exchange', { ...body, idempotencyKey }));
    if (result) {
      afterwards(result.creditNote.id);
      void changed({ event: 'order.changed', data: { id: result.order.id, status: result.order.status } });
      setDone({ kind: 'exchange', result });
    }
  };

  // A window of 0 days: every return is past it (no "0-day window" to read).
  const windowEnded = fmt.date(returnable.windowEndsAt);
  const windowText = settings.returnWindowDays === 0 ? t('returns.windowNoneWhy') : t('returns.windowPastWhy', { days: settings.returnWindowDays, date: windowEnded });
  const why = asked && !returnable.outsideWindow ? t('returns.askedWhy') : windowText;
  const before = (
    <>
      {manager ? <ApprovalFields value={approval} onChange={(a) => setApproval(a)} errors={errors.approval} why={why} disabled={busy} usernameRef={usernameRef} secretRef={secretRef} /> : null}
      {errors.noCash ? <RegisterNotice refused /> : null}
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
    </>
  );

  return (
    <div className={`returns-work returns-work--${mode}`}>
      <div className="returns-work__back">
        <SaleCard
          invoice={invoice}
          action={
            <Button variant="ghost" className="returns-sale__another" onClick={newReturn} disabled={busy}>
              {t('returns.anotherSale')}
            </Button>
          }
        />
        {returnable.outsideWindow ? (
          <Banner tone="warning" title={t('returns.outsideWindowTitle')}>
            {t('returns.outsideWindowBody', { window: settings.returnWindowDays === 0 ? 'zero' : 'days', days: settings.returnWindowDays, date: windowEnded, role: role === 'cashier' ? 'cashier' : 'other' })}
          </Banner>
        ) : null}
        {cancelled ? <Banner tone="warning">{t('returns.cancelledNotice')}</Banner> : null}
        {!cancelled && nothingLeft ? <Banner tone="info">{t('returns.nothingLeftNotice')}</Banner> : null}
        <h2 className="returns-panel__title">{t('returns.comesBack')}</h2>
        <ReturnLines
          invoice={invoice}
          returnable={returnable.lines}
          choices={choices}
          reasons={settings.returnReasons}
          credits={estimate.byLine}
          errors={errors.lines}
          disabled={busy || cancelled}
          onChange={(index, choice) => {
            setChoices((c) => ({ ...c, [index]: choice }));
            setErrors((e) => ({ ...e, lines: { ...e.lines, [index]: undefined }, general: null }));
          }}
        />
      </div>
      {mode === 'exchange' ? (
        <ExchangePanel currency={currency} credit={estimate.refund} busy={busy} before={before} tenderErrors={errors.tenders} nothingBack={chosen.length === 0} onSubmit={(s) => void submitExchange(s)} />
      ) : (
        <RefundForm
          refund={estimate.refund}
          currency={currency}
          busy={busy}
          disabled={cancelled || nothingLeft}
          label={chosen.length === 0 ? t('returns.returnButton') : estimate.refund > 0 ? t('returns.refundAmount', { amount: money(estimate.refund) }) : t('returns.issueCreditNote')}
          onSubmit={() => void submitReturn()}
          figures={
            <>
              <div>
                <dt>{t('returns.creditNote')}</dt>
                <dd data-testid="credit-total">{money(estimate.credit)}</dd>
              </div>
              {estimate.credit !== estimate.refund ? (
                <div>
                  <dt>{t('returns.offOwed')}</dt>
                  <dd>{money(estimate.credit - estimate.refund)}</dd>
                </div>
              ) : null}
            </>
          }
        >
          {estimate.refund > 0 ? <RefundMethod value={method} onChange={setMethod} disabled={busy} /> : null}
          {before}
        </RefundForm>
      )}
    </div>
  );
}
