import { describe, expect, it } from 'vitest';
import { createScanGuard, type ScanGuard, type ScanStep } from '../../renderer/src/features/counter/scanner';

/** Feeds `text` then Enter, `gap` ms apart from `start`; returns every step and the text released by the idle timer. */
function feed(guard: ScanGuard, text: string, gap: number, start = 1000): { steps: ScanStep[]; typed: string } {
  const steps: ScanStep[] = [];
  let typed = '';
  let at = start;
  for (const ch of text) {
    const step = guard.key(ch, at, true);
    if (step.kind !== 'scan') typed += step.release;
    steps.push(step);
    at += gap;
    // The page's timer fires when the gap has passed without a key.
    if (gap >= 30) typed += guard.idle(at - 1);
  }
  const enter = guard.key('Enter', at, false);
  if (enter.kind !== 'scan') typed += enter.release;
  steps.push(enter);
  return { steps, typed };
}

describe('scan guard', () => {
  it('a 13-digit burst 5 ms apart ending in Enter is a scan; nothing is typed', () => {
    const { steps, typed } = feed(createScanGuard(), '5012345678900', 5);
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '5012345678900' });
    expect(typed).toBe('');
  });

  it('a person typing 20.00 at 80 ms a key, then Enter: every key is released as typed and Enter passes', () => {
    const { steps, typed } = feed(createScanGuard(), '20.00', 80);
    expect(typed).toBe('20.00');
    expect(steps.at(-1)).toEqual({ kind: 'pass', release: '' });
  });

  it('a short fast run (two keys rolled together) is typing, not a scan', () => {
    const guard = createScanGuard();
    expect(guard.key('1', 0, true)).toEqual({ kind: 'hold', release: '' });
    expect(guard.key('2', 10, true)).toEqual({ kind: 'hold', release: '' });
    expect(guard.key('Enter', 15, false)).toEqual({ kind: 'pass', release: '12' });
  });

  it('a method key (3) at the start of a burst is never released on its own', () => {
    const guard = createScanGuard();
    expect(guard.key('3', 0, true).release).toBe('');
    // The timer of the first key fires while the burst goes on: nothing is released.
    expect(guard.idle(20)).toBe('');
    for (const [i, ch] of [...'45678'].entries()) expect(guard.key(ch, 5 * (i + 1), true).release).toBe('');
    expect(guard.key('Enter', 30, false)).toEqual({ kind: 'scan', code: '345678' });
  });

  it('a burst without Enter is released as typed once the gap passes', () => {
    const guard = createScanGuard();
    for (const [i, ch] of [...'98765'].entries()) guard.key(ch, i * 5, true);
    expect(guard.idle(50)).toBe('98765');
    expect(guard.held).toBe('');
  });

  it('a slow key after a held run releases the run and holds the new key', () => {
    const guard = createScanGuard();
    guard.key('4', 0, true);
    expect(guard.key('7', 200, true)).toEqual({ kind: 'hold', release: '4' });
    expect(guard.held).toBe('7');
  });

  it('Enter after a pause is not a scan, even after a long fast run', () => {
    const guard = createScanGuard();
    for (const [i, ch] of [...'123456'].entries()) guard.key(ch, i * 5, true);
    expect(guard.key('Enter', 200, false)).toEqual({ kind: 'pass', release: '123456' });
  });

  it('the gap and length can be set', () => {
    const guard = createScanGuard({ gapMs: 10, minLength: 2 });
    guard.key('1', 0, true);
    guard.key('2', 5, true);
    expect(guard.key('Enter', 9, false)).toEqual({ kind: 'scan', code: '12' });
  });
});
