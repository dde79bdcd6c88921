import ipaddr from 'ipaddr.js';

/** Addresses and ranges (`10.0.0.0/8`, `::1`) whose `X-Forwarded-For` is believed: the reverse proxies in front. */
export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** An address, an IPv4-mapped IPv6 one (`::ffff:10.0.0.1`, as Node reports IPv4 peers on a dual-stack socket) as IPv4. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(trimmed) ? ipaddr.process(trimmed) : null;
}

/**
 * Reads `TRUSTED_PROXIES` (comma-separated addresses or CIDR ranges). Throws naming the entry that is
 * neither.
 *
 * @example
 * ```ts
 * const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
 * ```
 */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const entries = (list ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.map((entry) => {
    if (entry.includes('/')) {
      try {
        return ipaddr.parseCIDR(entry);
      } catch {
        throw new Error(`"${entry}" is not an address range such as 10.0.0.0/8`);
      }
    }
    const address = parseAddress(entry);
    if (!address) throw new Error(`"${entry}" is not an IP address`);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  });
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, proxies: TrustedProxies): boolean {
  return proxies.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * The client's address: the connection's peer, unless that peer is a trusted proxy — then the
 * right-most `X-Forwarded-For` entry that is not a trusted proxy (entries left of it could have been
 * written by anyone). Without trusted proxies the header is ignored.
 *
 * @example
 * ```ts
 * clientAddress('10.0.0.2', '203.0.113.7, 10.0.0.3', parseTrustedProxies('10.0.0.0/8')); // '203.0.113.7'
 * ```
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, proxies: TrustedProxies): string {
  const peerAddress = peer === undefined ? null : parseAddress(peer);
  if (!peerAddress) return peer ?? 'unknown';
  if (!forwardedFor || !isTrusted(peerAddress, proxies)) return peerAddress.toString();
  let client = peerAddress;
  for (const hop of forwardedFor.split(',').reverse()) {
    const address = parseAddress(hop);
    if (!address) break;
    client = address;
    if (!isTrusted(address, proxies)) break;
  }
  return client.toString();
}
