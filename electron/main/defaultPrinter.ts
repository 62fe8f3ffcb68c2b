// Electron host: the name of the system's default printer, which Chromium does not report.
// No Electron import, so the parsing is tested without Electron.
import { execFile } from 'node:child_process';

/** `lpstat -d` (CUPS: Linux, macOS): "system default destination: NAME" or "no system default destination". */
export function parseLpstatDefault(out: string): string | null {
  const m = /^system default destination:\s*(\S.*?)\s*$/m.exec(out);
  return m?.[1] ?? null;
}

/** `reg query "HKCU\...\Windows" /v Device`: "Device  REG_SZ  NAME,winspool,Ne01:" (the name may hold commas). */
export function parseWindowsDevice(out: string): string | null {
  const m = /^\s*Device\s+REG_SZ\s+(.+?),winspool,[^,]*\s*$/im.exec(out);
  return m?.[1] ?? null;
}

type Run = (file: string, args: string[]) => Promise<string>;

const run: Run = (file, args) =>
  new Promise((resolve) => {
    // The C locale keeps lpstat's wording parseable; a missing tool means no default is known.
    execFile(file, args, { timeout: 3000, windowsHide: true, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (err, stdout) =>
      resolve(err ? '' : String(stdout)),
    );
  });

/** The default printer's system name, or null when none is set (or it cannot be told). */
export async function defaultPrinterName(platform: NodeJS.Platform = process.platform, exec: Run = run): Promise<string | null> {
  if (platform === 'win32') {
    return parseWindowsDevice(await exec('reg', ['query', 'HKCU\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows', '/v', 'Device']));
  }
  return parseLpstatDefault(await exec('lpstat', ['-d']));
}
