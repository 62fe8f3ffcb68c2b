import { StoreFormat } from '../../../../shared/domain/format';

/**
 * How a document writes money, rates and times: the invoice's currency, the store's locale and
 * time zone, through the one formatting module the screens and exports use.
 */
export class DocFormat extends StoreFormat {
  constructor(currency: string, locale: string, timeZone: string) {
    super(locale, timeZone, currency);
  }
}

export const methodLabels = { cash: 'Cash', card: 'Card', other: 'Other', voucher: 'Voucher' } as const;
