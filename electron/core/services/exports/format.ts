/**
 * Cell formatting shared by the export writers: CSV quoting (RFC 4180), the
 * CSV-injection neutraliser, and money in major units. Pure: runs in the export
 * worker and in tests.
 */

/**
 * OWASP's advice against CSV (formula) injection: a text cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote,
 * so a spreadsheet shows it as text instead of evaluating it.
 */
export function neutralise(text: string): string {
  return text.length > 0 && isFormulaStart(text.charCodeAt(0)) ? `'${text}` : text;
}

/** True for the character codes the neutraliser guards against at the start of a cell: = + - @ \t \r. */
export function isFormulaStart(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (RFC 4180): quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const digitsCache = new Map<string, number>();

/** The number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3); 2 when unknown. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

const powers = [1, 10, 100, 1000, 10_000];

/** Integer minor units as a decimal string in major units, without floating point: 123456, 2 → "1234.56". */
export function decimalString(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const negative = minor < 0;
  const abs = negative ? -minor : minor;
  const unit = powers[digits] ?? 10 ** digits;
  // abs / unit is exact enough for trunc: abs < 2^53 and the fraction is at least 1/unit from the next integer.
  const whole = Math.trunc(abs / unit);
  const frac = String(abs - whole * unit);
  return `${negative ? '-' : ''}${whole}.${frac.length < digits ? '0'.repeat(digits - frac.length) + frac : frac}`;
}

/**
 * The same from the decimal text of the integer (as SQLite writes it), by moving the point:
 * "123456", 2 → "1234.56"; "-5", 2 → "-0.05"; "" stays "".
 */
export function decimalText(minor: string, digits: number): string {
  if (digits === 0 || minor.length === 0) return minor;
  const negative = minor.charCodeAt(0) === 0x2d;
  const abs = negative ? minor.slice(1) : minor;
  const split = abs.length - digits;
  const text = split > 0 ? `${abs.slice(0, split)}.${abs.slice(split)}` : `0.${'0'.repeat(-split)}${abs}`;
  return negative ? `-${text}` : text;
}

/** Minor units as a number in major units, for spreadsheet cells (which hold doubles anyway). */
export function majorUnits(minor: number, digits: number): number {
  return digits === 0 ? minor : Number(decimalString(minor, digits));
}

/** An Excel number format that shows the amount with its currency code: `[$EUR] #,##0.00`. */
export function currencyNumFmt(currency: string): string {
  const digits = currencyDigits(currency);
  const number = digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
  const code = /^[A-Z]{3}$/.test(currency) ? currency : 'XXX';
  return `[$${code}] ${number};-[$${code}] ${number}`;
}
