import { describe, expect, it } from 'vitest';
import { assertPublicUrl, ForbiddenAddressError, isForbiddenAddress } from './address-guard.ts';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1', '127.8.9.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  // The ranges the hand-written list missed (issue #14), and their neighbours.
  it.each([
    ['IPv4-compatible loopback', '::7f00:1'],
    ['IPv4-compatible private', '::10.0.0.1'],
    ['IPv4-translated loopback', '::ffff:0:7f00:1'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['6to4 of a private address', '2002:a00:1::1'],
    ['NAT64 of loopback', '64:ff9b::7f00:1'],
    ['NAT64 of metadata', '64:ff9b::169.254.169.254'],
    ['local-use NAT64', '64:ff9b:1::808:808'],
    ['site-local', 'fec0::1'],
    ['discard', '100::1'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['documentation', '2001:db8::1'],
    ['benchmarking', '2001:2::1'],
    ['unassigned IPv6', '4000::1'],
    ['link-local with a zone', 'fe80::1%eth0'],
    ['benchmarking IPv4', '198.18.0.1'],
    ['broadcast', '255.255.255.255'],
  ])('refuses %s (%s)', (_, address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'allows %s',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('assertPublicUrl', () => {
  const resolveTo = (...addresses: string[]) => async () => addresses;

  it('refuses a host that resolves to a private address (DNS rebinding style)', async () => {
    await expect(
      assertPublicUrl('https://hooks.example.com/x', { resolve: resolveTo('93.184.216.34', '10.0.0.5') }),
    ).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('refuses IP literals, bracketed IPv6 and IPv4 in unusual spellings included', async () => {
    await expect(assertPublicUrl('http://169.254.169.254/latest/meta-data')).rejects.toThrow(/private or local/);
    await expect(assertPublicUrl('http://[::1]:8080/')).rejects.toBeInstanceOf(ForbiddenAddressError);
    for (const url of ['http://[::ffff:127.0.0.1]/', 'http://[::7f00:1]/', 'http://[2002:7f00:1::]/', 'http://0x7f.1/', 'http://2130706433/']) {
      await expect(assertPublicUrl(url)).rejects.toBeInstanceOf(ForbiddenAddressError);
    }
  });

  it('lets an admin allow a host', async () => {
    await expect(
      assertPublicUrl('http://relay.internal/x', { allowedHosts: ['RELAY.internal'], resolve: resolveTo('10.0.0.5') }),
    ).resolves.toEqual(['10.0.0.5']);
  });

  it('passes public hosts and returns their addresses', async () => {
    await expect(assertPublicUrl('https://api.example.com', { resolve: resolveTo('93.184.216.34') })).resolves.toEqual([
      '93.184.216.34',
    ]);
  });
});
