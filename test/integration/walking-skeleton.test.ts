/**
 * The walking skeleton, end to end through HTTP: the real server, the real runtime and a SQLite
 * file. entry → tag → content_push → wait 2 s → content_push, 200 contacts from a Douyin live.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../runtime/src/api/server.ts';
import { skeletonGraph } from '../../runtime/src/api/test-support.ts';
import { loadConfig } from '../../runtime/src/config.ts';

const ADMIN_KEY = 'walking-skeleton-admin-key';
const ADMIN_PASSWORD = 'walking-skeleton-password';
const CONTACTS = 200;

let dir: string;
let server: RunningServer;
const printed: string[] = [];

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_KEY}` }) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

async function all(path: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'walking-skeleton-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `file:${join(dir, 'journeys.db')}`,
    ADMIN_API_KEY: ADMIN_KEY,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
  });
  server = await startServer(config, { editorDist: join(dir, 'no-editor-build'), print: (line) => printed.push(line) });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('walking skeleton', () => {
  it('tells the operator where it runs and how to sign in', () => {
    expect(printed.join('\n')).toContain(server.url);
    expect(printed.join('\n')).toContain('admin@localhost');
  });

  it('sends two messages to each of 200 contacts acquired from a Douyin live, and completes every run', async () => {
    expect((await api('GET', '/api/health', undefined, {})).body.database.ok).toBe(true);

    const login = await api('POST', '/api/auth/login', { email: 'admin@localhost', password: ADMIN_PASSWORD }, {});
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const withCookie = { Cookie: cookie, 'X-CSRF-Token': login.body.csrfToken };
    expect((await api('POST', '/api/contacts', { id: 'c0', name: '小王' }, { Cookie: cookie })).status).toBe(403);
    expect((await api('POST', '/api/contacts', { id: 'c0', name: '小王' }, withCookie)).status).toBe(201);

    const created = await api('POST', '/api/journeys', { name: '抖音直播引流', graph: skeletonGraph(2) });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect((await api('POST', `/api/journeys/${id}/publish`)).body).toEqual({ version: 1 });

    const acquired = (i: number) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: { source: 'douyin_live' } });
    const ids = Array.from({ length: CONTACTS }, (_, i) => i);
    for (const chunk of [ids.slice(0, 80), ids.slice(80, 160)]) {
      const batch = await api('POST', '/api/events/batch', { events: chunk.map(acquired) });
      expect(batch.status).toBe(202);
      expect(batch.body.accepted).toBe(chunk.length);
    }
    for (const i of ids.slice(160)) expect((await api('POST', '/api/events', acquired(i))).status).toBe(202);
    // Another source does not match the entry.
    expect((await api('POST', '/api/events', { contactId: 'outsider', type: 'contact.acquired', properties: { source: 'sem' } })).status).toBe(202);

    const deadline = Date.now() + 45_000;
    let stats = (await api('GET', `/api/journeys/${id}/stats`)).body;
    while (stats.runs.completed < CONTACTS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      stats = (await api('GET', `/api/journeys/${id}/stats`)).body;
    }
    expect(stats.runs).toEqual({ active: 0, waiting: 0, completed: CONTACTS, exited: 0, failed: 0 });
    expect(stats.nodes.entry.entered).toBe(CONTACTS);
    expect(stats.nodes.push2).toMatchObject({ entered: CONTACTS, completed: CONTACTS });
    expect(stats.edges).toEqual({ e1: CONTACTS, e2: CONTACTS, e3: CONTACTS, e4: CONTACTS });

    let messages = await all(`/api/messages?journeyId=${id}`);
    while (messages.some((m) => m.status !== 'sent') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      messages = await all(`/api/messages?journeyId=${id}`);
    }
    expect(messages).toHaveLength(2 * CONTACTS);
    expect(messages.every((m) => m.status === 'sent' && m.sentAt !== null)).toBe(true);
    const perContact = new Map<string, number>();
    for (const m of messages) perContact.set(m.contactId as string, (perContact.get(m.contactId as string) ?? 0) + 1);
    expect(perContact.size).toBe(CONTACTS);
    expect([...perContact.values()].every((n) => n === 2)).toBe(true);
    expect(perContact.has('outsider')).toBe(false);
    const toWang = messages.filter((m) => m.contactId === 'c0').map((m) => m.body);
    expect(toWang).toContain('你好 小王，欢迎！');

    const contact = await api('GET', '/api/contacts/c7');
    expect(contact.body.tags).toContain('live_viewer');
    expect(contact.body.runs).toMatchObject([{ journeyId: id, status: 'completed', version: 1 }]);
    const timeline = await all('/api/contacts/c7/timeline');
    const visited = timeline.map((s) => s.nodeId).filter((n, i, list) => list[i - 1] !== n);
    expect(visited).toEqual(['entry', 'tag', 'push1', 'wait', 'push2']);
    const runs = await all(`/api/journeys/${id}/runs?status=completed`);
    expect(runs).toHaveLength(CONTACTS);
  });
});
