import { PageHeader } from '../../ui';

/** Returns, exchanges and returns without a receipt. */
export function ReturnsPage() {
  return <PageHeader title="Returns" />;
}
