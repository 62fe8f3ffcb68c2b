import { useRoute, href } from '../../app/router';
import { useT, type MessageId } from '../../i18n';
import { CreditNoteList } from './CreditNoteList';
import { InvoiceDetail } from './InvoiceDetail';
import { InvoiceList } from './InvoiceList';
import { VoucherLookup } from './VoucherLookup';
import './invoices.css';

const tabs: readonly { path: string; labelId: MessageId }[] = [
  { path: '/invoices', labelId: 'invoices.invoices' },
  { path: '/invoices/credit-notes', labelId: 'invoices.creditNotes' },
  { path: '/invoices/vouchers', labelId: 'invoices.vouchers' },
];

/**
 * `#/invoices` lists the invoices, `#/invoices/<id>` shows one; `#/invoices/credit-notes` lists
 * the credit notes and `#/invoices/vouchers` looks a voucher up.
 */
export function InvoicesPage() {
  const t = useT();
  const path = useRoute();
  const id = /^\/invoices\/([^/]+)$/.exec(path)?.[1];
  const tab = tabs.find((x) => x.path === path);
  if (id && !tab) return <InvoiceDetail key={id} id={decodeURIComponent(id)} />;

  return (
    <>
      <nav className="tabs" aria-label={t('invoices.tabsLabel')}>
        {tabs.map((x) => (
          <a key={x.path} className={`tabs__tab${x === tab ? ' is-active' : ''}`} href={href(x.path)} aria-current={x === tab ? 'page' : undefined}>
            {t(x.labelId)}
          </a>
        ))}
      </nav>
      {path === '/invoices/credit-notes' ? <CreditNoteList /> : path === '/invoices/vouchers' ? <VoucherLookup /> : <InvoiceList />}
    </>
  );
}
