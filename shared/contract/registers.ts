import { z } from 'zod';
import { id, isoTime, longText, money, page, pageInput, text, timeFilter } from './common';
import { managers, roles, sellers } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { approval } from './approval';
import { MAX_AMOUNT } from '../domain/money';
import { REGISTER_CODE_FORMAT, REGISTER_CODE_MAX } from '../domain/registerCode';

/** A register's short code: printed in Z numbers (Z-<code>-000001), and invoice and credit note numbers once attached to a head office; letters, digits and hyphens. */
export const registerCode = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, msg('notEmpty'))
  .max(REGISTER_CODE_MAX, msg('atMostChars', { max: REGISTER_CODE_MAX }))
  .regex(REGISTER_CODE_FORMAT, msg('registerCodeFormat'));

/** A network receipt printer (ESC/POS over TCP) the core prints to directly. */
export const networkPrinter = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, msg('notEmpty'))
    .max(253, msg('atMostChars', { max: 253 }))
    .regex(/^[A-Za-z0-9.:-]+$/, msg('hostFormat')),
  port: z.number().int().min(1).max(65535).default(9100),
});
export type NetworkPrinter = z.infer<typeof networkPrinter>;

export const register = z.object({
  id,
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  printer: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  /** The perpetual grand total: the running sum of every Z's net sales; never reset. */
  grandTotal: z.number().int(),
  /** The number of Z reports closed so far (the last Z's sequence). */
  zCount: z.number().int().min(0),
  createdAt: isoTime,
});
export type Register = z.infer<typeof register>;

/** A count by denomination: notes and coins in minor units, and how many of each. */
export const cashCount = z
  .array(z.strictObject({ denomination: z.number().int().min(1).max(MAX_AMOUNT), quantity: z.number().int().min(0).max(1_000_000) }))
  .max(40);
export type CashCount = z.infer<typeof cashCount>;

export const cashMovementKinds = ['payIn', 'payOut', 'drop', 'noSale'] as const;
export type CashMovementKind = (typeof cashMovementKinds)[number];

export const cashMovement = z.object({
  id,
  sessionId: id,
  kind: z.enum(cashMovementKinds),
  amount: money,
  reason: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: isoTime,
});
export type CashMovement = z.infer<typeof cashMovement>;

export const cashSessionStatuses = ['OPEN', 'CLOSED'] as const;

export const cashSession = z.object({
  id,
  registerId: id,
  registerCode: z.string(),
  registerName: z.string(),
  status: z.enum(cashSessionStatuses),
  openingFloat: money,
  openingCount: cashCount.nullable(),
  openedAt: isoTime,
  openedBy: z.string(),
  openedByName: z.string(),
  /**
   * What the drawer should hold now (open) or held at the close. Null for a cashier while the
   * store counts blind (`blindCount`) and the session is open.
   */
  expectedCash: z.number().int().nullable(),
  countedCash: money.nullable(),
  closingCount: cashCount.nullable(),
  /** Counted − expected: positive over, negative short. */
  variance: z.number().int().nullable(),
  note: z.string().nullable(),
  approvedBy: z.string().nullable(),
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  closedByName: z.string().nullable(),
  /** The Z report the close produced. */
  zReportId: id.nullable(),
  zNumber: z.string().nullable(),
  /** True while open since before today's start (store time zone): the counter warns. */
  openSinceEarlierDay: z.boolean(),
});
export type CashSession = z.infer<typeof cashSession>;


const reason = text(200);

export const registerMethods = {
  'registers.list': method({
    summary: 'The registers (tills) of the store',
    access: 'signedIn',
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
    output: z.object({ items: z.array(register) }),
  }),
  'registers.create': method({
    summary: 'Add a register',
    access: ['admin'],
    input: z.strictObject({ code: registerCode, name: text(60), printer: networkPrinter.nullable().optional() }),
    output: register,
  }),
  'registers.update': method({
    summary: "Rename a register, set its network printer, or (de)activate it (its code is printed on Z reports and never changes once used)",
    access: ['admin'],
    input: z.strictObject({
      id,
      code: registerCode.optional(),
      name: text(60).optional(),
      printer: networkPrinter.nullable().optional(),
      active: z.boolean().optional(),
    }),
    output: register,
  }),
  'auth.useRegister': method({
    summary: 'Bind this session to a register (a terminal choosing its till), or to none (null: the back office)',
    access: 'signedIn',
    input: z.strictObject({ registerId: id.nullable() }),
    output: z.object({ registerId: id.nullable() }),
  }),
};

export const cashSessionMethods = {
  'cashSessions.open': method({
    summary: "Open a register's cash session with a counted float",
    access: sellers,
    input: z.strictObject({ registerId: id, openingFloat: money, count: cashCount.optional() }),
    output: cashSession,
  }),
  'cashSessions.current': method({
    summary: "A register's open cash session, or null",
    access: roles,
    input: z.strictObject({ registerId: id }),
    output: z.object({ session: cashSession.nullable() }),
  }),
  'cashSessions.get': method({
    summary: 'One cash session',
    access: roles,
    input: z.strictObject({ id }),
    output: cashSession,
  }),
  'cashSessions.move': method({
    summary: 'Record a pay-in, pay-out, drop (cash taken to the safe) or no-sale drawer open',
    access: sellers,
    input: z.strictObject({
      sessionId: id,
      kind: z.enum(cashMovementKinds),
      /** Minor units; 0 for a no-sale. */
      amount: money,
      reason,
    }),
    output: z.object({ movement: cashMovement, session: cashSession }),
  }),
  'cashSessions.movements': method({
    summary: "A cash session's movements, oldest first",
    access: roles,
    input: z.strictObject({ sessionId: id }),
    output: z.object({ items: z.array(cashMovement) }),
  }),
  'cashSessions.close': method({
    summary: 'Close a cash session with the counted cash: records over/short and produces its Z report',
    access: sellers,
    input: z.strictObject({
      sessionId: id,
      countedCash: money,
      count: cashCount.optional(),
      note: longText(500).optional(),
      approval: approval.optional(),
    }),
    output: z.object({ session: cashSession, zReportId: id }),
  }),
  'cashSessions.list': method({
    summary: 'Cash sessions, newest first',
    access: roles,
    input: z.strictObject({
      registerId: id.optional(),
      status: z.enum(cashSessionStatuses).optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      ...pageInput,
    }),
    output: page(cashSession),
  }),
};

/** Who reads every register's sessions and reports (cashiers read their own register's). */
export const everyRegister = [...managers, 'support'] as const;
