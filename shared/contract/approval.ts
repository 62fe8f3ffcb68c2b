import { z } from 'zod';
import { id } from './common';
import { pin } from './users';

/**
 * A manager's approval given at the terminal: their PIN or password, with their user id or
 * (typed at the till, where a cashier cannot list users) their username.
 */
export const approval = z.union([
  z.strictObject({ userId: id, pin }),
  z.strictObject({ userId: id, password: z.string().min(1).max(256) }),
  z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(64), pin }),
  z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(256) }),
]);
export type Approval = z.infer<typeof approval>;
