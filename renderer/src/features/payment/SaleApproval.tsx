import { useEffect, useState } from 'react';
import type { Approval } from '../../../../shared/contract/approval';
import { approvesAlone } from '../../../../shared/domain/discountPolicy';
import { approvalWhy } from '../counter/approvalWhy';
import { useCartPricing } from '../counter/pricing';
import { useCounter, useCounterCurrency } from '../counter/store';
import { cartApprovalNeeds } from '../counter/totals';
import { ApprovalFields, approvalErrors, approvalInput, emptyApproval, useApprovalFocus, type ApprovalDraft, type ApprovalErrors, type ApprovalReason } from '../session/ApprovalFields';
import { useSession } from '../session/store';

/**
 * A manager's approval for the sale's discounts, overrides or sales below cost beyond the
 * cashier's limit: asked up front by the core's own rule, or after the store refused without it.
 * `take()` is the approval to send (undefined: none needed), or null when its fields are not
 * complete (their errors shown, the focus there).
 */
export function useSaleApproval(busy: boolean, refused: ApprovalReason | undefined, refusedWhy: string | null) {
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const role = useSession((s) => s.user?.role);
  const currency = useCounterCurrency();
  const { rules, maxPercent } = useCartPricing();
  const needs = role && approvesAlone(role) ? [] : cartApprovalNeeds(lines, orderDiscount, rules, maxPercent);
  const [draft, setDraft] = useState<ApprovalDraft>(emptyApproval);
  const [errors, setErrors] = useState<ApprovalErrors>({});
  const { usernameRef, secretRef, focusApproval } = useApprovalFocus(busy);
  const needed = needs.length > 0 || refused !== undefined;

  // The store refused the approval (or asked for one): on its field, a wrong secret cleared.
  useEffect(() => {
    if (!refused) return;
    setErrors(approvalErrors(refused, draft));
    if (refused === 'APPROVAL_INVALID') setDraft((d) => ({ ...d, secret: '' }));
    focusApproval(refused === 'APPROVAL_INVALID' ? 'secret' : draft.username.trim() ? 'secret' : 'username');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refused]);

  const take = (): Approval | undefined | null => {
    if (!needed) return undefined;
    const given = approvalInput(draft);
    if ('errors' in given) {
      setErrors(given.errors);
      focusApproval(given.errors.username ? 'username' : 'secret');
      return null;
    }
    return given.approval;
  };

  const why = approvalWhy(needs, lines, orderDiscount, maxPercent, currency) || refusedWhy || 'A manager must approve this sale.';
  const element = needed ? (
    <ApprovalFields
      value={draft}
      onChange={(d) => {
        setDraft(d);
        setErrors({});
      }}
      errors={errors}
      why={why}
      disabled={busy}
      usernameRef={usernameRef}
      secretRef={secretRef}
    />
  ) : null;
  return { needed, element, take };
}
