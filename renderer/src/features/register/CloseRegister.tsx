import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { CashSession, Output, Settings } from '../../../../shared/contract';
import { cashVariance, countTotal, varianceNeedsApproval } from '../../../../shared/domain/cash';
import { api, ApiError } from '../../api';
import { useContractQuery, useStoreFormat, useStoreSettings } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Button, TextField } from '../../ui';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { countLines, DenominationCount, type CountInput } from './DenominationCount';
import { varianceView } from './variance';
import { ZPrintout } from './ZPrintout';
import './close.css';

type Closed = Output<'cashSessions.close'>;

/**
 * Closing a register's cash session, over the app: the drawer counted by denomination (or its
 * total typed), a note, the expected cash and over/short (with blind count: only once the
 * count is in), a manager's approval beyond the store's threshold, then the Z report printed.
 * Escape cancels before the close; after it, Escape and Enter are Done.
 */
export function CloseRegister({ sessionId, onDone, onCancel }: { sessionId: string; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const sessionQuery = useContractQuery('cashSessions.get', { id: sessionId });
  const settings = useStoreSettings().data;
  const [closed, setClosed] = useState<Closed | null>(null);
  const [busy, setBusy] = useState(false);
  const session = closed?.session ?? sessionQuery.data ?? null;
  // Closed here, or already closed (another terminal): its Z is what is left to see.
  const zReportId = closed?.zReportId ?? (session?.status === 'CLOSED' ? session.zReportId : null);
  const leave = useRef(() => {});
  leave.current = () => {
    if (busy) return;
    if (zReportId) onDone();
    else onCancel();
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const onCancelEvent = (e: Event) => {
      e.preventDefault();
      leave.current();
    };
    dialog.addEventListener('cancel', onCancelEvent);
    return () => {
      dialog.removeEventListener('cancel', onCancelEvent);
      if (dialog.open) dialog.close();
      returnTo?.focus();
    };
  }, []);

  const closeTitle = session ? t('register.closeTitle', { name: session.registerName, code: session.registerCode }) : t('register.closeTitleUnknown');
  return createPortal(
    <dialog ref={ref} className="page-dialog" aria-labelledby={titleId}>
      <header className="page-dialog__bar close-page__bar">
        <div>
          <h1 className="close-page__title" id={titleId}>
            {zReportId ? t('register.closedTitle', { zNumber: closed?.session.zNumber ?? session?.zNumber ?? '' }) : closeTitle}
          </h1>
          {session ? <SessionLine session={session} /> : null}
        </div>
        {zReportId ? (
          <Button variant="primary" size="lg" onClick={onDone} autoFocus aria-keyshortcuts="Enter Escape">
            {t('register.done')}
          </Button>
        ) : null}
      </header>
      <div className="close-page__body">
        {sessionQuery.error && !session ? (
          <Banner tone="error" title={t('register.sessionReadError')}>
            {sessionQuery.error.message}
          </Banner>
        ) : !session || !settings ? (
          <p className="close-page__loading" aria-busy="true">
            {t('register.readingRegister')}
          </p>
        ) : zReportId ? (
          <ClosedView session={session} zReportId={zReportId} currency={settings.currency} onDone={onDone} />
        ) : (
          <CountForm session={session} settings={settings} busy={busy} setBusy={setBusy} onClosed={setClosed} onCancel={onCancel} />
        )}
      </div>
    </dialog>,
    document.body,
  );
}

/** When and by whom the session was opened, with its float. */
function SessionLine({ session }: { session: CashSession }) {
  const format = useStoreFormat();
  const t = useT();
  const currency = useStoreSettings().data?.currency;
  const opened = { openedAt: format.dateTime(session.openedAt), name: session.openedByName };
  return (
    <p className="close-page__meta">
      {currency ? t('register.openedByWithFloat', { ...opened, float: formatMoney(session.openingFloat, currency) }) : t('register.openedBy', opened)}
    </p>
  );
}

