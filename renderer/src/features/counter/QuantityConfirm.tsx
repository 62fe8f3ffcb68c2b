import { useStoreSettings } from '../../data';
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
  if (!confirming || !line) return null;
  const n = new Intl.NumberFormat(locale).format(confirming.quantity);
  const no = () => {
    declineQuantity();
    requestAnimationFrame(() => {
      const input = document.querySelector<HTMLInputElement>(`input[aria-label="Quantity of ${CSS.escape(line.name)}"]`);
      if (input) input.focus();
      else focusScan();
    });
  };
  return (
    <Dialog
      open
      title={`Sell ${n} × ${line.name}?`}
      description="That is more than this store usually sells in one line. Check the quantity."
      onClose={no}
      footer={
        <>
          <Button onClick={no}>Change the quantity</Button>
          <Button
            variant="primary"
            onClick={() => {
              confirmQuantity(confirming.productId, confirming.quantity);
              focusScan();
            }}
          >
            Sell {n}
          </Button>
        </>
      }
    >
      <p>
        {n} × {line.name}
      </p>
    </Dialog>
  );
}
