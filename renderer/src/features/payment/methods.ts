import type { PaymentMethod } from '../../../../shared/contract';
import { t as translate, type MessageId, type Translate } from '../../i18n';

const labelIds: Record<PaymentMethod, MessageId> = { cash: 'common.cash', card: 'common.card', other: 'common.other', voucher: 'common.voucher' };

/** A payment method's name in the current language (or in `t`'s). */
export function methodLabel(method: PaymentMethod, t: Translate = translate): string {
  return t(labelIds[method]);
}

/** The payment methods in screen order, with the key that chooses each; `label` is read in the current language. */
export const methods: { value: PaymentMethod; label: string; key: string }[] = (
  [
    ['cash', '1'],
    ['card', '2'],
    ['other', '3'],
    ['voucher', '4'],
  ] as const
).map(([value, key]) => ({
  value,
  key,
  get label() {
    return methodLabel(value);
  },
}));
