/**
 * Setting the head office from Admin → Head office (the desktop app): what the screen offers
 * whom, and what an attach that failed says under the URL field. Pure, so the choices are
 * unit-tested; the screen passes whether the user may call headOffice.attach / .detach.
 */
import type { HeadOfficeStatus } from '../../../../shared/contract/headOffice';
import { formErrors } from '../../api/fields';
import { t as translate, type Translate } from '../../i18n';

/**
 * How a detached till gets a head office, as this screen says it:
 * - `form`: here, by pasting the URL (an admin on the desktop app);
 * - `askAdmin`: here too, but by an administrator (a manager on the desktop app);
 * - `atStart`: when the host starts (`tessera serve --head-office`), not from the app.
 * Null while a head office is attached.
 */
export type AttachMode = 'form' | 'askAdmin' | 'atStart';

export function attachMode(status: Pick<HeadOfficeStatus, 'state' | 'settable'>, mayAttach: boolean): AttachMode | null {
  if (status.state !== 'detached') return null;
  if (!status.settable) return 'atStart';
  return mayAttach ? 'form' : 'askAdmin';
}

/** Whether the screen offers "Stop shipping to this head office": attached, on the desktop app, to an admin. */
export function offersDetach(status: Pick<HeadOfficeStatus, 'state' | 'settable'>, mayDetach: boolean): boolean {
  return status.settable && status.state !== 'detached' && mayDetach;
}

/** What the field says before anything is sent: an empty field asks for the URL (the rest is the core's to check). */
export function urlProblem(url: string, t: Translate = translate): string | null {
  return url.trim() === '' ? t('errors.headOfficeUrlFormat') : null;
}

/**
 * A failed headOffice.attach as one sentence under the URL field, in the user's language: the
 * URL's own issue (VALIDATION on `url`), or why the head office said no or could not be
 * reached (CONFLICT: headOfficeUnreachable, headOfficeNoKeychain, headOfficeSetAtStart).
 * Never the URL itself: the core's messages name the head office by host and database only.
 */
export function attachErrorText(err: unknown, urlLabel: string, t: Translate = translate): string {
  const { fields, general } = formErrors(err, { url: urlLabel });
  return [fields.url, general].filter(Boolean).join(' ') || t('errors.somethingWrong');
}
