/** Who a user is to the store: the database column, the contract and the access lists read this. */
export const roles = ['admin', 'manager', 'cashier', 'support'] as const;
export type Role = (typeof roles)[number];

/** Everyone who takes sales at the counter. */
export const sellers = ['admin', 'manager', 'cashier'] as const satisfies readonly Role[];
/** Those who read the books without selling: exports, payment lists. */
export const backOffice = ['admin', 'manager', 'support'] as const satisfies readonly Role[];
/** Those who change the store's set-up: products, users, settings, backups. */
export const managers = ['admin', 'manager'] as const satisfies readonly Role[];
