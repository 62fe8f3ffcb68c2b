import { useEffect, useMemo, useState } from 'react';
import type { Approval } from '../../../../shared/contract/approval';
import { approvesAlone, type ApprovalNeed } from '../../../../shared/domain/discountPolicy';
import { approvalWhy } from '../counter/approvalWhy';
import { useCartPricing } from '../counter/pricing';
import { soldAsHeld, useCounter, useCounterCurrency } from '../counter/store';
import { cartApprovalNeeds } from '../counter/totals';
import { ApprovalFields, approvalErrors, approvalInput, emptyApproval, useApprovalFocus, type ApprovalDraft, type ApprovalErrors, type ApprovalReason } from '../session/ApprovalFields';
import { useSession } from '../session/store';
import { useT } from '../../i18n';

/**
 * What a manager must approve before the cart is sold or held, by the core's own rule: nothing
 * for a manager or an admin, nor for a reopened held order still selling what it sold (the
 * approval it was held with stands).
 */
export function useCartApprovalNeeds(): ApprovalNeed[] {
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const asHeld = useCounter(soldAsHeld);
  const role = useSession((s) => s.user?.role);
  const { rules, maxPercent } = useCartPricing();
  return useMemo(() => ((role && approvesAlone(role)) || asHeld ? [] : cartApprovalNeeds(lines, orderDiscount, rules, maxPercent)), [role, asHeld, lines, orderDiscount, rules, maxPercent]);
}

/**
 * A manager's approval for the sale's discounts, overrides or sales below cost beyond the
 * cashier's limit: asked up front by the core's own rule, or after the store refused without it,
 * or always (`asked`: a Hold the store refused). `take()` is the approval to send (undefined:
 * none needed), or null when its fields are not complete (their errors shown, the focus there);
 * `focus()` puts the focus on the first field to type.
 */
export function useSaleApproval(busy: boolean, refused: ApprovalReason | undefined, refusedWhy: string | null, asked = false) {
  const t = useT();
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const currency = useCounterCurrency();
  const { maxPercent } = useCartPricing();
  const needs = useCartApprovalNeeds();
  const [draft, setDraft] = useState<ApprovalDraft>(emptyApproval);
  const [errors, setErrors] = useState<ApprovalErrors>({});
  const { usernameRef, secretRef, focusApproval } = useApprovalFocus(busy);
  const needed = asked || needs.length > 0 || refused !== undefined;

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

  const focus = () => focusApproval(draft.username.trim() ? 'secret' : 'username');

  const why = approvalWhy(needs, lines, orderDiscount, maxPercent, currency, t) || refusedWhy || t('payment.managerMustApprove');
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
  return { needed, element, take, focus };
}
