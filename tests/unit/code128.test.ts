/** The Code 128 (set B) encoder the receipts, the receipt page and the PDF share. */
import { describe, expect, test } from 'vitest';
import { code128Bars, code128Modules, code128Svg, code128Values, code128Widths, isCode128B, QUIET_ZONE, START_B, STOP } from '../../shared/barcode/code128';

// Reference modules ('1' dark) as an independent encoder (zint, set A/B) draws them.
const KNOWN = {
  PJJ123C: '1101001000011101110110101101110001011011100010011100110110011100101100101110010001000110111010001101100011101011',
  'INV-000042':
    '1101001000011000100010101110001101110101100010011011100100111011001001110110010011101100100111011001100100111011001110010100010111101100011101011',
  'a{b}~ ': '11010010000100101100001111011011010010000110101000111101000101111011011001100110111000101100011101011',
} as const;

describe('Code 128 set B', () => {
  test('the modules match known symbols: start B, the data, the checksum, the stop', () => {
    for (const [data, modules] of Object.entries(KNOWN)) expect(code128Modules(data), data).toBe(modules);
  });

  test('the checksum is start + Σ position × value, mod 103', () => {
    // PJJ123C: 104 + 48 + 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35 = 879 ≡ 55 (mod 103).
    expect(code128Values('PJJ123C')).toEqual([START_B, 48, 42, 42, 17, 18, 19, 35, 55, STOP]);
    expect(code128Values('INV-000042').at(-2)).toBe(94);
    expect(code128Values('A')).toEqual([START_B, 33, 34, STOP]); // 104 + 33 = 137 ≡ 34
  });

  test('every symbol is 11 modules wide, three bars and three spaces; the stop 13 with its final bar', () => {
    let all = '';
    for (let c = 0x20; c < 0x7f; c++) all += String.fromCharCode(c);
    const widths = code128Widths(all);
    const symbols = code128Values(all).length;
    expect(widths).toHaveLength((symbols - 1) * 6 + 7);
    for (let i = 0; i < symbols - 1; i++) expect(widths.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b)).toBe(11);
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]);
    expect(code128Modules(all)).toMatch(/^1.*1$/);
  });

  test('only printable ASCII is taken', () => {
    expect(isCode128B('CN-000001')).toBe(true);
    for (const bad of ['', 'Café', 'tab\there', '\x7f']) {
      expect(isCode128B(bad), JSON.stringify(bad)).toBe(false);
      expect(() => code128Values(bad)).toThrow(RangeError);
    }
  });

  test('bars sit between two quiet zones and cover exactly the dark modules', () => {
    const { bars, modules } = code128Bars('PJJ123C');
    const symbol = KNOWN.PJJ123C;
    expect(modules).toBe(symbol.length + 2 * QUIET_ZONE);
    const drawn = Array.from({ length: modules }, () => '0');
    for (const b of bars) for (let i = 0; i < b.width; i++) drawn[b.x + i] = '1';
    expect(drawn.join('')).toBe('0'.repeat(QUIET_ZONE) + symbol + '0'.repeat(QUIET_ZONE));
  });

  test('the SVG is one path over the whole symbol, labelled with escaped text', () => {
    const svg = code128Svg('a<b>&"c"', { height: 30 });
    const { bars, modules } = code128Bars('a<b>&"c"');
    expect(svg).toContain(`viewBox="0 0 ${modules} 30"`);
    expect(svg.match(/M\d+ 0h\d+v30h-\d+z/g)).toHaveLength(bars.length);
    expect(svg).toContain('aria-label="a&#60;b&#62;&#38;&#34;c&#34;"');
    expect(svg).not.toContain('<b>');
  });
});
