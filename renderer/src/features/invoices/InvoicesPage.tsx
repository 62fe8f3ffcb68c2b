import { useRoute } from '../../app/router';
import { InvoiceDetail } from './InvoiceDetail';
import { InvoiceList } from './InvoiceList';
import './invoices.css';

/** `#/invoices` lists the invoices; `#/invoices/<id>` shows one. */
export function InvoicesPage() {
  const path = useRoute();
  const id = /^\/invoices\/([^/]+)$/.exec(path)?.[1];

  return id ? <InvoiceDetail key={id} id={decodeURIComponent(id)} /> : <InvoiceList />;
}
