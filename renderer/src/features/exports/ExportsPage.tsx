import { PageHeader, Placeholder } from '../../ui';

export function ExportsPage() {
  return (
    <>
      <PageHeader title="Exports" description="Files for your accountant and other systems." />
      <Placeholder title="Data exports">
        <ul>
          <li>Export orders, invoices or payments for a date range as CSV, NDJSON or Excel.</li>
          <li>Follow the progress while a large export is written.</li>
        </ul>
      </Placeholder>
    </>
  );
}
