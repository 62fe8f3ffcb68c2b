import { useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Button, Dialog } from '../../ui';
import { focusScan } from './ScanSearch';
import { useCounter } from './store';

/** "Sell 99,999 × Mug?": a quantity above the store's limit is sold only after a yes. */
export function QuantityConfirm() {
  const confirming = useCounter((s) => s.confirming);
  const line = useCounter((s) => s.lines.find((l) => l.productId === s.confirming?.productId));
  const confirmQuantity = useCounter((s) => s.confirmQuantity);
  const declineQuantity = useCounter((s) => s.declineQuantity);
  const locale = useStoreSettings().data?.locale;
  const t = useT();
  if (!confirming || !line) return null;
  const n = new Intl.NumberFormat(locale).format(confirming.quantity);
  const no = () => {
    declineQuantity();
    requestAnimationFrame(() => {
      // The line's quantity field, by the name Cart gives it.
      const input = document.querySelector<HTMLInputElement>(`input[aria-label="${CSS.escape(t('counter.quantityOf', { name: line.name }))}"]`);
      if (input) input.focus();
      else focusScan();
    });
  };
  return (
    <Dialog
      open
      title={t('counter.sellQuantityTitle', { quantity: n, name: line.name })}
      description={t('counter.quantityConfirmDescription')}
      onClose={no}
      footer={
        <>
          <Button onClick={no}>{t('counter.changeQuantity')}</Button>
          <Button
            variant="primary"
            onClick={() => {
              confirmQuantity(confirming.productId, confirming.quantity);
              focusScan();
            }}
          >
            {t('counter.sellQuantity', { quantity: n })}
          </Button>
        </>
      }
    >
      <p>{t('counter.quantityTimes', { quantity: n, item: line.name })}</p>
    </Dialog>
  );
}
