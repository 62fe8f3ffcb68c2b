/**
 * A confirm dialog's button (useConfirm): busy while the action runs, a failure said and the
 * button given back, the last failure cleared on the next try.
 */
import { act, renderHook } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useConfirm } from '../../renderer/src/ui/useConfirm';

test('busy while the action runs, and still busy after a success (the dialog is closing)', async () => {
  let finish = () => {};
  const { result } = renderHook(() => useConfirm(() => new Promise<void>((resolve) => (finish = resolve))));
  let done = Promise.resolve();
  act(() => {
    done = result.current.run();
  });
  expect(result.current.busy).toBe(true);
  await act(async () => {
    finish();
    await done;
  });
  expect(result.current).toMatchObject({ busy: true, error: null });
});

test('a failure is said and the button given back; the next try clears it', async () => {
  let fail: unknown = new Error('The disk is full.');
  const { result } = renderHook(() =>
    useConfirm(async () => {
      if (fail) throw fail;
    }),
  );
  await act(() => result.current.run());
  expect(result.current).toMatchObject({ busy: false, error: 'The disk is full.' });
  fail = 'not an Error';
  await act(() => result.current.run());
  expect(result.current.error).toBe('not an Error');
  fail = null;
  await act(() => result.current.run());
  expect(result.current).toMatchObject({ busy: true, error: null });
});

test('a failure that is not an Error takes the fallback words when given', async () => {
  const { result } = renderHook(() => useConfirm(() => Promise.reject(42), 'Something went wrong.'));
  await act(() => result.current.run());
  expect(result.current).toMatchObject({ busy: false, error: 'Something went wrong.' });
});
