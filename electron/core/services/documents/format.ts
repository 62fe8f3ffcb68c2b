import { StoreFormat } from '../../../../shared/domain/format';
import type { PaymentMethod } from '../../../../shared/domain/payments';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { docWords, type DocWords } from './words';

/**
 * How a document writes money, rates and times: the invoice's currency, the store's locale and
 * time zone, through the one formatting module the screens and exports use.
 */
export class DocFormat extends StoreFormat {
  /** The document's words, in the store's document language. */
  readonly t: DocWords;
  constructor(currency: string, locale: string, timeZone: string, language: DocumentLanguage = 'en') {
    super(locale, timeZone, currency);
    this.t = docWords(language);
  }

  /** "Cash", "Card"…: a tender method as a label. */
  method(method: PaymentMethod): string {
    return this.t('method', { method });
  }
}
