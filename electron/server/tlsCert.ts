/**
 * The HTTP host's TLS certificate: one the shop brings (--tls-cert/--tls-key) or one made
 * here and kept in the data folder (--tls-self-signed). A self-signed certificate cannot be
 * vouched for by anyone, so its SHA-256 fingerprint is printed for the other counters'
 * browsers to be checked against when they are first told to trust it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as browsers show it (AB:CD:…). */
  fingerprint: string;
}

export const TLS_DIR = 'tls';
const VALID_DAYS = 5 * 365;

function checked(cert: string, key: string, where: string): TlsMaterial {
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
  } catch (err) {
    throw new Error(`The TLS certificate or key in ${where} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { cert, key, fingerprint: x509.fingerprint256 };
}

/** --tls-cert FILE --tls-key FILE (PEM). */
export function readTls(certFile: string, keyFile: string): TlsMaterial {
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return checked(read(certFile), read(keyFile), `${certFile} and ${keyFile}`);
}

/** Writes `text` readable by this OS user only, whole or not at all. */
function writePrivate(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

/**
 * The certificate kept in `<dataDir>/tls/` (cert.pem, key.pem, 0600), made on first use for
 * localhost, the loopback addresses, this machine's name and `names`.
 */
export async function selfSignedTls(dataDir: string, names: readonly string[]): Promise<TlsMaterial & { made: boolean }> {
  const dir = path.join(dataDir, TLS_DIR);
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    for (const file of [certFile, keyFile]) fs.chmodSync(file, 0o600);
    return { ...checked(fs.readFileSync(certFile, 'utf8'), fs.readFileSync(keyFile, 'utf8'), dir), made: false };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const altNames = new Map<string, { type: 2; value: string } | { type: 7; ip: string }>();
  for (const raw of ['localhost', '127.0.0.1', '::1', os.hostname(), ...names]) {
    const name = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!name || name === '0.0.0.0' || name === '::') continue;
    altNames.set(name, net.isIP(name) ? { type: 7, ip: name } : { type: 2, value: name });
  }
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: `Tessera on ${os.hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...altNames.values()] },
    ],
  });
  const material = checked(pems.cert, pems.private, dir);
  writePrivate(keyFile, pems.private);
  writePrivate(certFile, pems.cert);
  return { ...material, made: true };
}
