import { describe, expect, test } from 'vitest';
import { createCrashReload } from '../../electron/main/crashReload';

describe('a crashed window page is reloaded, but not in a loop', () => {
  test('a crash reloads; a clean exit or a kill does not', () => {
    const reload = createCrashReload({ now: () => 0 });
    expect(reload('crashed')).toBe(true);
    expect(reload('oom')).toBe(true);
    expect(reload('clean-exit')).toBe(false);
    expect(reload('killed')).toBe(false);
  });

  test('the fourth death within a minute is left alone; a minute later it reloads again', () => {
    let t = 0;
    const reload = createCrashReload({ limit: 3, windowMs: 60_000, now: () => t });
    expect([reload('crashed'), reload('crashed'), reload('crashed'), reload('crashed')]).toEqual([true, true, true, false]);
    t = 61_000;
    expect(reload('crashed')).toBe(true);
  });
});
