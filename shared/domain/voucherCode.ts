/**
 * Voucher codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I), printed in
 * groups of four ("V7KX-9QMT-4HRC"). 32 symbols: each random byte's low 5 bits pick one with
 * no bias; 12 of them are 60 bits, too many to guess.
 */
export const VOUCHER_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const GROUPS = 3;
const GROUP = 4;
export const VOUCHER_CODE_LENGTH = GROUPS * GROUP;

/** A code from `bytes` (VOUCHER_CODE_LENGTH random bytes), grouped for reading. */
export function voucherCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < VOUCHER_CODE_LENGTH) throw new RangeError(`a voucher code needs ${VOUCHER_CODE_LENGTH} random bytes`);
  const chars = Array.from(bytes.subarray(0, VOUCHER_CODE_LENGTH), (b) => VOUCHER_ALPHABET[b & 31]);
  return group(chars.join(''));
}

/**
 * The stored form of a code as a customer or a scanner gives it: upper case, without spaces
 * or dashes, regrouped. Anything that is not a code comes back as typed (and is not found).
 */
export function normaliseVoucherCode(typed: string): string {
  const bare = typed.toUpperCase().replace(/[\s\-–—_.]/g, '');
  return bare.length === VOUCHER_CODE_LENGTH ? group(bare) : bare;
}

function group(bare: string): string {
  const parts: string[] = [];
  for (let i = 0; i < bare.length; i += GROUP) parts.push(bare.slice(i, i + GROUP));
  return parts.join('-');
}
