/**
 * One writer per format. Each writes the rows of an export query to a (temporary)
 * file: CSV and NDJSON through large synchronous chunks, XLSX through exceljs's
 * streaming WorkbookWriter. Runs in the export worker (CSV also in its CSV thread).
 */
import type ExcelJS from 'exceljs';
import fs from 'node:fs';
import { csvField, currencyDigits, currencyNumFmt, decimalText, isFormulaStart, neutralise } from './format';
import { FIELD_SEPARATOR, type Column, type ExportQuery } from './kinds';

/** What the worker needs of every writer besides its `row` (whose row differs by format). */
export interface FileWriter {
  /** True when output is waiting to be flushed: the caller awaits drain() before more rows. */
  backlogged(): boolean;
  drain(): Promise<void>;
  /** Completes the file (flushed and synced to disk) and returns its size in bytes. */
  finish(): Promise<number>;
  /** Stops without completing; the caller removes the file. */
  abort(): Promise<void>;
}

/** Text is encoded into the file's buffer in pieces of about this many UTF-16 units… */
const PIECE = 16 << 10;
/** …and the buffer is written out when the next piece might not fit. */
const CHUNK = 1 << 20;

/**
 * Appends to a file descriptor in ~1 MB writes, either text (write: encoded into the buffer
 * every PIECE characters, as appended strings form trees that the garbage collector would
 * otherwise copy again and again while a whole megabyte of them waits) or, with room first,
 * bytes and characters straight into the buffer (byte, chars). A writer uses one or the other.
 */
class ChunkedFile {
  private text = '';
  buf = Buffer.allocUnsafe(CHUNK);
  used = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  /** Makes room in the buffer for `n` more bytes. */
  room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    this.writeBuffer();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  byte(b: number): void {
    this.buf[this.used++] = b;
  }

