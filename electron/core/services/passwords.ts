import argon2 from 'argon2';
import { AppError, errorText } from '../../../shared/errors';

/** argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A queue that runs at most `concurrency` tasks at a time and refuses (RATE_LIMITED, with
 * a retry time) a task that would wait longer than `maxWaitMs` by its estimate, or find
 * `maxQueue` tasks already waiting. argon2 runs on libuv's thread pool, which file reads
 * share: one hash at a time leaves the rest of the pool (and the other core) to everyone else.
 */
export class BoundedPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private completed = 0;
  /** Moving average of a task's duration: the wait estimate. */
  private avgMs: number;

  constructor(private readonly opts: { concurrency: number; maxWaitMs: number; maxQueue: number; initialMs: number }) {
    this.avgMs = opts.initialMs;
  }

  stats(): { running: number; waiting: number; completed: number; avgMs: number } {
    return { running: this.running, waiting: this.waiting.length, completed: this.completed, avgMs: this.avgMs };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.opts.concurrency) {
      // Everyone ahead, plus the one running, must finish before this task starts.
      const waitMs = Math.ceil(((this.waiting.length + 1) * this.avgMs) / this.opts.concurrency);
      if (this.waiting.length >= this.opts.maxQueue || waitMs > this.opts.maxWaitMs) throw new BusyError(waitMs);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.avgMs = this.avgMs * 0.8 + (performance.now() - started) * 0.2;
      this.completed++;
      // The slot passes straight to the next task in line (running stays counted).
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** A refusal because the queue is full (not because of anything the caller sent). */
export class BusyError extends AppError {
  constructor(waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super('RATE_LIMITED', errorText('signInBusy', { seconds }), { retryAfterMs: seconds * 1000 }, { key: 'signInBusy', params: { seconds } });
  }
}

/**
 * Every argon2 operation of the process goes through this pool: at most one at a time, and
 * no caller waits more than about half a second in line (a sign-in answers within a second
 * or is told when to retry).
 */
export const passwordPool = new BoundedPool({ concurrency: 1, maxWaitMs: 500, maxQueue: 16, initialMs: 60 });

export function hashPassword(password: string): Promise<string> {
  return passwordPool.run(() => argon2.hash(password, options));
}

/** A hash made with `options` (of a password nobody uses): an unknown user's check costs a real one's. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$0guvaJAhyjPVs2qDOW8YEg$qb8AkdalIZFj6bHNpcVqWWM5KaN58RZQQ56oZKb1lm4';

/**
 * Verifies `password` against `hash`; with no hash (unknown user) it spends the same work
 * on the dummy, in the same queue, so neither the answer's timing nor a busy refusal tells
 * whether the user exists.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  const ok = await passwordPool.run(() => argon2.verify(hash ?? DUMMY_HASH, password));
  return hash !== undefined && ok;
}
