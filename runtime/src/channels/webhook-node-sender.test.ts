import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '@journey/nodes/server';
import { parseAllowedHosts, webhookNodeSender } from './webhook-node-sender.ts';

const received: { method: string | undefined; headers: IncomingMessage['headers']; body: string }[] = [];
let statuses: number[] = [];
let port = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ method: req.method, headers: req.headers, body });
    if (req.url === '/silent') return; // never answers
    res.writeHead(statuses.shift() ?? 200).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, host = '127.0.0.1'): WebhookRequest => ({
  url: `http://${host}:${port}${path}`,
  method: 'POST',
  headers: { 'x-brand': 'acme' },
  body: '{"a":1}',
  timeoutMs: 2000,
  idempotencyKey: 'run_1:hook:2',
});

describe('webhookNodeSender', () => {
  it('refuses loopback, private, link-local and metadata addresses unless the host is allowed', async () => {
    const send = webhookNodeSender();
    await expect(send(call('/x'))).rejects.toThrow('127.0.0.1 resolves to 127.0.0.1, a private or local address; an admin must allow this host');
    await expect(send({ ...call('/x'), url: 'http://169.254.169.254/latest/meta-data' })).rejects.toThrow(/private or local/);
    const rebinding = webhookNodeSender({ resolve: async () => ['93.184.216.34', '10.1.2.3'] });
    await expect(rebinding(call('/x', 'hooks.example.com'))).rejects.toThrow('hooks.example.com resolves to 10.1.2.3');
    expect(received).toHaveLength(0);
  });

  it('posts the body with its idempotency key to the address it checked', async () => {
    received.length = 0;
    const send = webhookNodeSender({ allowedHosts: ['crm.internal'], resolve: async () => ['127.0.0.1'] });
    await send(call('/ok', 'crm.internal'));
    expect(received).toEqual([
      {
        method: 'POST',
        headers: expect.objectContaining({ 'idempotency-key': 'run_1:hook:2', 'content-type': 'application/json', 'x-brand': 'acme', host: `crm.internal:${port}` }),
        body: '{"a":1}',
      },
    ]);
  });

  it('fails on a non-2xx answer, a redirect included, and when no answer comes in time', async () => {
    const send = webhookNodeSender({ allowedHosts: ['127.0.0.1'] });
    statuses = [503, 302];
    await expect(send(call('/x'))).rejects.toThrow(`Webhook 127.0.0.1:${port} answered 503`);
    await expect(send(call('/x'))).rejects.toThrow(`Webhook 127.0.0.1:${port} answered 302`);
    await expect(send({ ...call('/silent'), timeoutMs: 150 })).rejects.toThrow(`did not answer within 150 ms`);
  });

  it('reads WEBHOOK_ALLOWED_HOSTS as a comma list', () => {
    expect(parseAllowedHosts(' CRM.internal, ,relay.local ')).toEqual(['crm.internal', 'relay.local']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });
});
