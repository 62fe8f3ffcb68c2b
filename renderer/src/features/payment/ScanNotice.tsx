import { useCallback, useState, type ReactNode } from 'react';
import type { Product } from '../../../../shared/contract';
import { api } from '../../api';
import { Button } from '../../ui';
import { useT } from '../../i18n';

/** A code scanned on a payment screen and, once looked up, its product (null: not a product of the store). */
export type Scanned = { code: string; product: Product | null | undefined } | null;

/** The last code scanned on a payment screen, looked up by code; `clear` forgets it. */
export function useScanned(): { scanned: Scanned; onScan: (code: string) => void; clear: () => void } {
  const [scanned, setScanned] = useState<Scanned>(null);
  const onScan = useCallback((code: string) => {
    setScanned({ code, product: undefined });
    const settle = (product: Product | null) => setScanned((s) => (s?.code === code ? { code, product } : s));
    api.call('products.findByCode', { code }).then(settle, () => settle(null));
  }, []);
  const clear = useCallback(() => setScanned(null), []);
  return { scanned, onScan, clear };
}

/**
 * Says a scan reached a payment screen and that nothing was typed into the payment. `offer`
 * (for a product of the store) is the question and the action that goes with it.
 */
export function ScanNotice({ scanned, offer, onDismiss }: { scanned: Scanned; offer?: (product: Product) => { text: string; action: ReactNode }; onDismiss: () => void }) {
  const t = useT();
  if (!scanned) return null;
  const { code, product } = scanned;
  const offered = product && offer ? offer(product) : null;
  const text = offered ? offered.text : product ? t('payment.scannedProduct', { name: product.name }) : product === null ? t('payment.scannedUnknown', { code }) : t('payment.scannedLooking', { code });
  return (
    <div className="checkout__scanned" role="status">
      <p>{text}</p>
      {offered?.action}
      <Button variant="ghost" onClick={onDismiss}>
        {t('payment.dismiss')}
      </Button>
    </div>
  );
}
