import { PageHeader, Placeholder } from '../../ui';

export function InvoicesPage() {
  return (
    <>
      <PageHeader title="Invoices" description="Issued invoices, their payments and balances." />
      <Placeholder title="Invoice list">
        <ul>
          <li>Find invoices by number, customer, status or date, with totals for the filter.</li>
          <li>See what was paid and what is still open, and record a payment.</li>
          <li>Download an invoice as a PDF.</li>
        </ul>
      </Placeholder>
    </>
  );
}