  /**
   * Appends characters `from` to `to` of `s` in UTF-8 (a lone surrogate as U+FFFD, as Buffer
   * does), doubling each '"' when `quotes`. Needs room for 3 bytes a character.
   */
  chars(s: string, from: number, to: number, quotes: boolean): void {
    const buf = this.buf;
    let at = this.used;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c === 0x22 && quotes) buf[at++] = 0x22;
        buf[at++] = c;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < to ? s.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[at++] = 0xf0 | (cp >> 18);
          buf[at++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[at++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[at++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          buf[at++] = 0xef;
          buf[at++] = 0xbf;
          buf[at++] = 0xbd;
        }
      }
    }
    this.used = at;
  }

  /** Appends a whole string (room included). */
  string(s: string): void {
    this.room(s.length * 3);
    this.chars(s, 0, s.length, false);
  }

  write(text: string): void {
    this.text += text;
    if (this.text.length >= PIECE) this.encode();
  }

  private encode(): void {
    const text = this.text;
    this.text = '';
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (CHUNK - this.used < text.length * 3) this.writeBuffer();
    if (text.length * 3 > CHUNK) this.writeAll(Buffer.from(text, 'utf8'));
    else this.used += this.buf.write(text, this.used, 'utf8');
  }

  private writeBuffer(): void {
    if (this.used > 0) this.writeAll(this.buf, this.used);
    this.used = 0;
  }

  private writeAll(data: Buffer, end = data.length): void {
    let offset = 0;
    while (offset < end) offset += fs.writeSync(this.fd, data, offset, end - offset);
    this.bytes += end;
  }

  flush(): void {
    if (this.text.length > 0) this.encode();
    this.writeBuffer();
  }

  /** Writes out what is buffered and syncs it to disk; returns the file's size. */
  complete(): number {
    this.flush();
    fs.fsyncSync(this.fd);
    return this.bytes;
  }

  finish(): number {
    this.complete();
    fs.closeSync(this.fd);
    return this.bytes;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

const INT = 0;
const MONEY = 1;
const TEXT = 2;
const PLAIN = 3;
const TIME = 4;

/** A value as text: '' for null. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

/** Where `char` next occurs in `text` at or after `from`; the text's length when it does not. */
function nextIndex(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i < 0 ? text.length : i;
}

/**
 * CSV (RFC 4180): UTF-8, optional BOM, a header row, CRLF line ends. A row arrives as one text
 * (see FIELD_SEPARATOR in kinds): its values are the text SQLite gives them ('' for NULL: CSV
 * shows both the same), so integers are already written and money only needs its decimal point
 * placed. The values go from that text straight into the file's buffer, character by character:
 * cutting them out and joining them up again as strings cost more than everything else here.
 * One scan of the row finds the characters that need quoting.
 */
export class CsvWriter implements FileWriter {
  private readonly out: ChunkedFile;
  private readonly types: Uint8Array;
  private readonly currencyAt: number;
  private lastCurrency = '';
  private lastDigits = 2;
  /** The current row's values where fill needs them (as cut from its text), then as fill sets them. */
  private readonly values: unknown[];
  /** Where each value of the current row starts and ends in its text. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** 1 where a value of the current row holds a character that needs quoting. */
  private readonly special: Uint8Array;
  /** 1 for the columns fill sets (written from `values`, not from the text). */
  private readonly filled: Uint8Array;

  /** `query`: the export's; its fill completes a row in place (customer fields, user names). */
  constructor(fd: number, bom: boolean, private readonly query: Pick<ExportQuery, 'columns' | 'fill' | 'filled'>) {
    const { columns } = query;
    const n = columns.length;
    this.out = new ChunkedFile(fd);
    this.types = Uint8Array.from(columns, (c) => (c.type === 'int' ? INT : c.type === 'money' ? MONEY : c.type === 'text' ? TEXT : PLAIN));
    this.currencyAt = columns.findIndex((c) => c.type === 'currency');
    this.values = columns.map(() => null);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.special = new Uint8Array(n);
    this.filled = new Uint8Array(n);
    for (const i of query.filled) this.filled[i] = 1;
    this.out.string(`${bom ? '\ufeff' : ''}${columns.map((c) => csvField(c.header)).join(',')}\r\n`);
  }

  /**
   * Writes a row from its text: the columns' values, each followed by FIELD_SEPARATOR, then the
   * row's key. False (and nothing written) when a value holds the separator itself: the caller
   * writes that row's values instead (writeValues, keyOf).
   */
  row(text: string): boolean {
    const { values, starts, ends, special, filled, types, out } = this;
    const n = types.length;
    // The next of each character that needs quoting (indexOf is much faster than a regex here).
    let quote = nextIndex(text, '"', 0);
    let comma = nextIndex(text, ',', 0);
    let cr = nextIndex(text, '\r', 0);
    let lf = nextIndex(text, '\n', 0);
    let start = 0;
    for (let i = 0; i < n; i++) {
      const end = text.indexOf(FIELD_SEPARATOR, start);
      if (end < 0) throw new Error('A CSV row has fewer values than the export has columns.');
      starts[i] = start;
      ends[i] = end;
      if (filled[i] === 1) values[i] = text.slice(start, end);
      if (quote < end || comma < end || cr < end || lf < end) {
        special[i] = 1;
        if (quote < end) quote = nextIndex(text, '"', end);
        if (comma < end) comma = nextIndex(text, ',', end);
        if (cr < end) cr = nextIndex(text, '\r', end);
        if (lf < end) lf = nextIndex(text, '\n', end);
      } else special[i] = 0;
      start = end + 1;
    }
    if (text.indexOf(FIELD_SEPARATOR, start) >= 0) return false;
    this.query.fill?.(values);
    const currencyAt = this.currencyAt;
    if (currencyAt >= 0) this.currency(text.slice(starts[currencyAt]!, ends[currencyAt]!));
    for (let i = 0; i < n; i++) {
      if (filled[i] === 1) {
        if (i > 0) out.string(',');
        this.cell(i, values[i]);
        continue;
      }
      const s = starts[i]!;
      const e = ends[i]!;
      // At most 3 bytes a character (a doubled quote is 2), then the comma, quotes, "'" and a point.
      out.room(3 * (e - s) + 8);
      if (i > 0) out.byte(0x2c);
      switch (types[i]) {
        case INT:
          out.chars(text, s, e, false);
          break;
        case MONEY:
          this.money(text, s, e);
          break;
        default: {
          const quoted = special[i] === 1;
          if (quoted) out.byte(0x22);
          // neutralise(): a leading "'" for text that a spreadsheet would run.
          if (types[i] === TEXT && s < e && isFormulaStart(text.charCodeAt(s))) out.byte(0x27);
          out.chars(text, s, e, quoted);
          if (quoted) out.byte(0x22);
        }
      }
    }
    out.string('\r\n');
    return true;
  }

  /** The key of a row's text (the integer after its last separator, whole whatever the values hold). */
  static keyOf(text: string): number {
    return Number(text.slice(text.lastIndexOf(FIELD_SEPARATOR) + 1));
  }

  /** Writes a row from its values' texts (the query's rowByKeySql). */
  writeValues(row: unknown[]): void {
    this.query.fill?.(row);
    const currencyAt = this.currencyAt;
    if (currencyAt >= 0) this.currency(textOf(row[currencyAt]));
    for (let i = 0; i < this.types.length; i++) {
      if (i > 0) this.out.string(',');
      this.cell(i, row[i]);
    }
    this.out.string('\r\n');
  }

  private currency(code: string): void {
    if (code === this.lastCurrency) return;
    this.lastCurrency = code;
    this.lastDigits = currencyDigits(code);
  }

  /** A cell from a value (a string, number or null), checked in full. */
  private cell(i: number, value: unknown): void {
    const text = textOf(value);
    switch (this.types[i]) {
      case INT:
        this.out.string(text);
        break;
      case MONEY:
        this.out.string(decimalText(text, this.lastDigits));
        break;
      case TEXT:
        this.out.string(csvField(neutralise(text)));
        break;
      default:
        this.out.string(csvField(text));
    }
  }

  /** Money from the decimal text of its minor units (characters `s` to `e`), as decimalText does; room for 2 + digits bytes. */
  private money(text: string, s: number, e: number): void {
    const out = this.out;
    const digits = this.lastDigits;
    if (digits === 0 || s === e) {
      out.chars(text, s, e, false);
      return;
    }
    if (text.charCodeAt(s) === 0x2d) {
      out.byte(0x2d);
      s++;
    }
    const point = e - digits;
    if (point > s) {
      out.chars(text, s, point, false);
      out.byte(0x2e);
      out.chars(text, point, e, false);
    } else {
      out.byte(0x30);
      out.byte(0x2e);
      for (let k = point; k < s; k++) out.byte(0x30);
      out.chars(text, s, e, false);
    }
  }

  backlogged(): boolean {
    return false;
  }

  async drain(): Promise<void> {}

  async finish(): Promise<number> {
    return this.out.finish();
  }

  /** Writes out and syncs what is buffered, but leaves the file open (to its owner); returns its size. */
  complete(): number {
    return this.out.complete();
  }

  async abort(): Promise<void> {
    this.out.close();
  }
}

/** NDJSON: one JSON object a line (made by the query). */
export class NdjsonWriter implements FileWriter {
  private readonly out: ChunkedFile;

  constructor(fd: number) {
    this.out = new ChunkedFile(fd);
  }

  row(json: string): void {
    this.out.write(`${json}\n`);
  }

  backlogged(): boolean {
    return false;
  }

  async drain(): Promise<void> {}

  async finish(): Promise<number> {
    return this.out.finish();
  }

  async abort(): Promise<void> {
    this.out.close();
  }
}

/** The internals of exceljs's streaming worksheet the writer uses (exceljs 4.4). */
interface SheetBuffer {
  buffers?: { length: number }[];
  pipes?: { _writableState?: { length: number }; _readableState?: { length: number } }[];
  _flush?: () => void;
  write(chunk: string): unknown;
}
interface StyleManager {
  addStyleModel(model: Partial<ExcelJS.Style>): number;
}

/** Bytes waiting in the zip and file streams before rows wait for them. */
const XLSX_BACKLOG = 8 << 20;
/** Row XML is handed to the sheet in chunks of about this many characters. */
const XLSX_CHUNK = 256 << 10;
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"';
const MS_PER_DAY = 86_400_000;
/** Excel's serial day number of 1970-01-01 (the 1900 date system). */
const EXCEL_EPOCH = 25_569;

/** A spreadsheet column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL_ALL = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Text as XML character data: markup escaped, CR kept as a reference, characters XML cannot hold dropped. */
export function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ESCAPES[c] ?? '') : text;
}

