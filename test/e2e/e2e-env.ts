const port = Number(process.env.E2E_PORT ?? 3123);

/** The address, admin key and credentials the e2e server is started with (see playwright.config.ts). */
export const E2E = {
  /** `E2E_PORT` moves it, so two checkouts on one machine can run their browser tests at once. */
  port,
  baseURL: `http://127.0.0.1:${port}`,
  adminApiKey: 'e2e-admin-key-0123456789',
  adminEmail: 'admin@example.com',
  adminPassword: 'e2e-password',
} as const;

/** Headers for API calls made as the admin machine client. */
export const adminHeaders = { Authorization: `Bearer ${E2E.adminApiKey}` };
