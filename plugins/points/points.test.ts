import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentDeliveryError, type DeliveryContext } from '@journey/sdk';
import { chainGraph, createTestServices, runJourney, runNode } from '@journey/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import plugin, { award, ledger } from './index.ts';

describe('points/award', () => {
  it('asks the ledger for the points, with the reason, and tells later nodes how many', async () => {
    expect(await runNode(award, { config: { points: 50 }, contact: { id: 'c9' } })).toEqual({
      type: 'next',
      port: 'out',
      context: { points: { awarded: 50 } },
      effects: [{ kind: 'call', channel: 'ledger', payload: { contactId: 'c9', points: 50, reason: '旅程奖励' } }],
    });
  });

  it('awards once per visit in a journey, under the step idempotency key', async () => {
    const graph = chainGraph([
      { id: 'entry', type: 'entry', config: { reentry: 'always' } },
      { id: 'award', type: 'points/award', config: { points: 20, reason: '首单' } },
      { id: 'thanks', type: 'content_push', config: { template: '已到账 {{points.awarded}} 积分' } },
    ]);
    const events = [{ contactId: 'c1', type: 'contact.acquired' }, { contactId: 'c1', type: 'contact.acquired' }];
    const result = await runJourney(graph, { plugins: [plugin], events });
    expect(result.effects.filter((e) => e.effect.kind === 'call').map((e) => [e.idempotencyKey, e.effect])).toEqual([
      ['run_1:award:2', { kind: 'call', channel: 'points/ledger', payload: { contactId: 'c1', points: 20, reason: '首单' } }],
      ['run_2:award:2', { kind: 'call', channel: 'points/ledger', payload: { contactId: 'c1', points: 20, reason: '首单' } }],
    ]);
    expect(result.messages.map((m) => m.effect.body)).toEqual(['已到账 20 积分', '已到账 20 积分']);
  });
});

describe('points/ledger delivery', () => {
  let server: Server | undefined;
  const received: { headers: IncomingMessage['headers']; body: unknown }[] = [];
  afterEach(() => {
    server?.close();
    received.length = 0;
    delete process.env.POINTS_API_URL;
  });

  /** A local double of the loyalty service answering `status` and `{ balance: 120 }`. */
  async function pointsService(status: number) {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(text) });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ balance: 120 }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    process.env.POINTS_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/points`;
  }
  const context: DeliveryContext = {
    idempotencyKey: 'run_1:award:2',
    attempt: 1,
    signal: AbortSignal.timeout(5000),
    origin: { runId: 'run_1', journeyId: 'j1', contactId: 'c1', nodeId: 'award' },
    services: createTestServices('points'),
  };
  const payload = { contactId: 'c1', points: 20, reason: '首单' };

  it('posts the payload with the idempotency key and records the answer', async () => {
    await pointsService(200);
    expect(await ledger.deliver(payload, context)).toEqual({ balance: 120 });
    expect(received).toEqual([{ headers: expect.objectContaining({ 'idempotency-key': 'run_1:award:2' }), body: payload }]);
  });

  it('gives up at once on a refusal, and has a server error retried', async () => {
    await pointsService(422);
    await expect(ledger.deliver(payload, context)).rejects.toThrow(new PermanentDeliveryError('The points service refused: 422'));
    server!.close();
    await pointsService(503);
    const failure = ledger.deliver(payload, context);
    await expect(failure).rejects.toThrow('The points service answered 503');
    await expect(failure).rejects.not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('cannot deliver without its address', async () => {
    await expect(ledger.deliver(payload, context)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
