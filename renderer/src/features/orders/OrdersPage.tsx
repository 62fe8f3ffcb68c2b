import { PageHeader, Placeholder } from '../../ui';

export function OrdersPage() {
  return (
    <>
      <PageHeader title="Orders" description="Every order of the store, newest first." />
      <Placeholder title="Order list and details">
        <ul>
          <li>Filter orders by status and date, and search by number, customer or product.</li>
          <li>Open an order to see its lines, invoice and payments.</li>
          <li>Mark orders shipped or delivered, or cancel them with a reason.</li>
        </ul>
      </Placeholder>
    </>
  );
}
