import { describe, expect, it } from 'vitest';
import { eventCountKey, eventCountQuery, journeySettingsSchema, subscriptionNeeds, type EventCountNeed } from '../../sdk.ts';
import { runNode } from '../../testing.ts';
import { contentPushExecutor } from './content-push.execute.ts';
import { contentPushSpec } from './content-push.spec.ts';

const config = { channel: 'sms', title: '{{contact.name}} 专享', template: '你好 {{contact.name | 朋友}}，券码 {{offer.code}}' } as const;

describe('content_push executor', () => {
  it('renders title and body from the contact and the run context', async () => {
    const outcome = await runNode(contentPushExecutor, { config, contact: { name: '小王' }, context: { offer: { code: 'ABC' } } });
    expect(outcome).toEqual({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'message', channel: 'sms', title: '小王 专享', body: '你好 小王，券码 ABC' }],
    });
  });

  it('uses fallbacks for missing variables', async () => {
    const outcome = await runNode(contentPushExecutor, { config });
    expect(outcome.effects).toEqual([{ kind: 'message', channel: 'sms', title: ' 专享', body: '你好 朋友，券码 ' }]);
  });

  const quiet = journeySettingsSchema.parse({ timezone: 'Asia/Shanghai', quietHours: { start: '22:00', end: '08:00' } });

  it('waits for the end of quiet hours instead of sending', async () => {
    const now = Date.parse('2026-01-01T23:30:00+08:00');
    const outcome = await runNode(contentPushExecutor, { config, settings: quiet, now });
    expect(outcome).toEqual({ type: 'wait', until: Date.parse('2026-01-02T08:00:00+08:00'), reason: 'quiet_hours' });
  });

  it('sends outside quiet hours, and when woken at their end', async () => {
    for (const at of ['2026-01-01T12:00:00+08:00', '2026-01-02T08:00:00+08:00']) {
      const outcome = await runNode(contentPushExecutor, { config, settings: quiet, now: Date.parse(at), resume: { reason: 'timer' } });
      expect(outcome.type).toBe('next');
    }
  });
});

describe('content_push frequency cap', () => {
  const hour = 3_600_000;
  const now = Date.parse('2026-01-01T12:00:00+08:00');
  const capped = (channels: string[] = []) =>
    journeySettingsSchema.parse({ timezone: 'Asia/Shanghai', frequencyCap: { max: 2, perHours: 24, channels } });
  const contactWith = (messages: { journeyId: string; channel: string; at: number }[]) => ({ id: 'c1', name: null, attributes: {}, tags: [], messages });
  const run = { journeyId: 'j' };

  it('waits until the oldest message of a full window leaves it', async () => {
    const contact = contactWith([
      { journeyId: 'j', channel: 'sms', at: now - 20 * hour },
      { journeyId: 'j', channel: 'sms', at: now - 2 * hour },
    ]);
    expect(await runNode(contentPushExecutor, { config, settings: capped(), now, contact, run })).toEqual({ type: 'wait', until: now + 4 * hour, reason: 'frequency_cap.journey' });
    const later = await runNode(contentPushExecutor, { config, settings: capped(), now: now + 4 * hour, contact, run, resume: { reason: 'timer' } });
    expect(later.type).toBe('next');
  });

  it('counts only this journey and this channel, and only the capped channels', async () => {
    const contact = contactWith([
      { journeyId: 'other', channel: 'sms', at: now - hour },
      { journeyId: 'other', channel: 'sms', at: now - hour },
      { journeyId: 'j', channel: 'email', at: now - hour },
      { journeyId: 'j', channel: 'email', at: now - hour },
      { journeyId: 'j', channel: 'sms', at: now - hour },
    ]);
    expect((await runNode(contentPushExecutor, { config, settings: capped(), now, contact, run })).type).toBe('next');
    const full = contactWith([...contact.messages, { journeyId: 'j', channel: 'sms', at: now - 1 }]);
    expect((await runNode(contentPushExecutor, { config, settings: capped(['email']), now, contact: full, run })).type).toBe('next');
    expect((await runNode(contentPushExecutor, { config, settings: capped(['sms']), now, contact: full, run })).type).toBe('wait');
  });

  it('delays to a moment that keeps both the cap and the quiet hours', async () => {
    // The cap frees a slot at 23:00, inside quiet hours 22:00–08:00: the message waits for 08:00.
    const settings = journeySettingsSchema.parse({ timezone: 'Asia/Shanghai', quietHours: { start: '22:00', end: '08:00' }, frequencyCap: { max: 1, perHours: 11 } });
    const contact = contactWith([{ journeyId: 'j', channel: 'sms', at: now }]);
    const outcome = await runNode(contentPushExecutor, { config, settings, now: now + hour, contact, run });
    expect(outcome).toEqual({ type: 'wait', until: Date.parse('2026-01-02T08:00:00+08:00'), reason: 'quiet_hours' });
  });

  it("fails the step when the rendered message is longer than the channel's carrier takes", async () => {
    const contact = { id: 'c1', name: '小'.repeat(150), attributes: { big: 'x'.repeat(100_000) }, tags: [] };
    const sms = { ...config, template: '{{contact.name}}'.repeat(4) };
    await expect(runNode(contentPushExecutor, { config: sms, contact })).rejects.toThrow('The message is 600 characters long; SMS takes at most 500 characters');
    const repeating = { channel: 'email', template: '{{contact.attributes.big}}'.repeat(150) } as const;
    await expect(runNode(contentPushExecutor, { config: repeating, contact })).rejects.toThrow(/renders to more than/);
  });
});

