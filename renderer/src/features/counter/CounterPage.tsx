import { PageHeader, Placeholder } from '../../ui';

export function CounterPage() {
  return (
    <>
      <PageHeader title="Counter" description="Ring up a sale and take payment." />
      <Placeholder title="The sales counter">
        <ul>
          <li>Scan a barcode or search products by name or SKU, and add lines to the order.</li>
          <li>Change quantities, add a customer and a note.</li>
          <li>Issue the invoice and take payment by cash (with change), card or other.</li>
        </ul>
      </Placeholder>
    </>
  );
}
