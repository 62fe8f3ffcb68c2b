/**
 * A PDF's text as poppler's pdftotext reads it back, for the documents tests: in reading order
 * (`-layout`, rows of tables stay rows) or drawing order (`-raw`), whitespace (Intl's
 * no-break and narrow spaces included) collapsed to single spaces.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function pdfText(base64: string, mode: '-layout' | '-raw' = '-layout'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pdftext-'));
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
