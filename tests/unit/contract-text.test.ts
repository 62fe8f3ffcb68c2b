import { expect, test } from 'vitest';
import { longText, text } from '../../shared/contract/common';

test('text fields refuse lone surrogates (SQLite would rewrite them) and keep real Unicode', () => {
  expect(text(50).safeParse('a\ud800b').success).toBe(false);
  expect(longText(50).safeParse('note \udc00').success).toBe(false);
  expect(text(50).parse('Zoë — 東京 € 😀')).toBe('Zoë — 東京 € 😀');
});

test('text fields refuse control characters; notes keep newlines and tabs', () => {
  expect(text(50).safeParse('a\u0007b').success).toBe(false);
  expect(text(50).safeParse('two\nlines').success).toBe(false);
  expect(longText(50).parse('two\nlines\tand a tab')).toBe('two\nlines\tand a tab');
});
