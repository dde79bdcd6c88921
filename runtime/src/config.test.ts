import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('refuses an ADMIN_API_KEY or METRICS_TOKEN shorter than 16 characters, naming it', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'short-admin-key' })).toThrow(/ADMIN_API_KEY: Too small/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ADMIN_API_KEY: 'admin-key-16-chr' }).adminApiKey).toBe('admin-key-16-chr');
    expect(loadConfig({ ADMIN_API_KEY: '' }).adminApiKey).toBeUndefined();
  });
});
