/** Which register this terminal is: remembered on the device, across sign-ins and tabs. */
import { ApiError } from '../../api';

const KEY = 'tessera.register';

/** The register this terminal sells through, remembered across sign-ins (this device, every tab). */
export function rememberedRegister(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberRegister(registerId: string | null): void {
  try {
    if (registerId === null) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, registerId);
  } catch {
    // Storage refused: the terminal asks again at the next sign-in.
  }
}

/** A sign-in refused because the remembered register is gone or no longer in use. */
export function registerRefused(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'VALIDATION' && err.issues.some((i) => i.path[0] === 'registerId');
}

