/** How money was taken. A voucher tender names its voucher (tender.code); a refund as voucher issues one. */
export const paymentMethods = ['cash', 'card', 'other', 'voucher'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Money in (a payment) or out (a refund of one). */
export const paymentKinds = ['payment', 'refund'] as const;
export type PaymentKind = (typeof paymentKinds)[number];
