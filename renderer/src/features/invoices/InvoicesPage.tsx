import { useRoute, href } from '../../app/router';
import { CreditNoteList } from './CreditNoteList';
import { InvoiceDetail } from './InvoiceDetail';
import { InvoiceList } from './InvoiceList';
import { VoucherLookup } from './VoucherLookup';
import './invoices.css';

const tabs = [
  { path: '/invoices', label: 'Invoices' },
  { path: '/invoices/credit-notes', label: 'Credit notes' },
  { path: '/invoices/vouchers', label: 'Vouchers' },
] as const;

/**
 * `#/invoices` lists the invoices, `#/invoices/<id>` shows one; `#/invoices/credit-notes` lists
 * the credit notes and `#/invoices/vouchers` looks a voucher up.
 */
export function InvoicesPage() {
  const path = useRoute();
  const id = /^\/invoices\/([^/]+)$/.exec(path)?.[1];
  const tab = tabs.find((t) => t.path === path);
  if (id && !tab) return <InvoiceDetail key={id} id={decodeURIComponent(id)} />;

  return (
    <>
      <nav className="tabs" aria-label="Invoices and credit notes">
        {tabs.map((t) => (
          <a key={t.path} className={`tabs__tab${t === tab ? ' is-active' : ''}`} href={href(t.path)} aria-current={t === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {path === '/invoices/credit-notes' ? <CreditNoteList /> : path === '/invoices/vouchers' ? <VoucherLookup /> : <InvoiceList />}
    </>
  );
}
