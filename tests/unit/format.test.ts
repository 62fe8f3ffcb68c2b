import { describe, expect, test } from 'vitest';
import { decimalSeparator, groupSeparator, nextDay, StoreFormat, storeDayStart } from '../../shared/domain/format';
import { fromBound, toBound } from '../../electron/core/services/paging';
import { parseMoney, setMoneyLocale, toMoneyInput } from '../../renderer/src/ui/money';

const iso = (ms: number) => new Date(ms).toISOString();

describe('StoreFormat', () => {
  const rome = new StoreFormat('it-IT', 'Europe/Rome', 'EUR');
  const us = new StoreFormat('en-US', 'UTC', 'USD');

  test('dates and times in the store locale and zone, not the machine', () => {
    expect(rome.dateTime('2026-12-06T02:17:00.000Z')).toBe('6 dic 2026, 03:17');
    expect(rome.date('2026-12-06T23:30:00.000Z')).toBe('7 dic 2026');
    expect(rome.time('2026-12-06T02:17:05.000Z')).toBe('03:17');
    expect(rome.time('2026-12-06T02:17:05.000Z', true)).toBe('03:17:05');
    expect(us.dateTime('2026-12-06T02:17:00.000Z')).toBe('Dec 6, 2026, 2:17 AM');
    expect(rome.day('2026-12-06T23:30:00.000Z')).toBe('2026-12-07');
  });

  test('summer time: the same wall clock is one hour less from UTC', () => {
    expect(rome.dateTime('2026-07-01T10:00:00.000Z')).toBe('1 lug 2026, 12:00');
    expect(rome.dateTime('2026-01-01T10:00:00.000Z')).toBe('1 gen 2026, 11:00');
  });

  test('an unreadable time is shown as given, not as "Invalid Date"', () => {
    expect(rome.dateTime('soon')).toBe('soon');
  });

  test('numbers and money in the locale, 0-digit and 3-digit currencies exact', () => {
    expect(rome.number(1234567)).toBe('1.234.567');
    expect(us.number(1234567)).toBe('1,234,567');
    expect(rome.money(4727)).toBe('47,27\u00a0€');
    expect(us.money(4727)).toBe('$47.27');
    expect(us.money(120_000, 'JPY')).toBe('¥120,000');
    expect(new StoreFormat('ja-JP', 'Asia/Tokyo', 'JPY').money(1200)).toBe('￥1,200');
    expect(us.money(1_234, 'BHD')).toBe('BHD\u00a01.234');
    expect(rome.money(-4727)).toBe('-47,27\u00a0€');
  });

  test('separators of the locale', () => {
    expect(decimalSeparator('it-IT')).toBe(',');
    expect(groupSeparator('it-IT')).toBe('.');
    expect(decimalSeparator('en-US')).toBe('.');
    expect(decimalSeparator('de-CH')).toBe('.');
  });
});

