import { chainGraph, createFakeClock, HARNESS_START, runJourney, runNode } from '@journey/sdk/testing';
import { eventCountKey, eventCountQuery } from '@journey/sdk';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { oaMessageExecutor } from './oa-message.execute.ts';
import { oaMessageSpec, windowNeeds } from './oa-message.spec.ts';

const HOUR = 3_600_000;
const interacted = (contactId: string, window: 'message' | 'event', at: number) => ({ contactId, type: 'official_account.interacted', properties: { window }, at });
/** The counts the runtime would load for a contact whose windows' interactions number `message` and `event`. */
const counts = (message: number, event: number, now = HARNESS_START) => {
  const [m, e] = windowNeeds.map((need) => eventCountKey(eventCountQuery(need, now, now)));
  return { [m!]: message, [e!]: event };
};

describe('oa_message', () => {
  it('sends the text as a customer-service message inside the window', async () => {
    for (const eventCounts of [counts(1, 0), counts(0, 1)]) {
      expect(await runNode(oaMessageExecutor, { config: { text: '{{contact.name | 朋友}}，你要的优惠券来了' }, contact: { name: '小王', eventCounts } })).toEqual({
        type: 'next',
        port: 'out',
        effects: [{ kind: 'message', channel: 'official_account', title: '', body: '小王，你要的优惠券来了' }],
      });
    }
  });

  it('outside the window waits for the follower to interact, then sends; or leaves by timeout', async () => {
    const config = { text: '欢迎回来', timeout: { days: 0, hours: 6, minutes: 0, seconds: 0 } };
    expect(await runNode(oaMessageExecutor, { config, contact: { eventCounts: counts(0, 0) } })).toEqual({
      type: 'wait',
      until: HARNESS_START + 6 * HOUR,
      event: { type: 'official_account.interacted' },
    });
    const event = { id: 'e1', type: 'official_account.interacted', properties: { window: 'message' }, timestamp: HARNESS_START };
    expect(await runNode(oaMessageExecutor, { config, resume: { reason: 'event', event } })).toMatchObject({ type: 'next', port: 'out', effects: [{ body: '欢迎回来' }] });
    expect(await runNode(oaMessageExecutor, { config, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'timeout' });
  });

  it('outside the window sends the fallback template in template mode, and needs its id', async () => {
    const config = { text: '欢迎回来', outside: 'template' as const, template: 'TPL_ARRIVAL', variables: 'thing1={{contact.name}}\n_url=https://shop.example' };
    expect(await runNode(oaMessageExecutor, { config, contact: { name: '小王', eventCounts: counts(0, 0) } })).toEqual({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'message', channel: 'official_account', title: 'TPL_ARRIVAL', body: 'thing1=小王\n_url=https://shop.example' }],
    });
    const missing = oaMessageSpec.config.safeParse({ text: '欢迎回来', outside: 'template' });
    expect(missing.success ? [] : missing.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['template', 'Name the template to send outside the window']]);
  });

  it('skips a contact who opted out of the Official Account', async () => {
    expect(await runNode(oaMessageExecutor, { config: { text: '你好' }, contact: { optedOut: ['official_account'], eventCounts: counts(1, 0) } })).toEqual({ type: 'next', port: 'out', reason: 'consent.opted_out' });
  });

  it('in a journey knows the window from the follower’s interactions, with a margin before it closes', async () => {
    const graph = chainGraph(
      [
        { id: 'entry', type: 'entry', config: { event: 'order.paid' } },
        { id: 'cs', type: 'wechat/oa_message', config: { text: '订单已收到', timeout: { days: 1, hours: 0, minutes: 0, seconds: 0 } } },
        { id: 'done', type: 'tag', config: { add: ['notified'] } },
      ],
      [['cs', 'timeout', 'late']],
    );
    graph.nodes.push({ id: 'late', type: 'tag', position: { x: 0, y: 0 }, config: { add: ['not_reached'] } });
    const result = await runJourney(graph, {
      plugins: [plugin],
      clock: createFakeClock(HARNESS_START - 3 * 24 * HOUR),
      events: [
        // c1 messaged the account 10 hours before ordering: inside the 48 hours.
        interacted('c1', 'message', HARNESS_START - 10 * HOUR),
        { contactId: 'c1', type: 'order.paid', at: HARNESS_START },
        // c2 messaged 47.5 hours before: too close to the end of the window, so the node waits; they message again 2 hours later.
        interacted('c2', 'message', HARNESS_START - 47.5 * HOUR),
        { contactId: 'c2', type: 'order.paid', at: HARNESS_START },
        interacted('c2', 'message', HARNESS_START + 2 * HOUR),
        // c3 followed 30 s before ordering (1-minute window); c4 a day before and never again.
        interacted('c3', 'event', HARNESS_START - 30_000),
        { contactId: 'c3', type: 'order.paid', at: HARNESS_START },
        interacted('c4', 'event', HARNESS_START - 24 * HOUR),
        { contactId: 'c4', type: 'order.paid', at: HARNESS_START },
      ],
    });
    expect(result.messages.map((m) => [m.contactId, m.at - HARNESS_START, m.effect.body])).toEqual([
      ['c1', 0, '订单已收到'],
      ['c3', 0, '订单已收到'],
      ['c2', 2 * HOUR, '订单已收到'],
    ]);
    expect(result.runOf('c4')!.path).toEqual(['entry', 'cs', 'late']);
    expect(result.runOf('c2')!.path).toEqual(['entry', 'cs', 'done']);
  });
});
