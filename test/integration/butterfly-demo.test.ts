/** `pnpm demo` at small scale against an in-process server: the dashboard's numbers fill in. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../runtime/src/api/server.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { runDemo } from '../../scripts/demo.ts';

const ADMIN_KEY = 'butterfly-demo-admin-key';
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'butterfly-demo-'));
  const config = loadConfig({ PORT: '0', DATABASE_URL: `file:${join(dir, 'journeys.db')}`, ADMIN_API_KEY: ADMIN_KEY, ADMIN_PASSWORD: 'demo-password-123', LOG_LEVEL: 'silent' });
  server = await startServer(config, { editorDist: join(dir, 'no-editor-build'), print: () => {} });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm demo', () => {
  it('publishes the butterfly template and fills every stage of the funnel', async () => {
    const { journeyId } = await runDemo({ url: server.url, apiKey: ADMIN_KEY, contacts: 80, daySeconds: 1, seed: 7, log: () => {} });
    type Analytics = { funnel: Record<'acquired' | 'engaged' | 'converted' | 'referred' | 'repurchased', number>; fission: { referred: number }; memberships: number; cac: unknown[] };
    const analytics = async () => {
      const res = await fetch(`${server.url}/api/analytics/butterfly?journeyId=${journeyId}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      return (await res.json()) as Analytics;
    };
    // The demo returns once its last events are accepted; the server processes them moments later.
    await expect.poll(async () => (await analytics()).memberships, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await analytics()).funnel.repurchased, { timeout: 30_000 }).toBeGreaterThan(0);
    const a = await analytics();
    expect(a.funnel.acquired).toBeGreaterThan(80);
    for (const stage of ['engaged', 'converted', 'referred', 'repurchased'] as const) expect(a.funnel[stage]).toBeGreaterThan(0);
    expect(a.fission.referred).toBe(a.funnel.acquired - 80);
    expect(a.memberships).toBeGreaterThan(0);
    expect(a.cac.length).toBeGreaterThan(0);
  });
});