describe('storeDayStart: a day starts at the store midnight', () => {
  test('an ordinary day in Rome starts at 23:00Z the day before (winter), 22:00Z (summer)', () => {
    expect(iso(storeDayStart('2026-12-06', 'Europe/Rome'))).toBe('2026-12-05T23:00:00.000Z');
    expect(iso(storeDayStart('2026-07-01', 'Europe/Rome'))).toBe('2026-06-30T22:00:00.000Z');
    expect(iso(storeDayStart('2026-12-06', 'UTC'))).toBe('2026-12-06T00:00:00.000Z');
    expect(iso(storeDayStart('2026-12-06', 'America/New_York'))).toBe('2026-12-06T05:00:00.000Z');
    expect(iso(storeDayStart('2026-12-06', 'Asia/Kathmandu'))).toBe('2026-12-05T18:15:00.000Z');
  });

  test('DST days in Rome are 23 and 25 hours long', () => {
    const spring = storeDayStart(nextDay('2026-03-29')!, 'Europe/Rome') - storeDayStart('2026-03-29', 'Europe/Rome');
    const autumn = storeDayStart(nextDay('2026-10-25')!, 'Europe/Rome') - storeDayStart('2026-10-25', 'Europe/Rome');
    expect(spring).toBe(23 * 3_600_000);
    expect(autumn).toBe(25 * 3_600_000);
    expect(iso(storeDayStart('2026-03-29', 'Europe/Rome'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(storeDayStart('2026-03-30', 'Europe/Rome'))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(storeDayStart('2026-10-26', 'Europe/Rome'))).toBe('2026-10-25T23:00:00.000Z');
  });

  test('where the clocks skip midnight (Santiago, 00:00 → 01:00) the day starts at the change', () => {
    // Chile moves to summer time on the first Sunday of September at 24:00: 2026-09-06 starts at 01:00 local (-03).
    const start = storeDayStart('2026-09-06', 'America/Santiago');
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
    expect(new StoreFormat('es-CL', 'America/Santiago').day(start - 1)).toBe('2026-09-05');
  });

  test('where the clocks go back at midnight (Santiago, April), the day before gets the extra hour', () => {
    // At 2026-04-05 00:00 (-03) the clocks go back to 2026-04-04 23:00 (-04): the 5th begins at 00:00 -04.
    expect(iso(storeDayStart('2026-04-05', 'America/Santiago'))).toBe('2026-04-05T04:00:00.000Z');
  });

  test('next day across months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  test('the far ends of the calendar: years below 100 are themselves, and 9999-12-31 has no next day', () => {
    expect(iso(storeDayStart('0050-01-01', 'UTC'))).toBe('0050-01-01T00:00:00.000Z');
    expect(nextDay('0099-12-31')).toBe('0100-01-01');
    expect(nextDay('9999-12-31')).toBeNull();
  });

  test('filter bounds at the far ends stay 4-digit timestamps that compare as text', () => {
    expect(toBound('9999-12-31', 'America/Los_Angeles')).toBe('9999-12-31T23:59:59.999Z');
    expect(toBound('9999-12-31T23:59:59.999Z', 'UTC')).toBe('9999-12-31T23:59:59.999Z');
    expect(fromBound('0000-01-01', 'Asia/Tokyo')).toBe('0000-01-01T00:00:00.000Z');
    expect(toBound('2026-12-06', 'Europe/Rome')).toBe('2026-12-06T23:00:00.000Z');
  });
});

describe('amount inputs follow the store locale (renderer/src/ui/money)', () => {
  test('it-IT shows "47,27" and reads "47,27", "47.27" and "1.234,56"', () => {
    setMoneyLocale('it-IT');
    try {
      expect(toMoneyInput(4727, 'EUR')).toBe('47,27');
      expect(toMoneyInput(1200, 'JPY')).toBe('1200');
      expect(parseMoney('47,27', 'EUR')).toBe(4727);
      expect(parseMoney('47.27', 'EUR')).toBe(4727);
      expect(parseMoney('1.234,56', 'EUR')).toBe(123456);
      expect(parseMoney(toMoneyInput(123456, 'EUR'), 'EUR')).toBe(123456);
      expect(parseMoney('1.23,4', 'EUR')).toBeNull();
      expect(parseMoney('1.234', 'EUR')).toBeNull();
      expect(parseMoney('12,345', 'EUR')).toBeNull();
      expect(parseMoney('', 'EUR')).toBeNull();
    } finally {
      setMoneyLocale(undefined);
    }
  });

  test('en-US shows "47.27" and reads "1,234.56"; fr-FR reads its narrow-space groups', () => {
    setMoneyLocale('en-US');
    expect(toMoneyInput(4727, 'USD')).toBe('47.27');
    expect(parseMoney('1,234.56', 'USD')).toBe(123456);
    expect(parseMoney('47,27', 'USD')).toBe(4727);
    setMoneyLocale('fr-FR');
    expect(toMoneyInput(4727, 'EUR')).toBe('47,27');
    expect(parseMoney('1\u202f234,56', 'EUR')).toBe(123456);
    expect(parseMoney('1 234,56', 'EUR')).toBe(123456);
    setMoneyLocale(undefined);
  });
});
