import { describe, expect, it } from 'vitest';
import { executeForTest } from '../../core/execute-context.ts';
import { journeySettingsSchema } from '../../core/settings.ts';
import { contentPushExecutor } from './content-push.execute.ts';

const config = { channel: 'sms', title: '{{contact.name}} 专享', template: '你好 {{contact.name | 朋友}}，券码 {{offer.code}}' } as const;

describe('content_push executor', () => {
  it('renders title and body from the contact and the run context', async () => {
    const outcome = await executeForTest(contentPushExecutor, config, {
      contact: { id: 'c1', name: '小王', attributes: {}, tags: [] },
      run: { id: 'r', journeyId: 'j', version: 1, contactId: 'c1', context: { offer: { code: 'ABC' } } },
    });
    expect(outcome).toEqual({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'message', channel: 'sms', title: '小王 专享', body: '你好 小王，券码 ABC' }],
    });
  });

  it('uses fallbacks for missing variables', async () => {
    const outcome = await executeForTest(contentPushExecutor, config);
    expect(outcome.effects).toEqual([{ kind: 'message', channel: 'sms', title: ' 专享', body: '你好 朋友，券码 ' }]);
  });

  const quiet = journeySettingsSchema.parse({ timezone: 'Asia/Shanghai', quietHours: { start: '22:00', end: '08:00' } });

  it('waits for the end of quiet hours instead of sending', async () => {
    const now = Date.parse('2026-01-01T23:30:00+08:00');
    const outcome = await executeForTest(contentPushExecutor, config, { settings: quiet, now });
    expect(outcome).toEqual({ type: 'wait', until: Date.parse('2026-01-02T08:00:00+08:00') });
  });

  it('sends outside quiet hours, and when woken at their end', async () => {
    for (const at of ['2026-01-01T12:00:00+08:00', '2026-01-02T08:00:00+08:00']) {
      const outcome = await executeForTest(contentPushExecutor, config, { settings: quiet, now: Date.parse(at), resume: { reason: 'timer' } });
      expect(outcome.type).toBe('next');
    }
  });
});
