/** An invoice's states, without zod, so the renderer can list them without loading the contract's schemas. */
export const invoiceStatuses = ['PENDING', 'PAID', 'CANCELLED'] as const;
