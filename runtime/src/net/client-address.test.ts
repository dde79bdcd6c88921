import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from './client-address.ts';

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, fd00::/8');

  it('believes X-Forwarded-For only when the peer is a trusted proxy', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.1', proxies)).toBe('203.0.113.5');
    expect(clientAddress('10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', '198.51.100.1', [])).toBe('10.1.2.3');
  });

  it('takes the right-most entry that is not a trusted proxy, so a client cannot write its own', () => {
    expect(clientAddress('127.0.0.1', '1.1.1.1, 198.51.100.1, 10.0.0.7', proxies)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '10.0.0.9, 10.0.0.7', proxies)).toBe('10.0.0.9');
    expect(clientAddress('127.0.0.1', 'garbage, 198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('reads IPv4-mapped IPv6 peers as IPv4 and IPv6 ranges as IPv6', () => {
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('fd12::1', '2001:db8::1', proxies)).toBe('2001:db8::1');
    expect(clientAddress('::ffff:203.0.113.5', undefined, proxies)).toBe('203.0.113.5');
  });

  it('refuses a list entry that is not an address or range, naming it', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.local')).toThrow('"proxy.local" is not an IP address');
    expect(() => parseTrustedProxies('10.0.0.0/99')).toThrow('"10.0.0.0/99" is not an address range');
  });
});