const EDGE_SPACE = /^\s|\s$/;

/** A text cell; spaces at its ends are kept (xml:space) where there are any. */
function inlineString(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t${EDGE_SPACE.test(text) ? ' xml:space="preserve"' : ''}>${xmlText(text)}</t></is></c>`;
}

/**
 * XLSX through exceljs's streaming WorkbookWriter: the package, styles, columns, the frozen
 * header row and the auto-filter are exceljs's; the data rows are serialised here, straight
 * into the sheet's stream, because exceljs's Row and Cell objects cost several times more
 * than the rest of the export. Numbers are numbers (money in major units with a currency
 * number format), times are dates, text is an inline string (text by its cell type, never a
 * formula, so it needs no quote in front).
 */
export class XlsxWriter implements FileWriter {
  private readonly file: fs.WriteStream;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly types: Uint8Array;
  private readonly letters: string[];
  private readonly currencyAt: number;
  private readonly styles: StyleManager;
  private readonly timeStyle: number;
  /** Style ids of the money format per currency. */
  private readonly moneyStyles = new Map<string, number>();
  private lastCurrency = '';
  private unit = 100;
  private moneyStyle = 0;
  private rowNumber = 1;
  private xml = '';
  private failure: Error | null = null;

  /** exceljs is loaded only for XLSX exports (it takes a while to load). */
  static async create(fd: number, columns: Column[], title: string, currency: string): Promise<XlsxWriter> {
    const excel = (await import('exceljs')).default;
    return new XlsxWriter(excel, fd, columns, title, currency);
  }

  private constructor(
    excel: typeof ExcelJS,
    private readonly fd: number,
    columns: Column[],
    title: string,
    currency: string,
  ) {
    this.file = fs.createWriteStream('', { fd, autoClose: false, highWaterMark: 1 << 20 });
    this.file.on('error', (err) => {
      this.failure = err;
    });
    this.workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: this.file,
      useStyles: true,
      useSharedStrings: false,
      zip: { zlib: { level: 1 } },
    });
    this.workbook.creator = 'Tessera';
    this.sheet = this.workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.types = Uint8Array.from(columns, (c) => (c.type === 'int' ? INT : c.type === 'money' ? MONEY : c.type === 'text' ? TEXT : c.type === 'time' ? TIME : PLAIN));
    this.letters = columns.map((_, i) => columnLetters(i));
    this.currencyAt = columns.findIndex((c) => c.type === 'currency');
    this.styles = (this.workbook as unknown as { styles: StyleManager }).styles;
    const moneyFormat = { numFmt: currencyNumFmt(currency) };
    const timeFormat = { numFmt: TIME_FORMAT };
    this.timeStyle = this.styles.addStyleModel(timeFormat);
    this.sheet.columns = columns.map((c) => ({
      header: c.label ?? c.header,
      key: c.header,
      width: c.width,
      style: c.type === 'money' ? moneyFormat : c.type === 'time' ? timeFormat : {},
    }));
    const header = this.sheet.getRow(1);
    header.font = { bold: true };
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    // exceljs writes the columns, opens the sheet data and writes the header row.
    header.commit();
    this.setCurrency(currency);
  }

  private setCurrency(currency: string): void {
    this.lastCurrency = currency;
    this.unit = 10 ** currencyDigits(currency);
    let id = this.moneyStyles.get(currency);
    if (id === undefined) {
      id = this.styles.addStyleModel({ numFmt: currencyNumFmt(currency) });
      this.moneyStyles.set(currency, id);
    }
    this.moneyStyle = id;
  }

  row(values: unknown[]): void {
    const currency = values[this.currencyAt];
    if (currency !== this.lastCurrency && typeof currency === 'string') this.setCurrency(currency);
    const r = ++this.rowNumber;
    const types = this.types;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < types.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      const ref = `${this.letters[i]}${r}`;
      switch (types[i]) {
        case INT:
          xml += `<c r="${ref}"><v>${v as number}</v></c>`;
          break;
        case MONEY:
          // The correctly rounded quotient: the same double as parsing the exact decimal.
          xml += `<c r="${ref}" s="${this.moneyStyle}"><v>${(v as number) / this.unit}</v></c>`;
          break;
        case TIME:
          xml += `<c r="${ref}" s="${this.timeStyle}"><v>${EXCEL_EPOCH + Date.parse(v as string) / MS_PER_DAY}</v></c>`;
          break;
        case TEXT:
          // An inline string is text by its cell type: a spreadsheet never runs it as a formula,
          // so it is written as typed ("+39 333 1234567", not "'+39…"); only CSV needs the quote.
          xml += inlineString(ref, String(v));
          break;
        default:
          xml += inlineString(ref, String(v));
      }
    }
    this.xml += `${xml}</row>`;
    if (this.xml.length >= XLSX_CHUNK) this.flushRows();
  }

  private flushRows(): void {
    if (this.xml.length === 0) return;
    this.sheetBuffer()!.write(this.xml);
    this.xml = '';
  }

  /** exceljs's buffer of the sheet's XML: it only passes data on when more is written, and never waits. */
  private sheetBuffer(): SheetBuffer | undefined {
    return (this.sheet as unknown as { stream?: SheetBuffer }).stream;
  }

  /**
   * Bytes not yet compressed and written: in the sheet's buffer, the zip entry's input (a
   * readable-stream PassThrough: its states have lengths, not writableLength) and the file stream.
   */
  private pending(): number {
    const sheet = this.sheetBuffer();
    const entry = sheet?.pipes?.[0];
    let bytes = this.file.writableLength + (entry?._writableState?.length ?? 0) + (entry?._readableState?.length ?? 0);
    for (const b of sheet?.buffers ?? []) bytes += b.length;
    return bytes;
  }

  backlogged(): boolean {
    if (this.failure) throw this.failure;
    return this.pending() > XLSX_BACKLOG;
  }

  /** Hands the sheet's buffered XML to the zip (once it reads this entry) and waits until most of it is written. */
  async drain(): Promise<void> {
    this.flushRows();
    while (this.pending() > XLSX_BACKLOG / 4) {
      if (this.failure) throw this.failure;
      const sheet = this.sheetBuffer();
      if (sheet?.pipes?.length) sheet._flush?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async finish(): Promise<number> {
    this.flushRows();
    this.sheet.commit();
    await this.workbook.commit();
    if (!this.file.writableFinished) await new Promise<void>((resolve, reject) => this.file.once('finish', resolve).once('error', reject));
    if (this.failure) throw this.failure;
    fs.fsyncSync(this.fd);
    const bytes = fs.fstatSync(this.fd).size;
    fs.closeSync(this.fd);
    return bytes;
  }

  async abort(): Promise<void> {
    (this.workbook as unknown as { zip?: NodeJS.EventEmitter }).zip?.on('error', () => undefined);
    this.file.on('error', () => undefined);
    this.file.destroy();
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
