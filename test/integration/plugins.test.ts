/**
 * Plugins as a running server meets them: the example plugins of ./plugins are loaded, appear in the
 * node library, publish in a journey and run through the HTTP API; a plugin's outside call is delivered
 * after its step commits, under the step's idempotency key; a broken plugin is reported and left out.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../runtime/src/api/server.ts';
import { loadConfig } from '../../runtime/src/config.ts';

const KEY = 'plugins-test-admin-key-0123';
const auth = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
let dir: string;
let server: RunningServer;
const points: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
let pointsService: ReturnType<typeof createServer>;

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, { method, headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plugins-test-'));
  // A broken plugin named in JOURNEY_PLUGINS: it throws while it loads.
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'index.ts'), `throw new Error('this plugin is broken on purpose');\n`);
  // The loyalty service the points plugin calls: a local double answering with the new balance.
  pointsService = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      points.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ balance: 100 * points.length }));
    });
  });
  await new Promise<void>((resolve) => pointsService.listen(0, '127.0.0.1', resolve));
  process.env.POINTS_API_URL = `http://127.0.0.1:${(pointsService.address() as AddressInfo).port}/points`;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `file:${join(dir, 'j.db')}`,
    ADMIN_API_KEY: KEY,
    ADMIN_PASSWORD: 'password-123',
    LOG_LEVEL: 'silent',
    JOURNEY_PLUGINS: join(dir, 'broken'),
  });
  server = await startServer(config, { editorDist: join(dir, 'none'), print: () => {} });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => pointsService?.close(resolve));
  delete process.env.POINTS_API_URL;
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (source: string, target: string, sourceHandle = 'out') => ({ id: `${source}-${target}`, source, sourceHandle, target });

describe('plugins in the running server', () => {
  it('reports a broken plugin and leaves it out, and serves the example plugins in the node library', async () => {
    const health = (await api('GET', '/api/health')).body;
    expect(health.plugins.loaded.map((p: { name: string }) => p.name).sort()).toEqual(['group-buy', 'points', 'sms', 'wechat', 'wecom']);
    // WeCom, the Official Account and SMS ship in ./plugins but their variables are unset here: loaded, inactive.
    expect(health.plugins.loaded.find((p: { name: string }) => p.name === 'wecom')).toMatchObject({ active: false });
    expect(health.plugins.loaded.find((p: { name: string }) => p.name === 'sms')).toMatchObject({ active: false, channels: ['sms/text'] });
    expect(health.plugins.loaded.find((p: { name: string }) => p.name === 'wechat')).toMatchObject({
      active: false,
      nodeTypes: expect.arrayContaining(['wechat/oa_message']),
      channels: expect.arrayContaining(['wechat/official_account']),
    });
    expect(health.plugins.loaded.find((p: { name: string }) => p.name === 'points')).toMatchObject({ nodeTypes: ['points/award'], channels: ['points/ledger'] });
    expect(health.plugins.problems).toEqual([expect.objectContaining({ name: 'broken', code: 'load_failed', message: expect.stringContaining('broken on purpose') })]);
    expect(health.status).toBe('degraded');
    const types = (await api('GET', '/api/node-types')).body.items.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['points/award', 'group-buy/group_buy', 'entry', 'tag']));
  });

  it('awards points through the points service after the step commits, under the step key, and tells the next message', async () => {
    const graph = {
      nodes: [node('entry', 'entry'), node('award', 'points/award', { points: 150, reason: '开卡礼' }), node('push', 'content_push', { template: '已到账 {{points.awarded}} 积分' })],
      edges: [edge('entry', 'award'), edge('award', 'push')],
    };
    const journey = (await api('POST', '/api/journeys', { name: '积分', graph })).body;
    expect((await api('POST', `/api/journeys/${journey.id}/publish`, {})).status).toBe(200);
    expect((await api('POST', '/api/events', { contactId: 'p1', type: 'contact.acquired' })).status).toBe(202);

    const messages = await until(
      async () => (await api('GET', `/api/messages?journeyId=${journey.id}`)).body.items as { kind: string; channel: string; status: string; body: string; idempotencyKey: string }[],
      (items) => items.length === 2 && items.every((m) => m.status === 'sent'),
      'the call and the message sent',
    );
    const call = messages.find((m) => m.kind === 'call')!;
    expect(call).toMatchObject({ channel: 'points/ledger', status: 'sent' });
    expect(JSON.parse(call.body)).toEqual({ contactId: 'p1', points: 150, reason: '开卡礼' });
    expect(messages.find((m) => m.kind === 'message')!.body).toBe('已到账 150 积分');
    expect(points).toEqual([{ headers: expect.objectContaining({ 'idempotency-key': call.idempotencyKey }), body: { contactId: 'p1', points: 150, reason: '开卡礼' } }]);
  });

  it('forms a group when enough friends join through its link, and rewards the leader; a conversion of the journey', async () => {
    const graph = {
      nodes: [
        node('entry', 'entry'),
        node('group', 'group-buy/group_buy', { friends: 2, landingUrl: 'https://shop.example.com/group', reward: { kind: 'balance', amount: 30 } }),
        node('won', 'content_push', { template: '成团啦' }),
        node('lost', 'content_push', { template: '下次再来' }),
      ],
      edges: [edge('entry', 'group'), edge('group', 'won', 'formed'), edge('group', 'lost', 'failed')],
    };
    const journey = (await api('POST', '/api/journeys', { name: '拼团', graph })).body;
    expect((await api('POST', `/api/journeys/${journey.id}/publish`, {})).status).toBe(200);
    await api('POST', '/api/events', { contactId: 'leader', type: 'contact.acquired' });
    const run = await until(
      async () => (await api('GET', `/api/journeys/${journey.id}/runs`)).body.items[0] as { id: string; status: string; context: { groupBuy?: { code: string; link: string } } } | undefined,
      (r) => r?.status === 'waiting',
      'the leader waiting for friends',
    );
    const { code, link } = run!.context.groupBuy!;
    expect(link).toBe(`https://shop.example.com/group?group=${code}&leader=leader`);
    // Friends join close together (a second join of f1 counts once): joins that arrive while the run is
    // busy with the one before still reach it.
    for (const member of ['f1', 'f1', 'f2']) await api('POST', '/api/events', { contactId: 'leader', type: 'group_buy.joined', properties: { group: code, member } });
    await until(async () => (await api('GET', `/api/runs/${run!.id}`)).body.status as string, (s) => s === 'completed', 'the group formed');
    const bodies = ((await api('GET', `/api/messages?journeyId=${journey.id}`)).body.items as { body: string }[]).map((m) => m.body);
    expect(bodies).toContain('成团啦');
    expect(bodies).not.toContain('下次再来');
    expect((await api('GET', '/api/contacts/leader')).body.balance).toBe(30);
    expect((await api('GET', `/api/journeys/${journey.id}/stats`)).body.conversions).toBe(1);
  });
});
