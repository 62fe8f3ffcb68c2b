/**
 * Who may talk to the HTTP host. A web page the user visits can point its own name at
 * 127.0.0.1 (DNS rebinding) and call the host from the browser; the browser then sends
 * that name as `Host` and the page's origin as `Origin`. So the host answers only the
 * names it serves, and refuses a call that says it comes from another origin.
 */
import net from 'node:net';

export interface HostPolicy {
  /** Extra names the host is reached by (`--allow-host`), e.g. the till's name on the shop's network. */
  allowHosts: readonly string[];
  /** HTTPS: the default port of a Host without one is 443, and an Origin must be https. */
  tls: boolean;
}

/** The loopback names; any other is served only when given with --allow-host. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** A name as it appears in Host: lower case, an IPv6 address in brackets. */
export function hostName(name: string): string {
  const lower = name.trim().toLowerCase();
  return net.isIPv6(lower) ? `[${lower}]` : lower;
}

/** The address a connection arrived on, as a Host name (IPv4-mapped addresses as IPv4). */
function addressName(address: string | undefined): string | null {
  if (!address) return null;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return hostName(v4?.[1] ?? address);
}

/** `name[:port]` of a Host header or an origin, or null when it is not one. */
function parseHost(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!m?.[1]) return null;
  return { name: m[1].toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * Whether `host` (a Host header) names this server: a loopback name, an --allow-host name,
 * or the very address the connection came in on (an address, unlike a name, cannot be
 * rebound), each with the port the connection came in on.
 */
export function hostAllowed(host: string | undefined, local: { port: number | undefined; address: string | undefined }, policy: HostPolicy): boolean {
  if (!host) return false;
  const parsed = parseHost(host);
  if (!parsed) return false;
  const port = parsed.port ?? (policy.tls ? 443 : 80);
  if (port !== local.port) return false;
  if (LOOPBACK.includes(parsed.name) || parsed.name === addressName(local.address)) return true;
  return policy.allowHosts.some((name) => hostName(name) === parsed.name);
}

/** Whether `origin` (an Origin header) is this server's own: its scheme and a name it serves. */
export function originAllowed(origin: string, local: { port: number | undefined; address: string | undefined }, policy: HostPolicy): boolean {
  const m = /^(https?):\/\/([^/]+)$/i.exec(origin.trim());
  if (!m?.[1] || !m[2]) return false;
  if ((m[1].toLowerCase() === 'https') !== policy.tls) return false;
  return hostAllowed(m[2], local, policy);
}

/** Whether `--host` keeps the host on this machine (anything else needs TLS). */
export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}
