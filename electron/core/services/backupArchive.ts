/**
 * The compressed backup file (`<name>.backup`): a 64-byte header, then the bytes of a checked
 * database snapshot compressed with Brotli (node:zlib). Both ways are streams: a store of
 * several GB never sits in memory, and the compression runs on libuv's threads, so sales go on.
 *
 * Header: the magic `TESSBAK` and the format version (1), the snapshot's length (uint64,
 * big-endian), the SHA-256 of the snapshot's bytes, 16 reserved zero bytes. Brotli carries no
 * checksum of its own: the header's hash is what proves that reading the file gives back
 * exactly the snapshot that passed quick_check (a flipped bit, a file cut short).
 *
 * Brotli at quality 4 with a 16 MiB window: on a bench store it compresses 5.2×, in about
 * the time gzip -6 takes for 3.7×, so 14 daily backups fit in under 3× the store
 * (docs/backups.md has the figures).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** The ending of a compressed backup's name (older backups are plain `.db` databases). */
export const ARCHIVE_EXT = '.backup';
const MAGIC = Buffer.from('TESSBAK\x01', 'latin1');
const HEADER_BYTES = 64;
const FILE_MODE = 0o600;
const QUALITY = 4;
const WINDOW_BITS = 24;

/** The file is not a readable backup: damaged, cut short, or not one at all. `message` says which, in English. */
export class ArchiveDamagedError extends Error {}

interface Digest {
  length: number;
  sha256: string;
}

/** Passes bytes through, counting and hashing them; fails past `limit` bytes (a file that decompresses to more than it records). */
class DigestTap extends Transform {
  private readonly hash = crypto.createHash('sha256');
  private length = 0;

  constructor(private readonly limit = Number.MAX_SAFE_INTEGER) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.length += chunk.length;
    if (this.length > this.limit) return done(new ArchiveDamagedError(`it holds more than the ${this.limit} bytes recorded`));
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): Digest {
    return { length: this.length, sha256: this.hash.digest('hex') };
  }
}

function encodeHeader(d: Digest): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeBigUInt64BE(BigInt(d.length), 8);
  Buffer.from(d.sha256, 'hex').copy(header, 16);
  return header;
}

/** The first bytes of `file` as a header; null when they are not one. */
function readHeader(file: string): Digest | null {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  } finally {
    fs.closeSync(fd);
  }
  return { length: Number(header.readBigUInt64BE(8)), sha256: header.subarray(16, 48).toString('hex') };
}

/** Whether `file` is a compressed backup (by its header, whatever its name). */
export function isArchive(file: string): boolean {
  try {
    return readHeader(file) !== null;
  } catch {
    return false;
  }
}

/** Creates `file` empty, private and exclusive. */
function createPrivate(file: string): void {
  const fd = fs.openSync(file, 'wx', FILE_MODE);
  try {
    fs.fchmodSync(fd, FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `header` at the start of `file` (when given) and syncs the file to disk. */
function syncFile(file: string, header?: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  try {
    if (header) fs.writeSync(fd, header, 0, header.length, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Compresses the database file `snapshot` into `target` (a new file, 0600, synced). Returns what its header records. */
export async function writeArchive(snapshot: string, target: string): Promise<Digest> {
  createPrivate(target);
  const tap = new DigestTap();
  const compress = zlib.createBrotliCompress({
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(snapshot).size,
    },
  });
  await pipeline(fs.createReadStream(snapshot, { highWaterMark: 1 << 20 }), tap, compress, fs.createWriteStream(target, { flags: 'r+', start: HEADER_BYTES }));
  const digest = tap.digest();
  // The header last: a file cut short by a crash has none, and is never taken for a backup.
  syncFile(target, encodeHeader(digest));
  return digest;
}

/**
 * Decompresses `file` into the stream `sink()` makes, checking that the bytes are the length
 * and hash its header records (and, with `expected`, that the header is the one written).
 * ArchiveDamagedError when they are not; any other error (the sink's disk full) as it is.
 */
async function readArchive(file: string, sink: () => Writable, expected?: Digest): Promise<void> {
  const header = readHeader(file);
  if (!header) throw new ArchiveDamagedError('it has no backup header');
  if (expected && (expected.length !== header.length || expected.sha256 !== header.sha256)) throw new ArchiveDamagedError('its header is not the one written');
  const tap = new DigestTap(header.length);
  const decompress = zlib.createBrotliDecompress();
  let undecodable: Error | null = null;
  decompress.once('error', (err) => (undecodable = err));
  try {
    await pipeline(fs.createReadStream(file, { start: HEADER_BYTES, highWaterMark: 1 << 20 }), decompress, tap, sink());
  } catch (err) {
    if (undecodable) throw new ArchiveDamagedError(`the compressed data cannot be read: ${(undecodable as Error).message}`);
    throw err;
  }
  const got = tap.digest();
  if (got.length !== header.length) throw new ArchiveDamagedError(`it holds ${got.length} bytes of the ${header.length} recorded`);
  if (got.sha256 !== header.sha256) throw new ArchiveDamagedError('its contents do not match the checksum recorded in it');
}

/** Reads the whole of `file` back and checks it (nothing is written). */
export function verifyArchive(file: string, expected?: Digest): Promise<void> {
  const discard = () =>
    new Writable({
      write(_chunk: Buffer, _encoding, done) {
        done();
      },
    });
  return readArchive(file, discard, expected);
}

/**
 * Decompresses `file` into `target` (a new file, 0600, synced): the database as it was
 * snapshotted. Nothing is left at `target` when it fails.
 */
export async function expandArchive(file: string, target: string): Promise<void> {
  createPrivate(target);
  try {
    await readArchive(file, () => fs.createWriteStream(target, { flags: 'r+', highWaterMark: 1 << 20 }));
    syncFile(target);
  } catch (err) {
    try {
      fs.rmSync(target, { force: true });
    } catch {
      // the caller removes what a failed restore staged
    }
    throw err;
  }
}