describe('content_push workspace cap, priority and consent', () => {
  const hour = 3_600_000;
  const now = Date.parse('2026-01-01T12:00:00+08:00');
  const run = { journeyId: 'j' };
  const contactWith = (messages: { journeyId: string; channel: string; at: number }[], optedOut?: string[]) => ({
    id: 'c1',
    name: null,
    attributes: {},
    tags: [],
    messages,
    ...(optedOut ? { optedOut } : {}),
  });
  const workspace = (rules: { channels?: string[]; max: number; perHours: number }[]) => ({ frequencyCap: { rules } }) as never;

  it('counts the messages of every journey against a workspace rule, and holds until its window frees a slot', async () => {
    const contact = contactWith([
      { journeyId: 'a', channel: 'sms', at: now - 10 * hour },
      { journeyId: 'b', channel: 'email', at: now - 1 * hour },
    ]);
    const allChannels = workspace([{ max: 2, perHours: 24 }]);
    expect(await runNode(contentPushExecutor, { config, workspace: allChannels, now, contact, run })).toEqual({
      type: 'wait',
      until: now + 14 * hour,
      reason: 'frequency_cap.workspace',
    });
    // An SMS-only rule counts the SMS alone: one of two.
    expect((await runNode(contentPushExecutor, { config, workspace: workspace([{ channels: ['sms'], max: 2, perHours: 24 }]), now, contact, run })).type).toBe('next');
    // A rule over email only does not hold an SMS.
    expect((await runNode(contentPushExecutor, { config, workspace: workspace([{ channels: ['email'], max: 1, perHours: 24 }]), now, contact, run })).type).toBe('next');
  });

  it("holds to the later of the journey's and the workspace's caps", async () => {
    const contact = contactWith([
      { journeyId: 'j', channel: 'sms', at: now - 23 * hour },
      { journeyId: 'other', channel: 'sms', at: now - 2 * hour },
    ]);
    const settings = journeySettingsSchema.parse({ frequencyCap: { max: 1, perHours: 24 } });
    const outcome = await runNode(contentPushExecutor, { config, settings, workspace: workspace([{ max: 2, perHours: 48 }]), now, contact, run });
    expect(outcome).toEqual({ type: 'wait', until: now + 25 * hour, reason: 'frequency_cap.workspace' });
  });

  it("holds a message past its carrier's monthly limit until the next month on the carrier's calendar, counting the channels it serves", async () => {
    const wecom = { ...config, channel: 'wecom_private' as const };
    const limit = { channels: ['wecom/private', 'wecom_private'], max: 2, period: 'month' as const, timezone: 'Asia/Shanghai' };
    // 2026-01-01 00:30 in Shanghai is still 2025-12-31 in UTC: the month is counted in China time.
    const newYear = Date.parse('2026-01-01T00:30:00+08:00');
    const lastMonth = contactWith([
      { journeyId: 'a', channel: 'wecom_private', at: newYear - 2 * hour },
      { journeyId: 'b', channel: 'wecom_private', at: newYear - 1 * hour },
    ]);
    expect((await runNode(contentPushExecutor, { config: wecom, carrierLimits: [limit], now: newYear, contact: lastMonth, run })).type).toBe('next');
    const thisMonth = contactWith([
      { journeyId: 'a', channel: 'wecom_private', at: newYear - 10 * 60_000 },
      { journeyId: 'b', channel: 'wecom/private', at: newYear - 5 * 60_000 },
      { journeyId: 'b', channel: 'sms', at: newYear - 60_000 },
    ]);
    expect(await runNode(contentPushExecutor, { config: wecom, carrierLimits: [limit], now: newYear, contact: thisMonth, run })).toEqual({
      type: 'wait',
      until: Date.parse('2026-02-01T00:00:00+08:00'),
      reason: 'frequency_cap.carrier',
    });
    // Other channels and transactional messages are not the carrier's to count.
    expect((await runNode(contentPushExecutor, { config, carrierLimits: [limit], now: newYear, contact: thisMonth, run })).type).toBe('next');
    const transactional = { ...wecom, priority: 'transactional' as const };
    expect((await runNode(contentPushExecutor, { config: transactional, carrierLimits: [limit], now: newYear, contact: thisMonth, run })).type).toBe('next');
  });

  it('sends a transactional message through caps and quiet hours, marked so it counts toward nothing', async () => {
    const contact = contactWith([{ journeyId: 'j', channel: 'sms', at: now - hour }]);
    const settings = journeySettingsSchema.parse({ timezone: 'Asia/Shanghai', quietHours: { start: '00:00', end: '23:59' }, frequencyCap: { max: 1, perHours: 24 } });
    const outcome = await runNode(contentPushExecutor, {
      config: { ...config, priority: 'transactional' },
      settings,
      workspace: workspace([{ max: 1, perHours: 24 }]),
      now,
      contact,
      run,
    });
    expect(outcome).toMatchObject({ type: 'next', port: 'out', effects: [{ kind: 'message', channel: 'sms', priority: 'transactional' }] });
    const marketing = await runNode(contentPushExecutor, { config, now, contact: contactWith([]), run });
    expect(marketing.effects?.[0]).not.toHaveProperty('priority');
  });

  it('skips a marketing message to a contact who opted out of its channel or of all; transactional stops only for all', async () => {
    const skipped = { type: 'next', port: 'out', reason: 'consent.opted_out' };
    expect(await runNode(contentPushExecutor, { config, contact: contactWith([], ['sms']), run })).toEqual(skipped);
    expect(await runNode(contentPushExecutor, { config, contact: contactWith([], ['*']), run })).toEqual(skipped);
    expect((await runNode(contentPushExecutor, { config, contact: contactWith([], ['email']), run })).effects).toHaveLength(1);
    const transactional = { ...config, priority: 'transactional' } as const;
    expect((await runNode(contentPushExecutor, { config: transactional, contact: contactWith([], ['sms']), run })).effects).toHaveLength(1);
    expect(await runNode(contentPushExecutor, { config: transactional, contact: contactWith([], ['*']), run })).toEqual(skipped);
  });
});

