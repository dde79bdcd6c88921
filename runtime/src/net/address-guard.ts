import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless an admin allows the host: loopback, private ranges,
 * link-local (cloud metadata at 169.254.169.254 included), carrier-grade NAT, multicast, reserved.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True when an IP literal is loopback, private, link-local, metadata or otherwise not public. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return blocked.check(address, 'ipv4');
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
