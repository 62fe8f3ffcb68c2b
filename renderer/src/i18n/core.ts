/**
 * The UI's words, without React: FormatJS (@formatjs/intl) over the catalogues in shared/i18n.
 * One state for the whole app, so code outside React (stores, toasts, helpers) speaks the same
 * language as the screens (renderer/src/i18n/index.ts adds the hooks).
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { createStore } from 'zustand/vanilla';
import { englishMessages, type Language, type MessageId, type Messages } from '../../../shared/i18n';

export type { Language, MessageId } from '../../../shared/i18n';
/** Values a message's placeholders take: money and dates come formatted in the store's locale. */
export type MessageValues = Record<string, string | number>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

const cache = createIntlCache();

/** The locale a language's plural rules come from (Arabic with the digits the store's money and dates use). */
export function intlLocale(language: Language): string {
  return language === 'ar' ? 'ar-u-nu-latn' : language;
}

function intlFor(language: Language, messages: Messages): IntlShape {
  // A missing message is a bug npm test's catalogue check catches: shown as its id, never a crash.
  return createIntl({ locale: intlLocale(language), defaultLocale: 'en', messages, onError: () => undefined }, cache);
}

export interface I18nState {
  language: Language;
  messages: Messages;
  intl: IntlShape;
}

export const i18nStore = createStore<I18nState>(() => ({ language: 'en', messages: englishMessages, intl: intlFor('en', englishMessages) }));

let wanted: Language = 'en';

/** Where catalogues come from and how the page shows a language: the browser's (./browser.ts); English only until then. */
interface I18nHost {
  load(language: Language): Promise<Messages>;
  show(language: Language): void;
}
let host: I18nHost = { load: async () => englishMessages, show: () => undefined };

export function configureI18n(h: I18nHost): void {
  host = h;
}

/** Speaks `language` from now on (once its catalogue is in); the page's lang and dir follow. */
export async function setLanguage(language: Language): Promise<void> {
  wanted = language;
  if (i18nStore.getState().language === language) return;
  const messages = await host.load(language);
  if (wanted !== language) return;
  host.show(language);
  i18nStore.setState({ language, messages, intl: intlFor(language, messages) });
}

let storeLanguage: Language = 'en';
let userLanguage: Language | null = null;

/** The store's defaultLanguage (auth.status before sign-in, settings after): spoken unless the user chose one. */
export function adoptStoreLanguage(language: Language): Promise<void> {
  storeLanguage = language;
  return setLanguage(userLanguage ?? storeLanguage);
}

/** The signed-in user's own language (null: the store's; and on sign-out). */
export function adoptUserLanguage(language: Language | null): Promise<void> {
  userLanguage = language;
  return setLanguage(userLanguage ?? storeLanguage);
}

/** A message in the current language, outside React (stores, toasts). */
export const t: Translate = (id, values) => i18nStore.getState().intl.formatMessage({ id }, values);
