import type { z } from 'zod';

import type { Role } from '../domain/roles';

export { roles, type Role } from '../domain/roles';

/** Who may call a method: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** A short sentence for error messages and docs. */
  summary: string;
}

/** Declares one contract method; the table of a domain is an object of these. */
export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export function allows(access: Access, role: Role): boolean {
  return access === 'public' || access === 'signedIn' || access.includes(role);
}
