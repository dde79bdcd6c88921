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

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('assertPublicUrl', () => {
  const resolveTo = (...addresses: string[]) => async () => addresses;

  it('refuses a host that resolves to a private address (DNS rebinding style)', async () => {
    await expect(
      assertPublicUrl('https://hooks.example.com/x', { resolve: resolveTo('93.184.216.34', '10.0.0.5') }),
    ).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('refuses IP literals, bracketed IPv6 included', async () => {
    await expect(assertPublicUrl('http://169.254.169.254/latest/meta-data')).rejects.toThrow(/private or local/);
    await expect(assertPublicUrl('http://[::1]:8080/')).rejects.toBeInstanceOf(ForbiddenAddressError);
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
