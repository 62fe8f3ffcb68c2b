import fs from 'node:fs';
import path from 'node:path';

/**
 * The fonts shipped under resources/fonts. DejaVu Sans (regular and bold) has every letter of the
 * document languages (en it fr de es pt: ß ç ã õ ñ à è ì ò ù é ê â ô ü, the typographic quotes,
 * € and °/º) and the Arabic glyphs, but pdfkit neither joins nor reorders Arabic: Arabic documents come later.
 */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

let found: string | null = null;

/**
 * The folder of the shipped fonts: `resources/fonts` of the packaged app (extraResources),
 * else the nearest `resources/fonts` above this file (the source tree, the HTTP host, tests, `out/`).
 */
export function fontsDir(): string {
  if (found) return found;
  const candidates: string[] = [];
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(path.join(packaged, 'fonts'));
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
    if (path.dirname(dir) === dir) break;
  }
  const dir = candidates.find((d) => fs.existsSync(path.join(d, FONT_FILES.regular)));
  if (!dir) throw new Error(`The invoice fonts (${FONT_FILES.regular}) were not found in: ${candidates.join(', ')}`);
  found = dir;
  return dir;
}

/**
 * Takes the folder its core found (the PDF worker): a worker thread need not see the packaged
 * app's `process.resourcesPath`, and then need not search at all.
 */
export function useFontsDir(dir: string): void {
  found = dir;
}

export function fontPath(which: keyof typeof FONT_FILES): string {
  return path.join(fontsDir(), FONT_FILES[which]);
}
