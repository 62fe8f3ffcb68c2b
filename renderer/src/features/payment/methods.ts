import type { PaymentMethod } from '../../../../shared/contract';

/** The payment methods in screen order, with the key that chooses each. */
export const methods: { value: PaymentMethod; label: string; key: string }[] = [
  { value: 'cash', label: 'Cash', key: '1' },
  { value: 'card', label: 'Card', key: '2' },
  { value: 'other', label: 'Other', key: '3' },
  { value: 'voucher', label: 'Voucher', key: '4' },
];

export const methodLabels: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', other: 'Other', voucher: 'Voucher' };

