import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CashSession, Register } from '../../../../shared/contract';
import { useStoreCurrency, useStoreFormat } from '../../data';
import { useT, type MessageId } from '../../i18n';
import { useSession } from '../session/store';
import { MoveDialog } from './MoveDialog';
import { useRegisterUi, type RegisterView } from './registerStore';
import { XReportDialog } from './XReportDialog';
import './register.css';

interface Item {
  labelId: MessageId;
  view: RegisterView | 'close' | 'change';
  /** Needs the open cash session. */
  open: boolean;
}

const items: Item[] = [
  { labelId: 'register.menuPayIn', view: 'payIn', open: true },
  { labelId: 'register.menuPayOut', view: 'payOut', open: true },
  { labelId: 'register.menuDrop', view: 'drop', open: true },
  { labelId: 'register.menuNoSale', view: 'noSale', open: true },
  { labelId: 'register.xReport', view: 'x', open: true },
  { labelId: 'register.menuClose', view: 'close', open: true },
  { labelId: 'register.menuChange', view: 'change', open: false },
];

/** The register menu's button and its list: arrows move, Enter picks, Escape closes. */
function Menu({ session }: { session: CashSession | null }) {
  const t = useT();
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const show = useRegisterUi((s) => s.show);
  const setClosing = useRegisterUi((s) => s.setClosing);
  const askRegister = useSession((s) => s.askRegister);
  const registerId = useSession((s) => s.registerId);
  const shown = items.filter((i) => !i.open || session !== null).filter((i) => registerId !== null || i.view === 'change');

  useEffect(() => {
    if (!expanded) return;
    listRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      const within = e.target instanceof Node && (listRef.current?.contains(e.target) || buttonRef.current?.contains(e.target));
      if (!within) setExpanded(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [expanded]);

  const pick = (item: Item) => {
    setExpanded(false);
    if (item.view === 'change') askRegister('change');
    else if (item.view === 'close') setClosing(session?.id ?? null);
    else show(item.view);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const entries = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const moveTo = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
    if (e.key === 'ArrowDown') moveTo(at + 1);
    else if (e.key === 'ArrowUp') moveTo(at - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(entries.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setExpanded(false);
      if (e.key === 'Escape') buttonRef.current?.focus();
      if (e.key === 'Tab') return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="regmenu">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn--secondary btn--md regmenu__button"
        aria-haspopup="menu"
        aria-expanded={expanded}
        aria-controls={expanded ? id : undefined}
        onClick={() => setExpanded((v) => !v)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setExpanded(true);
          }
        }}
      >
        <span className="btn__label">{t('register.menuButton')}</span>
        <span className="regmenu__chevron" aria-hidden="true" />
      </button>
      {expanded ? (
        <ul ref={listRef} id={id} role="menu" aria-label={t('register.registerLabel')} className="regmenu__list" onKeyDown={onKeyDown}>
          {shown.map((item) => (
            <li key={item.view} role="none">
              <button type="button" role="menuitem" className="regmenu__item" onClick={() => pick(item)}>
                {t(item.labelId)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The counter's register bar: which till this is and whether its session is open, with the
 * register menu (cash movements, X report, close, change register) and its dialogs. A warning
 * (a session open since an earlier day) sits in the bar's own row, in at most two short lines
 * (the whole sentence in its tooltip and for screen readers), so the counter keeps its height.
 */
export function RegisterBar({ register, session, warning = null }: { register: Register | undefined; session: CashSession | null; warning?: string | null }) {
  const registerId = useSession((s) => s.registerId);
  const view = useRegisterUi((s) => s.view);
  const show = useRegisterUi((s) => s.show);
  const currency = useStoreCurrency();
  const fmt = useStoreFormat();
  const t = useT();
  const close = () => show(null);
  return (
    <div className={`regbar${warning ? ' regbar--warned' : ''}`} aria-label={t('register.registerLabel')} role="group">
      {warning && session ? (
        <p className="regbar__warning" role="status" title={warning} data-testid="stale-session">
          <span className="regbar__warning-icon" aria-hidden="true" />
          {/* Seen: the day it opened and what to do, short enough for the header's row at 1024 px; heard and hovered: the whole sentence. */}
          <span className="regbar__warning-text" aria-hidden="true">
            <FormattedMessage id="register.staleSince" values={{ date: fmt.date(session.openedAt), b: (chunks) => <strong data-testid="stale-since">{chunks}</strong> }} />
          </span>
          <span className="visually-hidden">{warning}</span>
        </p>
      ) : null}
      <p className="regbar__name" data-testid="register-name">
        {registerId === null ? (
          t('register.noRegister')
        ) : (
          <span>
            <span className="regbar__code">{register?.code ?? t('register.codePending')}</span> {register?.name ?? ''}
          </span>
        )}
        {/* Open since an earlier day: the warning beside says since when. */}
        {registerId !== null && !(warning && session) ? (
          <span className={`regbar__state${session ? ' is-open' : ''}`} data-testid="register-state">
            {session ? t('register.openSince', { time: fmt.time(session.openedAt) }) : t('register.closed')}
          </span>
        ) : null}
      </p>
      <Menu session={session} />
      {session && currency && (view === 'payIn' || view === 'payOut' || view === 'drop' || view === 'noSale') ? <MoveDialog kind={view} sessionId={session.id} currency={currency} onClose={close} /> : null}
      {session && view === 'x' ? <XReportDialog sessionId={session.id} onClose={close} /> : null}
    </div>
  );
}
