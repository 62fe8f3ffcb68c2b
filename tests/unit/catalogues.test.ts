/**
 * The catalogues (shared/i18n/catalogues/<language>/<area>.json): every shipped language has
 * exactly English's keys, every message is valid ICU, and a translation uses the same
 * placeholders as the English it translates (a missing {amount} would print a blank sum).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, test } from 'vitest';
import { areas, english, uiLanguages } from '../../shared/i18n';

const root = path.join(__dirname, '../../shared/i18n/catalogues');

function read(language: string, area: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(root, language, `${area}.json`), 'utf8')) as Record<string, string>;
}

/** The names of a message's arguments ({amount}, {count, plural, …}, <b>…</b>), sorted. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

test('the catalogue folders are exactly the shipped languages and areas', () => {
  expect(fs.readdirSync(root).sort()).toEqual([...uiLanguages].sort());
  for (const language of uiLanguages) expect(fs.readdirSync(path.join(root, language)).sort(), language).toEqual(areas.map((a) => `${a}.json`).sort());
});

for (const language of uiLanguages) {
  describe(language, () => {
    for (const area of areas) {
      test(`${area}: the same keys as English, valid ICU, the same placeholders`, () => {
        const reference = english[area] as Record<string, string>;
        const mine = read(language, area);
        expect(Object.keys(mine).sort(), `${language}/${area}.json keys`).toEqual(Object.keys(reference).sort());
        for (const [key, text] of Object.entries(mine)) {
          expect(typeof text, `${area}.${key}`).toBe('string');
          expect(text.trim(), `${language} ${area}.${key} is empty`).not.toBe('');
          const args = [...argumentsOf(parse(text))].sort();
          expect(args, `${language} ${area}.${key}: placeholders`).toEqual([...argumentsOf(parse(reference[key]!))].sort());
        }
      });
    }
  });
}
