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

type XlsxCell = string | number | Date | null;
/** The internals of exceljs's StreamBuf the writer watches (exceljs applies no backpressure). */
interface SheetBuffer {
  buffers?: { length: number }[];
  pipes?: { _writableState?: { length: number }; _readableState?: { length: number } }[];
  _flush?: () => void;
}
type CellStyle = Partial<ExcelJS.Style>;

/** Bytes waiting in the zip and file streams before rows wait for them. */
const XLSX_BACKLOG = 8 << 20;
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"';

/**
 * XLSX through exceljs's streaming writer: numbers as numbers (money in major units
 * with a currency number format), times as dates, text neutralised, a frozen header row.
 *
 * Every cell gets one of a few shared style objects: exceljs caches a style's id by the
 * object's identity, and a fresh object per cell (its default) costs more than the rest
 * of the row.
 */
export class XlsxWriter implements RowWriter {
  private readonly file: fs.WriteStream;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly types: Uint8Array;
  private readonly currencyAt: number;
  /** Per column, the shared style of its cells (money columns: in the default currency). */
  private readonly styles: CellStyle[];
  /** Money styles of other currencies. */
  private readonly moneyStyles = new Map<string, CellStyle>();
  private lastCurrency = '';
  private lastDigits = 2;
  private lastMoneyStyle: CellStyle;
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
    this.currencyAt = columns.findIndex((c) => c.type === 'currency');
    this.lastMoneyStyle = this.moneyStyle(currency);
    const plain: CellStyle = {};
    const time: CellStyle = { numFmt: TIME_FORMAT };
    this.styles = columns.map((c) => (c.type === 'money' ? this.lastMoneyStyle : c.type === 'time' ? time : plain));
    this.lastCurrency = currency;
    this.lastDigits = currencyDigits(currency);
    this.sheet.columns = columns.map((c, i) => ({ header: c.header, key: c.header, width: c.width, style: this.styles[i] }));
    this.sheet.getRow(1).font = { bold: true };
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  }

  private moneyStyle(currency: string): CellStyle {
    let style = this.moneyStyles.get(currency);
    if (!style) {
      style = { numFmt: currencyNumFmt(currency) };
      this.moneyStyles.set(currency, style);
    }
    return style;
  }

  row(values: unknown[]): void {
    const currency = values[this.currencyAt];
    if (currency !== this.lastCurrency) {
      this.lastCurrency = String(currency);
      this.lastDigits = currencyDigits(this.lastCurrency);
      this.lastMoneyStyle = this.moneyStyle(this.lastCurrency);
    }
    const types = this.types;
    const unit = 10 ** this.lastDigits;
    // Empty cells stay undefined: exceljs then makes no cell for them at all.
    const cells: (XlsxCell | undefined)[] = new Array<XlsxCell | undefined>(types.length);
    for (let i = 0; i < types.length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) {
        switch (types[i]) {
          case INT:
            cells[i] = v as number;
            break;
          case MONEY:
            // The correctly rounded quotient: the same double as parsing the exact decimal.
            cells[i] = (v as number) / unit;
            break;
          case TIME:
            cells[i] = new Date(v as string);
            break;
          case TEXT:
            cells[i] = neutralise(String(v));
            break;
          default:
            cells[i] = String(v);
        }
      }
    }
    const row = this.sheet.addRow(cells);
    for (let i = 0; i < types.length; i++) {
      if (cells[i] !== undefined) row.getCell(i + 1).style = types[i] === MONEY ? this.lastMoneyStyle : this.styles[i]!;
    }
    row.commit();
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
    while (this.pending() > XLSX_BACKLOG / 4) {
      if (this.failure) throw this.failure;
      const sheet = this.sheetBuffer();
      if (sheet?.pipes?.length) sheet._flush?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async finish(): Promise<number> {
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