/** After the close: what was expected, counted and over/short, beside the Z printout. */
function ClosedView({ session, zReportId, currency, onDone }: { session: CashSession; zReportId: string; currency: string; onDone: () => void }) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, currency);
  const variance = session.variance === null ? null : varianceView(session.variance, money, t);
  return (
    <div
      className="close-page__closed"
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.target instanceof HTMLButtonElement) return;
        e.preventDefault();
        onDone();
      }}
    >
      <dl className="close-figures" aria-label={t('register.drawer')}>
        <Figure label={t('register.expected')} value={session.expectedCash === null ? t('common.none_dash') : money(session.expectedCash)} testId="expected" />
        <Figure label={t('register.counted')} value={session.countedCash === null ? t('common.none_dash') : money(session.countedCash)} testId="counted" />
        {variance ? <Figure label={t('register.overShort')} value={variance.text} tone={variance.tone} testId="variance" /> : null}
        {/* Words, not a figure: under its label in plain text. */}
        {session.note ? <Figure label={t('common.note')} value={session.note} tone="note" testId="closed-note" /> : null}
      </dl>
      <ZPrintout zReportId={zReportId} />
    </div>
  );
}

function Figure({ label, value, tone, testId }: { label: string; value: string; tone?: string; testId?: string }) {
  return (
    <div className={`close-figure${tone ? ` close-figure--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

type Field = 'count' | 'total' | 'note' | 'approver' | 'secret';
type Errors = Partial<Record<Field, string>> & { general?: string };

interface CountFormProps {
  session: CashSession;
  settings: Settings;
  busy: boolean;
  setBusy: (busy: boolean) => void;
  onClosed: (closed: Closed) => void;
  onCancel: () => void;
}

function CountForm({ session, settings, busy, setBusy, onClosed, onCancel }: CountFormProps) {
  const t = useT();
  const currency = settings.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const [byCount, setByCount] = useState(true);
  const [quantities, setQuantities] = useState<CountInput>({});
  const [totalText, setTotalText] = useState('');
  const [note, setNote] = useState('');
  const [approver, setApprover] = useState('');
  const [secretKind, setSecretKind] = useState<'pin' | 'password'>('pin');
  const [secret, setSecret] = useState('');
  // The core's answer when it asked for an approval: with blind count, the first sight of the expected figure.
  const [asked, setAsked] = useState<{ expected: number; variance: number } | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const approverRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const totalRef = useRef<HTMLInputElement>(null);
  const formId = useId();
  // After a refusal, once the form is enabled again: the field it names.
  const [focusNext, setFocusNext] = useState<{ n: number; field: 'approver' | 'secret' | 'total' | null }>({ n: 0, field: null });
  useEffect(() => {
    if (busy || focusNext.field === null) return;
    ({ approver: approverRef, secret: secretRef, total: totalRef })[focusNext.field].current?.focus();
  }, [focusNext, busy]);
  const focus = (field: 'approver' | 'secret' | 'total') => setFocusNext((f) => ({ n: f.n + 1, field }));

  const lines = countLines(quantities);
  const counted = byCount ? (lines === null ? null : countTotal(lines)) : parseMoney(totalText, currency);
  const blind = session.expectedCash === null && asked === null;
  // With blind count the count is final once the expected figure has been seen.
  const countLocked = session.expectedCash === null && asked !== null;
  const expected = session.expectedCash ?? asked?.expected ?? null;
  const variance = expected !== null && counted !== null ? cashVariance(counted, expected) : null;
  const needsApproval = asked !== null || (variance !== null && varianceNeedsApproval(variance, settings.varianceApprovalAbove));
  const shown = variance === null ? null : varianceView(variance, money, t);

  const clear = (...fields: Field[]) => setErrors((e) => ({ ...e, ...Object.fromEntries(fields.map((f) => [f, undefined])), general: undefined }));

  const submit = async () => {
    const next: Errors = {};
    if (counted === null) {
      if (byCount) next.count = t('register.countInvalid');
      else next.total = t('register.totalInvalid', { example: toMoneyInput(25000, currency) });
    }
    const username = approver.trim();
    if (needsApproval) {
      if (!username) next.approver = t('register.approverMissing');
      if (secretKind === 'pin' && !/^\d{4,8}$/.test(secret)) next.secret = t('register.pinInvalid');
      if (secretKind === 'password' && secret === '') next.secret = t('register.passwordMissing');
    }
    if (Object.keys(next).length > 0 || counted === null) {
      setErrors(next);
      if (next.total) totalRef.current?.focus();
      else if (next.approver) approverRef.current?.focus();
      else if (next.secret) secretRef.current?.focus();
      return;
    }
    const count = byCount && lines ? lines : [];
    setErrors({});
    setBusy(true);
    try {
      const result = await api.call('cashSessions.close', {
        sessionId: session.id,
        countedCash: counted,
        ...(count.length > 0 ? { count } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(needsApproval ? { approval: secretKind === 'pin' ? { username, pin: secret } : { username, password: secret } } : {}),
      });
      onClosed(result);
    } catch (err) {
      const reason = err instanceof ApiError ? (err.details as { reason?: string } | undefined)?.reason : undefined;
      if (reason === 'APPROVAL_REQUIRED') {
        const d = (err as ApiError).details as { expected?: number; variance?: number };
        if (typeof d.expected === 'number' && typeof d.variance === 'number') setAsked({ expected: d.expected, variance: d.variance });
        setErrors({ approver: username ? undefined : t('register.managerMustApprove') });
        focus('approver');
      } else if (reason === 'APPROVAL_INVALID') {
        setErrors({ secret: secretKind === 'pin' ? t('register.wrongPin') : t('register.wrongPassword') });
        setSecret('');
        focus('secret');
      } else if (reason === 'APPROVAL_NOT_MANAGER') {
        setErrors({ approver: t('register.onlyManager') });
        focus('approver');
      } else {
        setErrors(closeErrors(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      id={formId}
      className="close-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <section className="close-count" aria-label={t('register.countSection')}>
        <div className="close-count__head">
          <h2 className="close-count__title">{t('register.countTitle')}</h2>
          <div className="close-count__modes" role="radiogroup" aria-label={t('register.howToCount')}>
            {[
              { value: true, label: t('register.byNoteAndCoin') },
              { value: false, label: t('register.totalOnly') },
            ].map((m) => (
              <label key={String(m.value)} className={`close-mode${byCount === m.value ? ' is-checked' : ''}`}>
                <input
                  type="radio"
                  name={`${formId}-mode`}
                  checked={byCount === m.value}
                  disabled={busy || countLocked}
                  onChange={() => {
                    setByCount(m.value);
                    clear('count', 'total');
                    if (!m.value && counted !== null && counted > 0) setTotalText(toMoneyInput(counted, currency));
                  }}
                />
                {m.label}
              </label>
            ))}
          </div>
        </div>
        {byCount ? (
          <fieldset className="close-count__rows" disabled={busy || countLocked} ref={(el) => autoFocusFirst(el)}>
            <DenominationCount
              currency={currency}
              label={t('register.notesAndCoins')}
              value={quantities}
              onChange={(next) => {
                setQuantities(next);
                clear('count');
              }}
            />
            {errors.count ? (
              <p className="field__error" role="alert">
                {errors.count}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <TextField
            ref={totalRef}
            label={t('register.cashCounted')}
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            className="close-count__total-input"
            disabled={busy || countLocked}
            value={totalText}
            onChange={(e) => {
              setTotalText(e.target.value);
              clear('total');
            }}
            error={errors.total}
            hint={t('register.cashCountedHint')}
          />
        )}
      </section>

      <section className="close-summary" aria-label={t('register.closeSection')}>
        <dl className="close-figures" aria-label={t('register.drawer')}>
          <Figure label={t('register.counted')} value={counted === null ? t('common.none_dash') : money(counted)} testId="counted" />
          {blind ? (
            <div className="close-figure close-figure--blind">
              <dt>{t('register.expected')}</dt>
              <dd>{t('register.expectedBlind')}</dd>
            </div>
          ) : (
            <>
              <Figure label={t('register.expected')} value={expected === null ? t('common.none_dash') : money(expected)} testId="expected" />
              <Figure label={t('register.overShort')} value={shown ? shown.text : t('common.none_dash')} tone={shown?.tone} testId="variance" />
            </>
          )}
        </dl>

        <TextField
          label={t('common.note')}
          maxLength={500}
          autoComplete="off"
          disabled={busy}
          value={note}
          placeholder={variance ? t('register.notePlaceholderVariance') : t('register.notePlaceholder')}
          onChange={(e) => {
            setNote(e.target.value);
            clear('note');
          }}
          error={errors.note}
        />

        {needsApproval ? (
          <fieldset className="approval close-approval" disabled={busy}>
            <legend className="approval__title">{t('register.managerApproval')}</legend>
            <p className="approval__why">
              {variance !== null ? t('register.approvalWhy', { variance: shown?.text ?? '', limit: money(settings.varianceApprovalAbove) }) : t('register.approvalWhyUnknown')}
            </p>
            <div className="close-count__modes" role="radiogroup" aria-label={t('register.approveWith')}>
              {(['pin', 'password'] as const).map((k) => (
                <label key={k} className={`close-mode${secretKind === k ? ' is-checked' : ''}`}>
                  <input
                    type="radio"
                    name={`${formId}-secret`}
                    checked={secretKind === k}
                    onChange={() => {
                      setSecretKind(k);
                      setSecret('');
                      clear('secret');
                    }}
                  />
                  {k === 'pin' ? t('register.withPin') : t('register.withPassword')}
                </label>
              ))}
            </div>
            <div className="close-approval__fields">
              <TextField
                ref={approverRef}
                label={t('register.username')}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={approver}
                onChange={(e) => {
                  setApprover(e.target.value);
                  clear('approver', 'secret');
                }}
                error={errors.approver}
              />
              <TextField
                ref={secretRef}
                label={secretKind === 'pin' ? t('register.pin') : t('register.password')}
                type="password"
                inputMode={secretKind === 'pin' ? 'numeric' : undefined}
                autoComplete="off"
                value={secret}
                onChange={(e) => {
                  setSecret(e.target.value);
                  clear('secret');
                }}
                error={errors.secret}
              />
            </div>
          </fieldset>
        ) : null}

        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
        <div className="close-summary__actions">
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" size="lg" busy={busy} className="close-summary__submit">
            {counted === null ? t('register.closeSubmit') : t('register.closeWith', { amount: money(counted) })}
          </Button>
        </div>
      </section>
    </form>
  );
}

/** The count starts on its first row (once, when the rows appear). */
function autoFocusFirst(el: HTMLFieldSetElement | null): void {
  if (el && !el.dataset.focused) {
    el.dataset.focused = '1';
    requestAnimationFrame(() => el.querySelector<HTMLInputElement>('input')?.focus());
  }
}

/** A refusal of cashSessions.close, at its field. */
function closeErrors(err: unknown, t: Translate): Errors {
  if (!(err instanceof ApiError)) return { general: err instanceof Error ? err.message : t('register.genericError') };
  const out: Errors = {};
  for (const issue of err.issues) {
    const head = issue.path[0];
    if (head === 'count') out.count ??= t('register.countIssue', { message: issue.message });
    else if (head === 'countedCash') out.total ??= t('register.countedCashIssue', { message: issue.message });
    else if (head === 'note') out.note ??= t('register.noteIssue', { message: issue.message });
    else if (head === 'approval') out.secret ??= issue.message;
  }
  if (Object.keys(out).length === 0 || (out.total && !out.count)) out.general = err.message;
  return out;
}
