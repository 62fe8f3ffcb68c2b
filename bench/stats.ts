/** Timing helpers for the benchmarks: figures, not pass/fail. */
export interface Timing {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), mean: round(mean) };
}

export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Runs `fn` `n` times (after `warmup` untimed runs) and returns its latencies in ms. */
export async function time(n: number, fn: (i: number) => unknown, warmup = Math.min(20, n)): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export interface Row {
  name: string;
  figure: string;
  target: string;
  met: boolean | null;
}

export function printTable(rows: Row[]): void {
  const w = [Math.max(...rows.map((r) => r.name.length)), Math.max(...rows.map((r) => r.figure.length)), Math.max(...rows.map((r) => r.target.length))];
  for (const r of rows) {
    const mark = r.met === null ? ' ' : r.met ? '✓' : '✗';
    console.log(`${mark} ${r.name.padEnd(w[0] ?? 0)}  ${r.figure.padStart(w[1] ?? 0)}  ${r.target.padEnd(w[2] ?? 0)}`);
  }
}
