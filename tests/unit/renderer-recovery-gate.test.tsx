/**
 * The damaged screen appears while the app runs: the core switches to recovery the moment
 * a call or its background check meets damage, and the gate, asking the health again every
 * few seconds, replaces the app with the damaged screen.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import type { Health } from '../../shared/contract/system';

const answers = vi.hoisted(() => ({ health: { status: 'ok', version: 'test', schemaVersion: 1 } as Health, calls: [] as string[] }));

vi.mock('../../renderer/src/api', () => ({
  api: {
    call: (method: string) => {
      answers.calls.push(method);
      if (method === 'system.health') return Promise.resolve(answers.health);
      if (method === 'system.backups') return Promise.resolve({ items: [] });
      return Promise.reject(new Error(`unexpected ${method}`));
    },
  },
}));

const { HEALTH_POLL_MS, RecoveryGate } = await import('../../renderer/src/features/backup/RecoveryGate');
const { api } = await import('../../renderer/src/api');
const { createQueryClient, DataProvider } = await import('../../renderer/src/data');

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

test('a store that becomes damaged while the app runs shows the damaged screen within one poll', async () => {
  vi.useFakeTimers();
  render(
    <DataProvider client={{ call: api.call, onPush: () => () => undefined }} queryClient={createQueryClient()}>
      <RecoveryGate>
        <p>The counter</p>
      </RecoveryGate>
    </DataProvider>,
  );
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
  expect(screen.getByText('The counter')).toBeTruthy();

  // One poll while healthy: the app stays.
  await act(async () => {
    await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS);
  });
  expect(screen.getByText('The counter')).toBeTruthy();

  answers.health = { status: 'corrupt', version: 'test', schemaVersion: 0, problem: 'database disk image is malformed' };
  await act(async () => {
    await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS);
  });
  // The answer reaches the query cache, which tells its screens a moment later.
  await act(async () => {
    await vi.advanceTimersByTimeAsync(1);
  });
  expect(screen.queryByText('The counter')).toBeNull();
  expect(screen.getByRole('heading', { name: 'The database is damaged' })).toBeTruthy();

  // Once damaged, no more polling.
  const polls = answers.calls.filter((m) => m === 'system.health').length;
  await act(async () => {
    await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS * 3);
  });
  expect(answers.calls.filter((m) => m === 'system.health').length).toBe(polls);
});
