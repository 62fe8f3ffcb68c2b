/** Contract issues about the cart, in plain words for the cashier. */

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

const labels: Record<string, string> = {
  quantity: 'Quantity',
  productId: 'Product',
  line: 'This line',
  'customer.name': 'Customer name',
  'customer.email': 'Email',
  'customer.phone': 'Phone',
  note: 'Note',
  lines: 'The order',
};

/**
 * One issue (`field` is the last part of its path: quantity, productId, customer.email, note …)
 * as a sentence: "Quantity can be at most 100,000.", "Enter a valid email address …".
 */
export function plainIssue(field: string, message: string): string {
  const msg = message.trim();
  if (field === 'quantity') {
    if (/too big|<=|at most/i.test(msg)) return 'Quantity can be at most 100,000.';
    if (/too small|>=|at least/i.test(msg)) return 'Quantity must be at least 1.';
    if (/largest supported amount/i.test(msg)) return 'This quantity makes the line total larger than Tessera can record.';
    if (/expected number|integer|int/i.test(msg)) return 'Quantity must be a whole number.';
  }
  if (field === 'productId' && /no product with id/i.test(msg)) return 'This product no longer exists. Remove it from the cart.';
  if (field === 'customer.email') return 'Enter a valid email address, like name@example.com.';
  if (field === 'customer.name' && /empty/i.test(msg)) return 'Type the customer’s name, or clear the email and phone.';
  const label = labels[field];
  if (label && /^at (most|least)\b/i.test(msg)) return sentence(`${label} can have ${msg}`);
  if (label && /^(is|must|should|cannot|can't|has|does)\b/i.test(msg)) return sentence(`${label} ${msg}`);
  return sentence(msg);
}
