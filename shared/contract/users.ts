import { z } from 'zod';
import { empty, id, isoTime, role, text } from './common';
import { managers } from '../domain/roles';
import { method } from './define';
import { uiLanguages } from '../i18n/languages';
import { contractMessage as msg } from '../errors';

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, msg('atLeastChars', { min: 3 }))
  .max(64, msg('atMostChars', { max: 64 }))
  .regex(/^[a-z0-9._-]+$/, msg('usernameFormat'));
export const password = z.string().min(8, msg('atLeastChars', { min: 8 })).max(256, msg('atMostChars', { max: 256 }));
export const displayName = text(100);
/** A quick sign-in code for a shared terminal: 4 to 8 digits. */
export const pin = z.string().regex(/^\d{4,8}$/, msg('pinFormat'));

export const user = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role,
  active: z.boolean(),
  /** Whether the user has a PIN for quick sign-in and unlocking a shared terminal. */
  hasPin: z.boolean(),
  /** The language the user's screens speak; null: the store's defaultLanguage. */
  language: z.enum(uiLanguages).nullable(),
  createdAt: isoTime,
});
export type User = z.infer<typeof user>;

/** A user as Admin → Users lists them: with the end of a sign-in lock, if one holds. */
export const listedUser = user.extend({ lockedUntil: isoTime.nullable() });
export type ListedUser = z.infer<typeof listedUser>;

export const session = z.object({
  token: z.string(),
  user,
  expiresAt: isoTime,
  /** The register the session sells through; null: none. */
  registerId: id.nullable(),
});

export const authMethods = {
  'auth.status': method({
    summary: 'Whether the store needs its first admin, and who is signed in',
    access: 'public',
    input: empty,
    output: z.object({
      needsSetup: z.boolean(),
      /** Present (true) while auth.setup over this connection needs the setup code `tessera serve` printed. */
      needsSetupCode: z.boolean().optional(),
      user: user.nullable(),
      /** The register the caller's session sells through; null: none (or not signed in). */
      registerId: id.nullable(),
      /** True while the caller's session is locked (auth.lock): only a PIN or password sign-in, or sign-out, is answered. */
      locked: z.boolean().optional(),
      /** The store's defaultLanguage: what the sign-in and first-run screens speak. */
      language: z.enum(uiLanguages),
    }),
  }),
  'auth.setup': method({
    summary: 'Create the first admin (only while no user exists); over HTTP with the one-time setup code',
    access: 'public',
    input: z.strictObject({
      username,
      displayName,
      password,
      /** The code `tessera serve` printed (or TESSERA_SETUP_CODE). Needed over HTTP; the desktop window sends none. */
      setupCode: z.string().max(128, msg('atMostChars', { max: 128 })).optional(),
    }),
    output: session,
  }),
  'auth.login': method({
    summary: 'Sign in',
    access: 'public',
    input: z.strictObject({
      username: z.string().trim().toLowerCase().min(1).max(64),
      password: z.string().min(1).max(256),
      /** The register this terminal sells through; absent: none (API clients, the back office). */
      registerId: id.optional(),
    }),
    output: session,
  }),
  'auth.pinLogin': method({
    summary: 'Sign in with a PIN (a shared terminal: unlock, or switch cashier); a locked session sent with it ends',
    access: 'public',
    input: z.strictObject({
      username: z.string().trim().toLowerCase().min(1).max(64),
      pin: z.string().min(1).max(8, msg('atMostDigits', { max: 8 })),
      /** The register this terminal sells through; absent: none. */
      registerId: id.optional(),
    }),
    output: session,
  }),
  'auth.lock': method({
    summary: 'Lock this session until its user (or another) signs in with a PIN or password; the cart stays on the terminal',
    access: 'signedIn',
    input: empty,
    output: empty,
  }),
  'auth.logout': method({ summary: 'Sign out', access: 'signedIn', input: empty, output: empty }),
  'auth.me': method({ summary: 'The signed-in user', access: 'signedIn', input: empty, output: user }),
};

export const userMethods = {
  'users.list': method({
    summary: 'All users',
    access: managers,
    input: empty,
    output: z.object({ items: z.array(listedUser) }),
  }),
  'users.create': method({
    summary: 'Create a user',
    access: ['admin'],
    input: z.strictObject({ username, displayName, role, password }),
    output: user,
  }),
  'users.update': method({
    summary: "Rename, change the role of, or (de)activate a user (an admin); set a user's language (anyone their own, null: the store's)",
    access: 'signedIn',
    input: z.strictObject({
      /** Default: the caller. */
      id: id.optional(),
      displayName: displayName.optional(),
      role: role.optional(),
      active: z.boolean().optional(),
      language: z.enum(uiLanguages).nullable().optional(),
    }),
    output: user,
  }),
  'users.setPassword': method({
    summary: "Reset a user's password",
    access: ['admin'],
    input: z.strictObject({ id, password }),
    output: empty,
  }),
  'users.setPin': method({
    summary: 'Set or remove (null) a PIN: your own, or an admin for anyone',
    access: 'signedIn',
    input: z.strictObject({ userId: id.optional(), pin: pin.nullable() }),
    output: user,
  }),
  'users.unlock': method({
    summary: "Lift a user's sign-in lock (after too many wrong passwords) and clear the failure count",
    access: ['admin'],
    input: z.strictObject({ id }),
    output: listedUser,
  }),
};
