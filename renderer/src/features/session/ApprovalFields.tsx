import { useEffect, useId, useRef, useState, type Ref } from 'react';
import type { Approval } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { t as translate, useT } from '../../i18n';
import { TextField } from '../../ui';
import './approval.css';

/**
 * The approval's fields' refs, and `focusApproval(field)`: a refused approval puts the focus on
 * its field once the form is enabled again (`busy` false).
 */
export function useApprovalFocus(busy: boolean) {
  const usernameRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const [focusNext, setFocusNext] = useState<{ n: number; field: 'username' | 'secret' | null }>({ n: 0, field: null });
  useEffect(() => {
    if (busy || focusNext.field === null) return;
    (focusNext.field === 'username' ? usernameRef : secretRef).current?.focus();
  }, [focusNext, busy]);
  const focusApproval = (field: 'username' | 'secret') => setFocusNext((f) => ({ n: f.n + 1, field }));
  return { usernameRef, secretRef, focusApproval };
}

/** A manager's approval as typed at the till: their username and PIN (or password). */
export interface ApprovalDraft {
  username: string;
  kind: 'pin' | 'password';
  secret: string;
}

export const emptyApproval: ApprovalDraft = { username: '', kind: 'pin', secret: '' };

export interface ApprovalErrors {
  username?: string;
  secret?: string;
}

/** The approval to send, or the fields' errors when it is not complete. */
export function approvalInput(d: ApprovalDraft): { approval: Approval } | { errors: ApprovalErrors } {
  const username = d.username.trim().toLowerCase();
  const errors: ApprovalErrors = {};
  if (!username) errors.username = translate('session.approvalUsernameMissing');
  if (d.kind === 'pin' && !/^\d{4,8}$/.test(d.secret)) errors.secret = translate('session.approvalPinFormat');
  if (d.kind === 'password' && d.secret === '') errors.secret = translate('session.approvalPasswordMissing');
  if (errors.username || errors.secret) return { errors };
  return { approval: d.kind === 'pin' ? { username, pin: d.secret } : { username, password: d.secret } };
}

export type ApprovalReason = 'APPROVAL_REQUIRED' | 'APPROVAL_INVALID' | 'APPROVAL_NOT_MANAGER';

/** The approval refusal an error is (FORBIDDEN/… with details.reason), or null for any other error. */
export function approvalReason(err: unknown): ApprovalReason | null {
  const reason = err instanceof ApiError ? (err.details as { reason?: unknown } | undefined)?.reason : undefined;
  return reason === 'APPROVAL_REQUIRED' || reason === 'APPROVAL_INVALID' || reason === 'APPROVAL_NOT_MANAGER' ? reason : null;
}

/** An approval refusal, on the field it is about. */
export function approvalErrors(reason: ApprovalReason, draft: ApprovalDraft): ApprovalErrors {
  if (reason === 'APPROVAL_INVALID') return { secret: translate(draft.kind === 'pin' ? 'session.approvalWrongPin' : 'session.approvalWrongPassword') };
  if (reason === 'APPROVAL_NOT_MANAGER') return { username: translate('session.approvalNotManager') };
  return draft.username.trim() ? {} : { username: translate('session.approvalRequired') };
}

export interface ApprovalFieldsProps {
  value: ApprovalDraft;
  onChange: (value: ApprovalDraft) => void;
  errors: ApprovalErrors;
  /** Why a manager is asked (shown under the title). */
  why: string;
  disabled?: boolean;
  usernameRef?: Ref<HTMLInputElement>;
  secretRef?: Ref<HTMLInputElement>;
}

/**
 * A manager's approval at the till (the `approval` of the contract): the manager types their
 * username and PIN, or their password, on the cashier's screen. Fields only: the screen sends it.
 */
export function ApprovalFields({ value, onChange, errors, why, disabled = false, usernameRef, secretRef }: ApprovalFieldsProps) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="approval" disabled={disabled}>
      <legend className="approval__title">{t('session.managerApproval')}</legend>
      <p className="approval__why">{why}</p>
      <div className="approval__kinds" role="radiogroup" aria-label={t('session.approveWith')}>
        {(['pin', 'password'] as const).map((k) => (
          <label key={k} className={`approval__kind${value.kind === k ? ' is-checked' : ''}`}>
            <input type="radio" name={`${id}-kind`} checked={value.kind === k} onChange={() => onChange({ ...value, kind: k, secret: '' })} />
            {t(k === 'pin' ? 'session.pin' : 'session.password')}
          </label>
        ))}
      </div>
      <div className="approval__fields">
        <TextField
          ref={usernameRef}
          label={t('session.managerUsername')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={value.username}
          onChange={(e) => onChange({ ...value, username: e.target.value })}
          error={errors.username}
        />
        <TextField
          ref={secretRef}
          label={t(value.kind === 'pin' ? 'session.managerPin' : 'session.managerPassword')}
          type="password"
          inputMode={value.kind === 'pin' ? 'numeric' : undefined}
          autoComplete="off"
          value={value.secret}
          onChange={(e) => onChange({ ...value, secret: e.target.value })}
          error={errors.secret}
        />
      </div>
    </fieldset>
  );
}
