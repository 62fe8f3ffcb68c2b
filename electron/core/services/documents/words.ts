/**
 * A document's words, in the store's documentLanguage (Settings), whoever prints it: the
 * `documents` catalogue of shared/i18n, through FormatJS like the screens.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import de from '../../../../shared/i18n/catalogues/de/documents.json';
import en from '../../../../shared/i18n/catalogues/en/documents.json';
import es from '../../../../shared/i18n/catalogues/es/documents.json';
import fr from '../../../../shared/i18n/catalogues/fr/documents.json';
import it from '../../../../shared/i18n/catalogues/it/documents.json';
import pt from '../../../../shared/i18n/catalogues/pt/documents.json';

export type DocKey = keyof typeof en;
export type DocWords = (key: DocKey, values?: Record<string, string | number>) => string;

const catalogues: Record<DocumentLanguage, Record<string, string>> = { en, it, fr, de, es, pt };
const cache = createIntlCache();
const made = new Map<DocumentLanguage, DocWords>();

export function docWords(language: DocumentLanguage = 'en'): DocWords {
  let words = made.get(language);
  if (!words) {
    const intl: IntlShape<string> = createIntl({ locale: language, defaultLocale: 'en', messages: { ...en, ...catalogues[language] } }, cache);
    words = (key, values) => intl.formatMessage({ id: key }, values);
    made.set(language, words);
  }
  return words;
}