describe('content_push on a subscription channel', () => {
  const now = Date.parse('2026-01-01T12:00:00+08:00');
  const enteredAt = now - 60_000;
  const mini = { channel: 'mini_program', title: 'tmpl-1', template: 'thing1=龙井' } as const;
  const withCounts = (subscribed: number, used: number, title = 'tmpl-1', channel = 'mini_program') => {
    const needs = subscriptionNeeds(channel, title)!;
    const key = (need: EventCountNeed) => eventCountKey(eventCountQuery(need, now, enteredAt));
    return { id: 'c1', name: null, attributes: {}, tags: [], eventCounts: { [key(needs.subscribed)]: subscribed, [key(needs.used)]: used } };
  };
  const run = { enteredAt };

  it('sends on a subscription left, and waits for the next one of its template when none is left', async () => {
    expect((await runNode(contentPushExecutor, { config: mini, contact: withCounts(2, 1), now, run })).type).toBe('next');
    expect(await runNode(contentPushExecutor, { config: mini, contact: withCounts(1, 1), now, run })).toEqual({
      type: 'wait',
      until: now + 3 * 86_400_000,
      event: { type: 'mini_program.subscribed', match: { templateId: 'tmpl-1' } },
    });
  });

  it('sends when the subscription it waited for arrives, and is skipped when the wait ends with none', async () => {
    const event = { id: 'evt_1', type: 'mini_program.subscribed', properties: { templateId: 'tmpl-1' }, timestamp: now };
    const arrived = await runNode(contentPushExecutor, { config: mini, contact: withCounts(1, 1), now, run, resume: { reason: 'event', event } });
    expect(arrived).toMatchObject({ type: 'next', port: 'out', effects: [{ kind: 'message', channel: 'mini_program', title: 'tmpl-1' }] });
    expect(await runNode(contentPushExecutor, { config: mini, contact: withCounts(1, 1), now, run, resume: { reason: 'timer' } })).toEqual({ type: 'next', port: 'out', reason: 'subscription.none' });
  });

  it('counts subscriptions only for subscription notifications on the Official Account, not its template messages', async () => {
    const notice = { channel: 'official_account', title: 'subscribe:N1', template: 'thing1=到货' } as const;
    expect(await runNode(contentPushExecutor, { config: notice, contact: withCounts(0, 0, 'subscribe:N1', 'official_account'), now, run })).toMatchObject({
      type: 'wait',
      event: { type: 'official_account.subscribed', match: { templateId: 'N1' } },
    });
    expect(contentPushSpec.eventCounts!(contentPushSpec.config.parse(notice))).toHaveLength(2);
    const templateMessage = { channel: 'official_account', title: 'TPL_1', template: 'first=你好' } as const;
    expect((await runNode(contentPushExecutor, { config: templateMessage, now, run })).type).toBe('next');
    expect(contentPushSpec.eventCounts!(contentPushSpec.config.parse(templateMessage))).toEqual([]);
  });
});
