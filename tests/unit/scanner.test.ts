import { describe, expect, it } from 'vitest';
import { createScanGuard, type ScanGuard, type ScanStep } from '../../renderer/src/features/counter/scanner';

/**
 * Feeds `text` then Enter with the given gaps (one number: every gap) from `start`; `idleAfter`
 * lists the indexes of keys after which the page's timer fires before the next key arrives (a
 * page that fell behind). Returns every step and the text typed (released) on the way.
 */
function feed(guard: ScanGuard, text: string, gaps: number | number[], { start = 1000, idleAfter = [] as number[] } = {}): { steps: ScanStep[]; typed: string } {
  const gapAt = (i: number) => (typeof gaps === 'number' ? gaps : gaps[i]!);
  const steps: ScanStep[] = [];
  let typed = '';
  let at = start;
  [...text].forEach((ch, i) => {
    const step = guard.key(ch, at, true);
    if (step.kind !== 'scan') typed += step.release;
    steps.push(step);
    if (idleAfter.includes(i)) typed += guard.idle();
    at += gapAt(i);
  });
  const enter = guard.key('Enter', at, false);
  if (enter.kind !== 'scan') typed += enter.release;
  steps.push(enter);
  return { steps, typed };
}

describe('scan guard', () => {
  it('a 13-digit burst 5 ms apart ending in Enter is a scan; nothing is typed', () => {
    const { steps, typed } = feed(createScanGuard(), '5012345678900', 5);
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '5012345678900', takeBack: 0 });
    expect(typed).toBe('');
  });

  it('a person typing 20.00 at 80 ms a key, then Enter: every key is typed and Enter passes', () => {
    const { steps, typed } = feed(createScanGuard(), '20.00', 80, { idleAfter: [0, 1, 2, 3, 4] });
    expect(typed).toBe('20.00');
    expect(steps.at(-1)).toEqual({ kind: 'pass', release: '' });
  });

  it('a person typing a whole barcode at 50 ms a key (the fastest measured), then Enter, is typing', () => {
    const { steps, typed } = feed(createScanGuard(), '4006381333962', 50);
    expect(typed).toBe('4006381333962');
    expect(steps.at(-1)?.kind).toBe('pass');
  });

  it('a short fast run (two keys rolled together) is typing, not a scan', () => {
    const guard = createScanGuard();
    expect(guard.key('1', 0, true)).toEqual({ kind: 'hold', release: '' });
    expect(guard.key('2', 10, true)).toEqual({ kind: 'hold', release: '' });
    expect(guard.key('Enter', 15, false)).toEqual({ kind: 'pass', release: '12' });
  });

  it('a method key (3) at the start of a burst is never released on its own while the burst goes on', () => {
    const guard = createScanGuard();
    expect(guard.key('3', 0, true)).toEqual({ kind: 'hold', release: '' });
    for (const [i, ch] of [...'45678'].entries()) expect(guard.key(ch, 5 * (i + 1), true)).toEqual({ kind: 'hold', release: '' });
    expect(guard.key('Enter', 30, false)).toEqual({ kind: 'scan', code: '345678', takeBack: 0 });
  });

  it('a page that fell behind released the first keys of a burst: the scan takes them back', () => {
    // Stamped 3 ms apart by the keyboard, handled late: the page's timer fired after the 4th and 9th key.
    const { steps, typed } = feed(createScanGuard(), '4006381333962', 3, { idleAfter: [3, 8] });
    expect(typed).toBe('400638133');
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '4006381333962', takeBack: 9 });
  });

  it('one late key in the middle of a burst does not break it', () => {
    const gaps = [3, 3, 3, 90, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    const { steps, typed } = feed(createScanGuard(), '4006381333962', gaps);
    expect(typed).toBe('4006');
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '4006381333962', takeBack: 4 });
  });

  it('what was typed before a long pause is not part of the next scan and stays typed', () => {
    const guard = createScanGuard();
    guard.key('2', 0, true);
    expect(guard.idle()).toBe('2');
    const { steps, typed } = feed(guard, '40063813', 3, { start: 1000 });
    expect(typed).toBe('');
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '40063813', takeBack: 0 });
  });

  it('keys a person typed just before a burst stay typed; the scan is the burst', () => {
    const gaps = [90, 90, 90, 90, 120, ...Array<number>(12).fill(3), 3];
    const { steps, typed } = feed(createScanGuard(), '20.004006381333962', gaps, { idleAfter: [0, 1, 2, 3, 4] });
    expect(typed).toBe('20.00');
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '4006381333962', takeBack: 0 });
  });

  it('a burst without Enter is released as typed when the timer finds no next key', () => {
    const guard = createScanGuard();
    for (const [i, ch] of [...'98765'].entries()) guard.key(ch, i * 5, true);
    expect(guard.idle()).toBe('98765');
    expect(guard.held).toBe('');
  });

  it('a slow key after a held run releases the run and holds the new key', () => {
    const guard = createScanGuard();
    guard.key('4', 0, true);
    expect(guard.key('7', 200, true)).toEqual({ kind: 'hold', release: '4' });
    expect(guard.held).toBe('7');
  });

  it('Enter after a long pause is not a scan, even after a long fast run', () => {
    const guard = createScanGuard();
    for (const [i, ch] of [...'123456'].entries()) guard.key(ch, i * 5, true);
    expect(guard.key('Enter', 400, false)).toEqual({ kind: 'pass', release: '123456' });
  });

  it('Shift (a scanner typing capitals) does not end the run', () => {
    const guard = createScanGuard();
    let at = 0;
    for (const ch of 'PEN-BLUE') {
      guard.key('Shift', at, false);
      guard.key(ch, at + 1, true);
      at += 4;
    }
    expect(guard.key('Enter', at, false)).toEqual({ kind: 'scan', code: 'PEN-BLUE', takeBack: 0 });
  });

  it('the gap and length can be set', () => {
    const guard = createScanGuard({ gapMs: 10, minLength: 2 });
    guard.key('1', 0, true);
    guard.key('2', 5, true);
    expect(guard.key('Enter', 9, false)).toEqual({ kind: 'scan', code: '12', takeBack: 0 });
  });
});
