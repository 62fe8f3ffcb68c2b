import { useRef, useState, type KeyboardEvent } from 'react';
import { navigate, useRoute } from '../../app/router';
import { useT, type MessageId } from '../../i18n';
import { PageHeader } from '../../ui';
import { FindSale } from './FindSale';
import { ReceiptlessReturn } from './ReceiptlessReturn';
import { RegisterNotice } from './RegisterNotice';
import { SaleReturn } from './SaleReturn';
import '../payment/payment.css';
import './returns.css';

type Tab = 'return' | 'exchange' | 'receiptless';

const tabs: { tab: Tab; labelId: MessageId }[] = [
  { tab: 'return', labelId: 'returns.tabReturn' },
  { tab: 'exchange', labelId: 'returns.tabExchange' },
  { tab: 'receiptless', labelId: 'returns.tabReceiptless' },
];

/** `#/returns/<invoice id>`: that sale's return. */
function invoiceIdOf(path: string): string | null {
  const m = /^\/returns\/([^/]+)$/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** Returns, exchanges and returns without a receipt: one screen, three tabs, keyboard and scanner first. */
export function ReturnsPage() {
  const t = useT();
  const invoiceId = invoiceIdOf(useRoute());
  const [tab, setTab] = useState<Tab>('return');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  // ← → move between the tabs (the ARIA tabs pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = tabs.findIndex((x) => x.tab === tab);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!.tab;
    e.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <>
      <PageHeader title={t('returns.title')} description={t('returns.description')} />
      <RegisterNotice />
      <div className="tabs returns-tabs" role="tablist" aria-label={t('returns.tabsLabel')} onKeyDown={onKeyDown}>
        {tabs.map((x) => (
          <button
            key={x.tab}
            ref={(el) => {
              tabRefs.current[x.tab] = el;
            }}
            type="button"
            role="tab"
            id={`returns-tab-${x.tab}`}
            aria-selected={tab === x.tab}
            aria-controls="returns-tabpanel"
            tabIndex={tab === x.tab ? 0 : -1}
            className={`tabs__tab returns-tabs__tab${tab === x.tab ? ' is-active' : ''}`}
            onClick={() => setTab(x.tab)}
          >
            {t(x.labelId)}
          </button>
        ))}
      </div>
      <div id="returns-tabpanel" role="tabpanel" aria-labelledby={`returns-tab-${tab}`} className="returns">
        {tab === 'receiptless' ? (
          <ReceiptlessReturn />
        ) : invoiceId ? (
          // A new sale (or a new return of it) starts afresh.
          <SaleReturn key={invoiceId} invoiceId={invoiceId} mode={tab} />
        ) : (
          <FindSale onFound={(invoice) => navigate(`/returns/${invoice.id}`)} />
        )}
      </div>
    </>
  );
}
