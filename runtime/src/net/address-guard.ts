import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Global unicast IPv6 (RFC 4291): everything else is local, special-purpose or not yet assigned. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
/** NAT64's well-known prefix (RFC 6052): the IPv4 address is the last 32 bits. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * The IPv4 address an IPv6 address stands for, where it does: IPv4-mapped and -translated addresses,
 * NAT64's well-known prefix (a DNS64 resolver answers those for IPv4-only hosts) and 6to4.
 * `null` for one that embeds an address this guard cannot place (local-use NAT64, Teredo), `undefined`
 * for one that embeds none.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null | undefined {
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (ip.range() as string) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return v4(ip.parts[6]!, ip.parts[7]!);
    case 'rfc6052':
      return ip.match(NAT64_WELL_KNOWN) ? v4(ip.parts[6]!, ip.parts[7]!) : null;
    case '6to4':
      return v4(ip.parts[1]!, ip.parts[2]!);
    case 'teredo':
      return null;
    default:
      return undefined;
  }
}

/**
 * True when an IP literal is not a public unicast address, by ipaddr.js's classification of the
 * special-purpose registries: an IPv4 address must be `unicast` (not loopback, private, link-local —
 * cloud metadata at 169.254.169.254 —, carrier-grade NAT, reserved, benchmarking, multicast, …); an
 * IPv6 address must be global unicast (2000::/3) and `unicast`, so IPv4-compatible (`::7f00:1`),
 * site-local (`fec0::/10`), discard (`100::/64`), unique- and link-local addresses are refused; one
 * that stands for an IPv4 address (`::ffff:0:7f00:1`, `64:ff9b::7f00:1`, 6to4 `2002:7f00:1::`) is
 * judged by that address, and local-use NAT64 (`64:ff9b:1::/48`) and Teredo are refused.
 */
export function isForbiddenAddress(address: string): boolean {
  if (isIP(address) === 0) return true;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return (ip as ipaddr.IPv4).range() !== 'unicast';
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded !== undefined) return embedded === null || embedded.range() !== 'unicast';
  return v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6);
}

export class ForbiddenAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private or local address; an admin must allow this host`);
    this.name = 'ForbiddenAddressError';
  }
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves a URL's host and refuses it when any of its addresses is forbidden, unless the host is in
 * `allowedHosts`. Returns the addresses checked, so the caller can connect to exactly those.
 *
 * @example
 * ```ts
 * await assertPublicUrl('http://169.254.169.254/latest', { allowedHosts: [] }); // throws ForbiddenAddressError
 * ```
 */
export async function assertPublicUrl(
  url: string | URL,
  options: { allowedHosts?: readonly string[]; resolve?: Resolver } = {},
): Promise<string[]> {
  const { hostname } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const addresses = isIP(host) ? [host] : await (options.resolve ?? systemResolver)(host);
  if (options.allowedHosts?.map((h) => h.toLowerCase()).includes(host)) return addresses;
  for (const address of addresses) {
    if (isForbiddenAddress(address)) throw new ForbiddenAddressError(host, address);
  }
  return addresses;
}
