/**
 * One writer per format. Each writes the rows of an export query to a (temporary)
 * file: CSV and NDJSON through large synchronous chunks, XLSX through exceljs's
 * streaming WorkbookWriter. Runs in the export worker.
 */
import type ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { csvField, currencyDigits, currencyNumFmt, decimalString, majorUnits, neutralise } from './format';
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
type XlsxEncoder = (value: unknown) => XlsxCell;

/** Bytes waiting in the zip and file streams before rows wait for them. */
const XLSX_BACKLOG = 8 << 20;
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"';

/**
 * XLSX through exceljs's streaming writer: numbers as numbers (money in major units
 * with a currency number format), times as dates, text neutralised, a frozen header row.
 */
export class XlsxWriter implements RowWriter {
  private readonly file: fs.WriteStream;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly encoders: XlsxEncoder[];
  private readonly currencyAt: number;
  private readonly moneyAt: number[];
  private failure: Error | null = null;

  /** `currency` sets the money columns' format; rows in another currency get their own. */
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
    private readonly currency: string,
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
    this.currencyAt = columns.findIndex((c) => c.type === 'currency');
    this.moneyAt = columns.flatMap((c, i) => (c.type === 'money' ? [i] : []));
    this.sheet.columns = columns.map((c) => ({
      header: c.header,
      key: c.header,
      width: c.width,
      style: c.type === 'money' ? { numFmt: currencyNumFmt(currency) } : c.type === 'time' ? { numFmt: TIME_FORMAT } : {},
    }));
    this.sheet.getRow(1).font = { bold: true };
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    this.encoders = columns.map((c): XlsxEncoder => {
      switch (c.type) {
        case 'int':
          return (v) => (v === null || v === undefined ? null : (v as number));
        case 'time':
          return (v) => (v === null || v === undefined ? null : new Date(v as string));
        case 'text':
          return (v) => (v === null || v === undefined ? null : neutralise(String(v)));
        default:
          return (v) => (v === null || v === undefined ? null : String(v));
      }
    });
  }

  row(values: unknown[]): void {
    const cells: XlsxCell[] = new Array<XlsxCell>(values.length);
    for (let i = 0; i < values.length; i++) cells[i] = this.encoders[i]!(values[i]);
    const currency = String(values[this.currencyAt]);
    const digits = currencyDigits(currency);
    for (const i of this.moneyAt) {
      const v = values[i];
      cells[i] = v === null || v === undefined ? null : majorUnits(v as number, digits);
    }
    const row = this.sheet.addRow(cells);
    if (currency !== this.currency) {
      const numFmt = currencyNumFmt(currency);
      for (const i of this.moneyAt) row.getCell(i + 1).numFmt = numFmt;
    }
    row.commit();
  }

  /** The zip entry's pending input plus the file stream's: exceljs does not apply backpressure itself. */
  private pending(): number {
    const sheetStream = (this.sheet as unknown as { stream?: { pipes?: Writable[] } }).stream;
    const zipInput = sheetStream?.pipes?.[0]?.writableLength ?? 0;
    return zipInput + this.file.writableLength;
  }

  backlogged(): boolean {
    if (this.failure) throw this.failure;
    return this.pending() > XLSX_BACKLOG;
  }

  async drain(): Promise<void> {
    while (this.pending() > XLSX_BACKLOG / 2) {
      if (this.failure) throw this.failure;
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
