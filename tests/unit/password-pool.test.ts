import { expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { BoundedPool } from '../../electron/core/services/passwords';

/** A task the test finishes by hand. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, task: () => done };
}

test('runs one task at a time, in order; beyond the queue a task is refused at once with a retry time', async () => {
  const pool = new BoundedPool({ concurrency: 1, maxWaitMs: 10_000, maxQueue: 2, initialMs: 100 });
  const order: number[] = [];
  const gates = [gate(), gate(), gate()];
  const runs = gates.map((g, i) => pool.run(async () => {
    order.push(i);
    await g.task();
  }));
  expect(pool.stats()).toMatchObject({ running: 1, waiting: 2 });

  const refused = await pool.run(() => Promise.resolve()).then(() => null, (err: unknown) => err);
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).code).toBe('RATE_LIMITED');
  expect((refused as AppError).details).toEqual({ retryAfterMs: 1000 });
  expect((refused as AppError).message).toMatch(/try again in 1 second\./i);

  for (const g of gates) g.open();
  await Promise.all(runs);
  expect(order).toEqual([0, 1, 2]);
  expect(pool.stats()).toMatchObject({ running: 0, waiting: 0, completed: 3 });
});

test('refuses a task whose estimated wait is too long, and a failing task frees its slot', async () => {
  const pool = new BoundedPool({ concurrency: 1, maxWaitMs: 250, maxQueue: 100, initialMs: 100 });
  const first = gate();
  const running = pool.run(first.task);
  const second = pool.run(() => Promise.reject(new Error('boom'))); // waits 100 ms by estimate
  const third = pool.run(() => Promise.resolve('third')); // 200 ms
  await expect(pool.run(() => Promise.resolve())).rejects.toMatchObject({ code: 'RATE_LIMITED' }); // 300 ms > 250
  first.open();
  await running;
  await expect(second).rejects.toThrow('boom');
  await expect(third).resolves.toBe('third');
  expect(pool.stats()).toMatchObject({ running: 0, waiting: 0 });
});
