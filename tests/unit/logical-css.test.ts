/**
 * Right-to-left ready: the renderer's styles use logical properties (margin-inline-start,
 * inset-inline-end, text-align: start…), so an Arabic screen mirrors. A physical side is allowed
 * only where a comment on its line says why (a drawn icon, a centring transform).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const root = path.join(__dirname, '../../renderer/src');
const physical = /(^|[\s;{])((margin|padding|border)-(left|right)(-[a-z]+)?|left|right|border-(top|bottom)-(left|right)-radius)\s*:|text-align:\s*(left|right)\b|float:\s*(left|right)\b/;

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cssFiles(path.join(dir, e.name)) : e.name.endsWith('.css') ? [path.join(dir, e.name)] : []));
}

test('no physical left/right in the renderer styles without a reason on the line', () => {
  const found: string[] = [];
  for (const file of cssFiles(root)) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (physical.test(line) && !line.includes('/* physical:')) found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]);
});
