import { formatMoney, formatRate } from '../../../../shared/domain/currency';

/** How a document writes money, rates and times: the invoice's currency, the store's locale and time zone. */
export class DocFormat {
  private readonly dateFmt: Intl.DateTimeFormat;
  private readonly dateTimeFmt: Intl.DateTimeFormat;

  constructor(
    readonly currency: string,
    readonly locale: string,
    readonly timeZone: string,
  ) {
    this.dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    this.dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  }

  /** Integer minor units of the currency → "€12.56" (negative → "-€12.56"). */
  money(minor: number): string {
    return formatMoney(minor, this.currency, this.locale);
  }

  /** Basis points → "20%". */
  rate(bp: number): string {
    return formatRate(bp, this.locale);
  }

  date(isoTime: string): string {
    return this.dateFmt.format(new Date(isoTime));
  }

  dateTime(isoTime: string): string {
    return this.dateTimeFmt.format(new Date(isoTime));
  }
}

export const methodLabels = { cash: 'Cash', card: 'Card', other: 'Other' } as const;
