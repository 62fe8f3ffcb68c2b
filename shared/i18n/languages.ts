/**
 * The languages Tessera speaks. A language is what the words are in; the store's locale
 * (settings.locale) is how dates, numbers and money are written: separate settings.
 */
export const uiLanguages = ['en', 'it', 'fr', 'de', 'es', 'pt', 'ar'] as const;
export type Language = (typeof uiLanguages)[number];

/** Documents (receipt, invoice, credit note, Z report, XLSX labels): Arabic documents come later (the PDF fonts do not shape it yet). */
export const documentLanguages = ['en', 'it', 'fr', 'de', 'es', 'pt'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

/** Each language's name in itself: what a speaker looks for in a list. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  it: 'Italiano',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  pt: 'Português',
  ar: 'العربية',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (uiLanguages as readonly string[]).includes(value);
}

/** Written right to left: the UI mirrors (dir="rtl"). */
export function isRtl(language: Language): boolean {
  return language === 'ar';
}
