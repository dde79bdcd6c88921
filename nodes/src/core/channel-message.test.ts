import { describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGE_LIMITS, channelMessage, MAX_MESSAGE_TITLE_LENGTH } from './channel-message.ts';
import { CHANNELS } from './vocabulary.ts';

describe('channelMessage', () => {
  it('has a limit for every channel', () => {
    expect(Object.keys(CHANNEL_MESSAGE_LIMITS).sort()).toEqual([...CHANNELS].sort());
  });

  it('counts SMS in characters, an emoji as one', () => {
    expect(channelMessage('sms', '', '好'.repeat(500))).toMatchObject({ kind: 'message', channel: 'sms' });
    expect(channelMessage('sms', '', '🎉'.repeat(500)).body).toHaveLength(1000);
    expect(() => channelMessage('sms', '', 'x'.repeat(501))).toThrow('The message is 501 characters long; SMS takes at most 500 characters');
  });

  it('counts WeCom in UTF-8 bytes, as the API does', () => {
    expect(channelMessage('wecom_private', '', '好'.repeat(1333)).body).toHaveLength(1333);
    expect(() => channelMessage('wecom_group', '', '好'.repeat(1334))).toThrow('4002 bytes long; WeCom group takes at most 4000 bytes');
  });

  it('bounds the title on every channel, and leaves channels it does not know to their adapter', () => {
    expect(() => channelMessage('email', 't'.repeat(MAX_MESSAGE_TITLE_LENGTH + 1), 'hi')).toThrow(/title/);
    expect(channelMessage('fax', '', 'x'.repeat(10_000)).channel).toBe('fax');
  });
});
