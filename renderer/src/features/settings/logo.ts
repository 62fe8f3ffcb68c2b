/** The same checks the server makes on a logo, done first in the browser so the user hears at once. */
import { t } from '../../i18n';

export const MAX_LOGO_BYTES = 512 * 1024;

export type LogoCheck = { ok: true; base64: string; dataUrl: string } | { ok: false; error: string };

function kind(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/** Reads a chosen file: PNG or JPEG by its first bytes (not its name), at most 512 KiB. */
export async function checkLogo(file: File): Promise<LogoCheck> {
  if (file.size > MAX_LOGO_BYTES) {
    return { ok: false, error: t('settings.logoTooLarge', { size: String(Math.ceil(file.size / 1024)) }) };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = kind(bytes);
  if (!type) return { ok: false, error: t('settings.logoNotImage') };
  const base64 = toBase64(bytes);
  return { ok: true, base64, dataUrl: `data:${type};base64,${base64}` };
}
