import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { webhookSpec } from './webhook.spec.ts';
import { createWebhookExecutor, type WebhookRequest } from './webhook.execute.ts';

const contact = { id: 'c1', name: '小"王"', attributes: { city: '上海' }, tags: [] };

describe('webhook executor', () => {
  it('sends the rendered JSON body, rendered headers and the step idempotency key, then leaves by out', async () => {
    const sent: WebhookRequest[] = [];
    const executor = createWebhookExecutor(async (request) => void sent.push(request));
    const outcome = await runNode(executor, {
      config: {
        url: 'https://crm.example.com/hook',
        headers: { 'x-contact': '{{contact.id}}' },
        body: '{"name": "{{contact.name}}", "city": "{{contact.attributes.city}}", "n": 1, "tags": ["{{contact.id}}"]}',
      },
      contact,
      run: { id: 'run_9' },
      node: { id: 'hook' },
    });
    expect(outcome).toEqual({ type: 'next', port: 'out' });
    expect(sent).toEqual([
      {
        url: 'https://crm.example.com/hook',
        method: 'POST',
        headers: { 'x-contact': 'c1' },
        body: JSON.stringify({ name: '小"王"', city: '上海', n: 1, tags: ['c1'] }),
        timeoutMs: 5000,
        idempotencyKey: 'run_9:hook:1',
      },
    ]);
  });

  it('fails the step when the sender refuses, and when the body template is not JSON', async () => {
    const refusing = createWebhookExecutor(async () => {
      throw new Error('10.0.0.5 is a private address');
    });
    await expect(runNode(refusing, { config: { url: 'https://crm.example.com/hook' } })).rejects.toThrow('10.0.0.5 is a private address');
    const any = createWebhookExecutor(async () => {});
    await expect(runNode(any, { config: { url: 'https://crm.example.com/hook', body: '{"a": ' } })).rejects.toThrow(/not valid JSON/);
  });

  it('fails the step when the rendered body is over its limit', async () => {
    const any = createWebhookExecutor(async () => {});
    const big = { id: 'c1', name: null, attributes: { big: 'x'.repeat(200_000) }, tags: [] };
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, '{{contact.attributes.big}}'])));
    await expect(runNode(any, { config: { url: 'https://crm.example.com/hook', body }, contact: big })).rejects.toThrow(/at most 1048576/);
  });

  it('refuses a Host header and the other headers the sender sets, naming the header', () => {
    for (const name of ['Host', 'content-length', 'Transfer-Encoding', 'Idempotency-Key', 'bad name']) {
      const issues = webhookSpec.config.safeParse({ url: 'https://crm.example.com/hook', headers: { [name]: 'x' } }).error?.issues;
      expect(issues).toEqual([expect.objectContaining({ path: ['headers', name] })]);
    }
    const [host] = webhookSpec.config.safeParse({ url: 'https://crm.example.com/hook', headers: { Host: '169.254.169.254' } }).error!.issues;
    expect(host).toMatchObject({ code: 'invalid_key', issues: [{ message: 'The webhook sets this header itself' }] });
    expect(webhookSpec.config.safeParse({ url: 'https://crm.example.com/hook', headers: { 'X-Signature': 'k' } }).success).toBe(true);
  });

  it('retries more than the default before the run fails', () => {
    expect(createWebhookExecutor(async () => {}).maxAttempts).toBe(5);
  });
});
