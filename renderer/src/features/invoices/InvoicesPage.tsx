import { useEffect } from 'react';
import { navigate, useRoute } from '../../app/router';
import { InvoiceDetail } from './InvoiceDetail';
import { InvoiceList } from './InvoiceList';
import './invoices.css';

/** `#/invoices` lists the invoices; `#/invoices/<id>` shows one. */
export function InvoicesPage() {
  const path = useRoute();
  const id = /^\/invoices\/([^/]+)$/.exec(path)?.[1];

  // While an invoice is open, the navigation's current link (Invoices) points at it (see
  // routes.tsx); clicking it goes back to the list, as it does from any other screen.
  useEffect(() => {
    if (!id) return;
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('nav a[aria-current="page"]') : null;
      if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate('/invoices');
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [id]);

  return id ? <InvoiceDetail key={id} id={decodeURIComponent(id)} /> : <InvoiceList />;
}
