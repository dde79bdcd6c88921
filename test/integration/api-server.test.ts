/**
 * The API over real HTTP: body limits by Content-Length, request ids, metrics, and a graceful
 * shutdown that answers the requests in flight before the store closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../runtime/src/api/server.ts';
import { loadConfig } from '../../runtime/src/config.ts';

const KEY = 'api-server-test-admin-key';
const auth = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
let dir: string;
let server: RunningServer | undefined;

async function start() {
  dir = mkdtempSync(join(tmpdir(), 'api-server-'));
  const config = loadConfig({ PORT: '0', DATABASE_URL: `file:${join(dir, 'j.db')}`, ADMIN_API_KEY: KEY, ADMIN_PASSWORD: 'password-123', LOG_LEVEL: 'silent' });
  server = await startServer(config, { editorDist: join(dir, 'none'), print: () => {} });
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('the API over HTTP', () => {
  it('refuses an oversized body by its Content-Length with 413, and echoes X-Request-Id', async () => {
    const { url } = await start();
    const big = JSON.stringify({ contactId: 'c1', type: 'x', properties: { blob: 'x'.repeat(1024 * 1024) } });
    const res = await fetch(`${url}/api/events`, { method: 'POST', headers: { ...auth, 'X-Request-Id': 'relay-7' }, body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('X-Request-Id')).toBe('relay-7');
    expect((await res.json()).error.code).toBe('payload_too_large');
    const ok = await fetch(`${url}/api/events`, { method: 'POST', headers: auth, body: JSON.stringify({ contactId: 'c1', type: 'x' }) });
    expect(ok.status).toBe(202);
    const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/journey_http_requests_total\{method="POST",route="\/api\/events",status="202"\} 1/);
    expect(metrics).toMatch(/journey_events_ingested_total\{outcome="stored"\} 1/);
  });

  it('answers the requests in flight when closing, then stops taking new ones', async () => {
    const { url } = await start();
    const events = Array.from({ length: 1000 }, (_, i) => ({ contactId: `c${i}`, type: 'x' }));
    const inFlight = Array.from({ length: 5 }, () =>
      fetch(`${url}/api/events/batch`, { method: 'POST', headers: auth, body: JSON.stringify({ events }) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = server!.close();
    const statuses = await Promise.all(inFlight.map((p) => p.then((r) => r.status, () => 'refused')));
    await closed;
    expect(statuses.filter((s) => s === 202).length + statuses.filter((s) => s === 'refused').length).toBe(5);
    expect(statuses).not.toContain(500);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
