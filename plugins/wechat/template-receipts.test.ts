import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { processCallback } from './callbacks.ts';
import { parseXmlFields } from './callback-crypto.ts';
import { awaitTemplateReport, REPORT_WITHIN_MS, templateReportsTask } from './template-receipts.ts';
import { templateJobFinished } from './testing/wechat-callbacks.ts';

let now = Date.UTC(2026, 11, 1, 12);
let services: TestServices;
const report = (msgId: number, status: string) => processCallback(services, parseXmlFields(templateJobFinished({ openid: 'oFollower1', msgId, status })));

beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 12);
  services = createTestServices('wechat', { now: () => now });
});

describe('template message reports', () => {
  it('settle the message as WeChat reports it: sent, refused by the follower, or not delivered', async () => {
    await awaitTemplateReport(services, 1001, 'out_1');
    await awaitTemplateReport(services, 1002, 'out_2');
    await awaitTemplateReport(services, 1003, 'out_3');
    await report(1001, 'success');
    await report(1002, 'failed:user block');
    await report(1003, 'failed: system failed');
    await report(9999, 'success');
    expect(Object.fromEntries(services.settled)).toEqual({
      out_1: { status: 'sent' },
      out_2: { status: 'failed', error: 'The follower refuses template messages from the Official Account (WeChat: failed:user block)' },
      out_3: { status: 'failed', error: 'WeChat could not deliver the template message (WeChat: failed: system failed)' },
    });
    expect(await services.records.list('template_sent')).toEqual([]);
    expect(services.events).toEqual([]);
  });

  it('keep a report that came before the outbox awaited it, for the task; and count a message without one as sent after a day', async () => {
    await awaitTemplateReport(services, 1001, 'out_1');
    services.settled.set('out_1', { status: 'sent' });
    await report(1001, 'failed:user block');
    expect((await services.records.get('template_sent', '1001'))?.value.outcome).toEqual({ status: 'failed', error: expect.stringContaining('user block') });
    services.settled.delete('out_1');
    await templateReportsTask.run(services);
    expect(services.settled.get('out_1')).toMatchObject({ status: 'failed' });
    expect(await services.records.list('template_sent')).toEqual([]);

    await awaitTemplateReport(services, 1002, 'out_2');
    await templateReportsTask.run(services);
    expect(services.settled.has('out_2')).toBe(false);
    now += REPORT_WITHIN_MS + 1;
    await templateReportsTask.run(services);
    expect(services.settled.get('out_2')).toEqual({ status: 'sent' });
  });
});
