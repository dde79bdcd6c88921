/** The address, admin key and credentials the e2e server is started with (see playwright.config.ts). */
export const E2E = {
  port: 3123,
  baseURL: 'http://127.0.0.1:3123',
  adminApiKey: 'e2e-admin-key',
  adminEmail: 'admin@example.com',
  adminPassword: 'e2e-password',
} as const;

/** Headers for API calls made as the admin machine client. */
export const adminHeaders = { Authorization: `Bearer ${E2E.adminApiKey}` };
