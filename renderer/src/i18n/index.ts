/**
 * The UI's words for React: the hooks over ./core (which code outside React uses directly).
 */
import { useCallback } from 'react';
import { createIntl, type IntlShape } from 'react-intl';
import { useStore } from 'zustand';
import { i18nStore, intlLocale, type I18nState, type Language, type Translate } from './core';

export * from './core';

export function useI18n<T>(selector: (s: I18nState) => T): T {
  return useStore(i18nStore, selector);
}

/** A message in the current language; re-renders when the language changes. */
export function useT(): Translate {
  const intl = useI18n((s) => s.intl);
  return useCallback<Translate>((id, values) => intl.formatMessage({ id }, values), [intl]);
}

/** The current language (for a language-aware layout or a <select>). */
export function useLanguage(): Language {
  return useI18n((s) => s.language);
}

const reactIntls = new WeakMap<I18nState['messages'], IntlShape>();

/** react-intl's view of the current language, for <FormattedMessage> and rich text (elements in messages). */
export function useReactIntl(): IntlShape {
  const { language, messages } = useI18n((s) => s);
  let intl = reactIntls.get(messages);
  if (!intl || intl.locale !== intlLocale(language)) {
    intl = createIntl({ locale: intlLocale(language), defaultLocale: 'en', messages, onError: () => undefined });
    reactIntls.set(messages, intl);
  }
  return intl;
}
