import { t } from '../i18n';
import { ApiError } from './errors';

/** A failed form submission split into messages next to fields and one general message. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  general: string | null;
}

export const noErrors = { fields: {}, general: null } as const;

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Maps an error onto a form's fields by the first segment of each issue path
 * (`details.issues[].path`). Issues for unknown fields, and errors without issues,
 * go to `general`. `labels` turns fragments such as "is taken" into "Username is taken.".
 * Messages are in the user's language (ApiError.issues).
 */
export function formErrors<F extends string>(err: unknown, labels: Record<F, string>): FormErrors<F> {
  const apiError = err instanceof ApiError ? err : null;
  if (!apiError) return { fields: {}, general: err instanceof Error ? err.message : t('errors.somethingWrong') };
  const fields: Partial<Record<F, string>> = {};
  const leftover: string[] = [];
  for (const issue of apiError.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && Object.hasOwn(labels, key)) {
      const field = key as F;
      if (fields[field]) continue;
      const msg = issue.message.trim();
      // A fragment ("is taken") follows its field's label; the core's English tells which are.
      const fragment = /^(is|must|should|cannot|can't|has|does)\b/i.test(issue.serverMessage.trim());
      fields[field] = fragment ? sentence(t('errors.labelledIssue', { label: labels[field], message: msg })) : sentence(msg);
    } else {
      leftover.push(issue.message);
    }
  }
  const anyField = Object.keys(fields).length > 0;
  let general: string | null = null;
  if (!anyField) general = sentence(apiError.message);
  else if (leftover.length > 0) general = sentence(leftover.join('; '));
  return { fields, general };
}
