import type { Effect } from './define-executor.ts';
import { utf8Length } from './utf8.ts';
import { CHANNEL_TITLES, type Channel } from './vocabulary.ts';

/** How long a message's body may be on a channel, in UTF-8 bytes or in characters as the carrier counts. */
export interface MessageLimit {
  max: number;
  unit: 'bytes' | 'characters';
}

/**
 * The longest body each channel's carrier takes:
 * - WeCom: a text of a customer mass-send task or welcome message (`add_msg_template`,
 *   `send_welcome_msg`), private chat and group alike, is at most 4,000 bytes.
 * - Official account and mini-program customer-service texts: 2,048 bytes, as WeChat's text messages.
 * - SMS (Aliyun, Tencent Cloud): a long message is at most 500 characters, signature included.
 * - App push: APNs and FCM take 4 KiB per notification, title and data included: 3,000 bytes of body.
 * - E-mail has no carrier limit; mail clients cut bodies over ~100 KB (Gmail at 102 KB).
 */
export const CHANNEL_MESSAGE_LIMITS: Readonly<Record<Channel, MessageLimit>> = {
  wecom_private: { max: 4000, unit: 'bytes' },
  wecom_group: { max: 4000, unit: 'bytes' },
  official_account: { max: 2048, unit: 'bytes' },
  mini_program: { max: 2048, unit: 'bytes' },
  sms: { max: 500, unit: 'characters' },
  email: { max: 100 * 1024, unit: 'bytes' },
  app_push: { max: 3000, unit: 'bytes' },
};

/** The longest rendered title of a message on any channel, in characters. */
export const MAX_MESSAGE_TITLE_LENGTH = 200;

/** Characters as carriers count them: a character outside the BMP (an emoji) is one. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The `message` effect of a node that sends `body` (and `title`) through `channel`, after checking them
 * against the channel's carrier limit: a message too long for it throws, which fails the step with
 * the reason, rather than storing a message the carrier would refuse or cut.
 *
 * @example
 * ```ts
 * return { type: 'next', port: 'out', effects: [channelMessage(config.channel, render(config.title), render(config.template))] };
 * ```
 */
export function channelMessage(channel: string, title: string, body: string): Extract<Effect, { kind: 'message' }> {
  const limit = CHANNEL_MESSAGE_LIMITS[channel as Channel] as MessageLimit | undefined;
  if (limit) {
    const size = limit.unit === 'bytes' ? utf8Length(body) : characters(body);
    if (size > limit.max) {
      const name = CHANNEL_TITLES[channel as Channel].en;
      throw new Error(`The message is ${size} ${limit.unit} long; ${name} takes at most ${limit.max} ${limit.unit}`);
    }
  }
  if (characters(title) > MAX_MESSAGE_TITLE_LENGTH) {
    throw new Error(`The message title is longer than ${MAX_MESSAGE_TITLE_LENGTH} characters`);
  }
  return { kind: 'message', channel, title, body };
}
