/** The quantity typed in a line, or null when it is not a whole number of at least 1. */
export function parseQuantity(text: string): number | null {
  if (!/^\s*\d{1,9}\s*$/.test(text)) return null;
  const n = Number(text.trim());
  return n >= 1 ? n : null;
}
