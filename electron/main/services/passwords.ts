import argon2 from 'argon2';

/** argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies `password` against `hash`; with no hash (unknown user) it still spends the
 * same work on a dummy, so the answer's timing does not tell whether the user exists.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummy ??= hashPassword('tessera-dummy-password');
    await argon2.verify(await dummy, password);
    return false;
  }
  return argon2.verify(hash, password);
}
