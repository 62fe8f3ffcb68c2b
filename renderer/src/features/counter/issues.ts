/** Contract issues about the cart, in plain words for the cashier. */
import { t as translate, type MessageId, type Translate } from '../../i18n';

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** What each field is called, in the cashier's language. */
const labels: Record<string, MessageId> = {
  quantity: 'common.quantity',
  productId: 'counter.issueFieldProduct',
  line: 'counter.issueFieldLine',
  'customer.name': 'counter.customerName',
  'customer.email': 'counter.email',
  'customer.phone': 'counter.phone',
  note: 'common.note',
  lines: 'counter.issueFieldOrder',
};

/**
 * One issue (`field` is the last part of its path: quantity, productId, customer.email, note …)
 * as a sentence: "Quantity can be at most 100,000.", "Enter a valid email address …".
 */
export function plainIssue(field: string, message: string, t: Translate = translate, english: string = message): string {
  // The core's English tells what the issue is; the user reads `message`, in their language.
  const msg = english.trim();
  if (field === 'quantity') {
    if (/too big|<=|at most/i.test(msg)) return t('counter.issueQuantityAtMost');
    if (/too small|>=|at least/i.test(msg)) return t('counter.issueQuantityAtLeast');
    if (/largest supported amount/i.test(msg)) return t('counter.issueQuantityTooLarge');
    if (/expected number|integer|int/i.test(msg)) return t('counter.issueQuantityWhole');
  }
  if (field === 'productId' && /no product with id/i.test(msg)) return t('counter.issueProductGone');
  if (field === 'customer.email') return t('counter.issueEmail');
  if (field === 'customer.name' && /empty/i.test(msg)) return t('counter.customerNameNeeded');
  const label = labels[field];
  const text = message.trim();
  if (label && /^at (most|least)\b/i.test(msg)) return sentence(t('counter.issueCanHave', { field: t(label), message: text }));
  if (label && /^(is|must|should|cannot|can't|has|does)\b/i.test(msg)) return sentence(t('counter.issueFieldMessage', { field: t(label), message: text }));
  return sentence(text);
}
