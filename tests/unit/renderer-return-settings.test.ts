import { describe, expect, it } from 'vitest';
import { reasonsOf, reasonsProblem, reasonsText, sameReasons } from '../../renderer/src/features/settings/returnSettings';

describe('the return reasons typed in Settings', () => {
  it('are one a line, trimmed, without empty lines or repeats (any case)', () => {
    expect(reasonsOf(' Damaged \r\n\nWrong size\n  \ndamaged\nChanged mind')).toEqual(['Damaged', 'Wrong size', 'Changed mind']);
    expect(reasonsOf('')).toEqual([]);
    expect(reasonsText(['Damaged', 'Wrong size'])).toBe('Damaged\nWrong size');
  });

  it('are at most 30, each at most 80 characters', () => {
    expect(reasonsProblem(Array.from({ length: 30 }, (_, i) => `Reason ${i}`).join('\n'))).toBeNull();
    expect(reasonsProblem(Array.from({ length: 31 }, (_, i) => `Reason ${i}`).join('\n'))).toBe('At most 30 reasons (31 typed).');
    expect(reasonsProblem(`Fine\n${'x'.repeat(81)}`)).toMatch(/longer than 80 characters/);
  });

  it('compare in order', () => {
    expect(sameReasons(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameReasons(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});
