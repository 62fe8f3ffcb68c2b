/** A register's short code, printed in its document numbers (Z-R1-000001): letters, digits and hyphens, upper case. */
export const REGISTER_CODE_MAX = 12;
export const REGISTER_CODE_FORMAT = /^[A-Z0-9][A-Z0-9-]*$/;

/** Whether `code` is a register code as the contract takes it (after trimming and upper-casing). */
export function isRegisterCode(code: string): boolean {
  return code.length > 0 && code.length <= REGISTER_CODE_MAX && REGISTER_CODE_FORMAT.test(code);
}
