/**
 * Code 128, code set B (printable ASCII): the barcode of receipts (the invoice number the Returns
 * screen scans, a voucher's code). Pure TypeScript so the core (ESC/POS, the receipt page, the
 * PDF) and the renderer draw the same bars; no canvas and no DOM.
 */

/** Bar and space widths (in modules) of each symbol value 0..106; 106 is the stop (with its final bar). */
const WIDTHS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

export const START_B = 104;
export const STOP = 106;
/** Light modules each side that a scanner needs to find the symbol (10 × the module, the standard's minimum). */
export const QUIET_ZONE = 10;

/** True when every character of `data` is in code set B (space to DEL excluded: 0x20..0x7e). */
export function isCode128B(data: string): boolean {
  return data.length > 0 && /^[\x20-\x7e]+$/.test(data);
}

/** The symbol values: start B, one per character, the checksum (mod 103, weighted by position), stop. */
export function code128Values(data: string): number[] {
  if (!isCode128B(data)) throw new RangeError(`Code 128 set B takes printable ASCII only: ${JSON.stringify(data)}`);
  const values = [START_B, ...Array.from(data, (c) => c.charCodeAt(0) - 32)];
  const checksum = values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
  return [...values, checksum, STOP];
}

/** Alternating bar/space widths in modules, starting with a bar (and ending with the stop's bar). */
export function code128Widths(data: string): number[] {
  return code128Values(data).flatMap((v) => Array.from(WIDTHS[v]!, Number));
}

/** The symbol as modules: '1' dark, '0' light, without quiet zones (11 per symbol, 13 for the stop). */
export function code128Modules(data: string): string {
  return code128Widths(data)
    .map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w))
    .join('');
}

export interface Bar {
  /** Offset from the left edge of the symbol (its quiet zone included), in modules. */
  x: number;
  width: number;
}

/** The dark bars, placed after a left quiet zone; `modules` is the whole width, both quiet zones included. */
export function code128Bars(data: string, quietZone = QUIET_ZONE): { bars: Bar[]; modules: number } {
  const bars: Bar[] = [];
  let x = quietZone;
  code128Widths(data).forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x, width: w });
    x += w;
  });
  return { bars, modules: x + quietZone };
}

/** The bars as one SVG path `height` units high, over a box `modules` wide (quiet zones included). */
export function code128Path(data: string, height: number): { modules: number; d: string } {
  const { bars, modules } = code128Bars(data);
  return { modules, d: bars.map((b) => `M${b.x} 0h${b.width}v${height}h-${b.width}z`).join('') };
}

/**
 * The symbol as one SVG element (bars as a single path), `height` modules high, scaled by the
 * caller's width/height attributes or CSS. `label` names it for screen readers.
 */
export function code128Svg(data: string, opts: { height?: number; label?: string } = {}): string {
  const height = opts.height ?? 40;
  const { modules, d } = code128Path(data, height);
  const label = (opts.label ?? data).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${modules} ${height}" preserveAspectRatio="none" role="img" aria-label="${label}" shape-rendering="crispEdges"><path fill="#000" d="${d}"/></svg>`;
}
