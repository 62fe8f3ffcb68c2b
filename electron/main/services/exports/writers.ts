/**
 * One writer per format. Each writes the rows of an export query to a (temporary)
 * file: CSV and NDJSON through large synchronous chunks, XLSX through exceljs's
 * streaming WorkbookWriter. Runs in the export worker.
 */
import type ExcelJS from 'exceljs';
import fs from 'node:fs';
import { csvField, currencyDigits, currencyNumFmt, decimalString, neutralise } from './format';
import type { Column } from './kinds';

export interface RowWriter {
  /** Writes one row of the query (columns in order; NDJSON: one JSON text). */
  row(values: unknown[]): void;
  /** True when output is waiting to be flushed: the caller awaits drain() before more rows. */
  backlogged(): boolean;
  drain(): Promise<void>;
  /** Completes the file (flushed and synced to disk) and returns its size in bytes. */
  finish(): Promise<number>;
  /** Stops without completing; the caller removes the file. */
  abort(): Promise<void>;
}

const CHUNK = 1 << 20;

/** Appends text to a file descriptor in ~1 MB chunks. */
class ChunkedFile {
  private buf = '';
  bytes = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.buf += text;
    if (this.buf.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0) return;
    const data = Buffer.from(this.buf, 'utf8');
    this.buf = '';
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(this.fd, data, offset, data.length - offset);
    this.bytes += data.length;
  }

  finish(): number {
    this.flush();
    fs.fsyncSync(this.fd);
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

/** CSV (RFC 4180): UTF-8, optional BOM, a header row, CRLF line ends. */
export class CsvWriter implements RowWriter {
  private readonly out: ChunkedFile;
  private readonly types: Uint8Array;
  private readonly currencyAt: number;
  private lastCurrency = '';
  private lastDigits = 2;

  constructor(fd: number, columns: Column[], bom: boolean) {
    this.out = new ChunkedFile(fd);
    this.types = Uint8Array.from(columns, (c) => (c.type === 'int' ? INT : c.type === 'money' ? MONEY : c.type === 'text' ? TEXT : PLAIN));
    this.currencyAt = columns.findIndex((c) => c.type === 'currency');
    this.out.write(`${bom ? '\ufeff' : ''}${columns.map((c) => csvField(c.header)).join(',')}\r\n`);
  }

  row(values: unknown[]): void {
    const currency = values[this.currencyAt];
    if (currency !== this.lastCurrency) {
      this.lastCurrency = String(currency);
      this.lastDigits = currencyDigits(this.lastCurrency);
    }
    const types = this.types;
    let line = '';
    for (let i = 0; i < types.length; i++) {
      const v = values[i];
      let cell: string;
      if (v === null || v === undefined) cell = '';
      else {
        switch (types[i]) {
          case INT:
            cell = String(v);
            break;
          case MONEY:
            cell = decimalString(v as number, this.lastDigits);
            break;
          case TEXT:
            cell = csvField(neutralise(String(v)));
            break;
          default:
            cell = csvField(String(v));
        }
      }
      line = i === 0 ? cell : `${line},${cell}`;
    }
    this.out.write(`${line}\r\n`);
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

/** NDJSON: one JSON object a line (made by the query). */
export class NdjsonWriter implements RowWriter {
  private readonly out: ChunkedFile;

  constructor(fd: number) {
    this.out = new ChunkedFile(fd);
  }

  row(values: unknown[]): void {
    this.out.write(`${values[0] as string}\n`);
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
 * number format), times are dates, text is inline and neutralised.
 */
export class XlsxWriter implements RowWriter {
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
      header: c.header,
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
          xml += inlineString(ref, neutralise(String(v)));
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
