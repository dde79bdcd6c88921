import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('refuses an ADMIN_API_KEY or METRICS_TOKEN shorter than 16 characters, naming it', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'short-admin-key' })).toThrow(/ADMIN_API_KEY: Too small/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ADMIN_API_KEY: 'admin-key-16-chr' }).adminApiKey).toBe('admin-key-16-chr');
    expect(loadConfig({ ADMIN_API_KEY: '' }).adminApiKey).toBeUndefined();
  });

  it('refuses a malformed JOURNEY_SECRETS_KEY at start-up, with every other problem, and reads a good one', () => {
    expect(() => loadConfig({ JOURNEY_SECRETS_KEY: 'not-a-key', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN[\s\S]*JOURNEY_SECRETS_KEY is not a 32-byte key/);
    expect(loadConfig({}).secrets).toBeUndefined();
    expect(loadConfig({ JOURNEY_SECRETS_KEY: 'a'.repeat(64) }).secrets?.keyId).toMatch(/^[0-9a-f]{8}$/);
  });
});
