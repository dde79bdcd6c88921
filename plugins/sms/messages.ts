import { awaitConfirmation, defineChannel, parseTemplateVariables, PermanentDeliveryError, type ChannelMessage, type DeliveryContext, type PluginServices, type PluginTask } from '@journey/sdk';
import { AliyunSms } from './aliyun-sms.ts';
import { smsConfig, type SmsConfig } from './config.ts';
import { deliveryError, parsePhone, type SmsCarrier, type TemplateParams } from './sms-carrier.ts';
import { TencentSms } from './tencent-sms.ts';

/** How long a message waits for its carrier's delivery receipt before it is `failed` (both carriers report within 72 hours). */
export const RECEIPT_WITHIN_MS = 72 * 3_600_000;

/** A message the carrier accepted, waiting for its delivery receipt; key `<provider>:<carrier id>`. */
export interface SentRecord extends Record<string, unknown> {
  messageId: string;
  sentAt: number;
  /** The receipt, when it came before the outbox marked the message as awaiting it: settled by `receiptsTask`. */
  outcome?: { status: 'sent' } | { status: 'failed'; error: string };
}

/** Who the plugin last sent to at a number (key: its E.164 digits), so that a reply finds its contact. */
export interface PhoneRecord extends Record<string, unknown> {
  contactId: string;
}

export const sentKey = (provider: SmsConfig['provider'], carrierId: string) => `${provider}:${carrierId}`;

/** The carrier the configuration names. */
export function smsCarrier(config: SmsConfig, now: () => number): SmsCarrier {
  return config.provider === 'aliyun' ? new AliyunSms(config, now) : new TencentSms(config, now);
}

/**
 * What a `content_push` on `sms` means to the carriers, which send only approved templates: its title is
 * the template (Aliyun's template code `SMS_123456789`, Tencent Cloud's template id `1234567`), its
 * rendered body the template's variables as JSON — an object by name for Aliyun (`{"code":"{{offer.code}}"}`),
 * an array in order for Tencent Cloud (`["{{offer.code}}"]`) — or one `name=value` a line (`code={{offer.code}}`;
 * Tencent Cloud's by position: `1=…`, `2=…`), which takes any value as it is (a name with a `"` breaks JSON),
 * or empty for a template without variables.
 *
 * @example smsContent({ title: 'SMS_1', body: '{"code":"8848"}' }) // { template: 'SMS_1', params: { code: '8848' } }
 * @example smsContent({ title: 'SMS_1', body: 'name=王"小"明\ncode=8848' }) // params: { name: '王"小"明', code: '8848' }
 */
export function smsContent(message: Pick<ChannelMessage, 'title' | 'body'>): { template: string; params: TemplateParams } {
  const template = message.title.trim();
  if (template === '') {
    throw new PermanentDeliveryError('An SMS names its approved template in the title (Aliyun template code such as SMS_123456789, or Tencent Cloud template id)');
  }
  return { template, params: parseTemplateVariables(message.body) };
}

/**
 * Sends a message to the contact's phone (its `phone` identity) through the configured carrier. With
 * `SMS_CALLBACK_TOKEN` set, the message then awaits the carrier's delivery receipt (`pending_confirmation`
 * until the callback settles it); without it, it is `sent` once the carrier accepted it.
 */
async function deliverSms(message: ChannelMessage, { origin, signal, services }: DeliveryContext) {
  const config = smsConfig(services.env);
  const { template, params } = smsContent(message);
  const stored = (await services.contactIdentities(origin.contactId)).phone;
  if (stored === undefined) throw new PermanentDeliveryError(`Contact ${origin.contactId} has no phone number`);
  const phone = parsePhone(stored);
  if (!phone) throw new PermanentDeliveryError(`Contact ${origin.contactId}'s phone number ${stored} is not a mobile number`);
  let carrierId: string;
  try {
    ({ carrierId } = await smsCarrier(config, services.now).send({ phone, template, params, reference: message.id }, signal));
  } catch (err) {
    throw deliveryError(err);
  }
  await services.records.put('phone', phone.digits, { contactId: origin.contactId } satisfies PhoneRecord);
  const receipt = { provider: config.provider, carrierId };
  if (config.callbackToken === undefined) return receipt;
  const now = services.now();
  await services.records.put('sent', sentKey(config.provider, carrierId), { messageId: message.id, sentAt: now } satisfies SentRecord, { expiresAt: now + 2 * RECEIPT_WITHIN_MS });
  return awaitConfirmation(receipt);
}

/**
 * Settles a message by its carrier's receipt. A receipt that comes before the outbox marked the message as
 * awaiting it is kept on the record, for `receiptsTask` to settle.
 */
export async function settleByReceipt(services: PluginServices, key: string, outcome: NonNullable<SentRecord['outcome']>): Promise<boolean> {
  const sent = await services.records.get<SentRecord>('sent', key);
  if (!sent) return false;
  if (await services.settleMessage(sent.value.messageId, outcome)) {
    await services.records.delete('sent', key);
    return true;
  }
  await services.records.put('sent', key, { ...sent.value, outcome } satisfies SentRecord, { expiresAt: sent.value.sentAt + 2 * RECEIPT_WITHIN_MS });
  return false;
}

/**
 * Settles what the receipt callbacks could not yet (a receipt faster than the outbox), and fails the
 * messages whose receipt did not come within `RECEIPT_WITHIN_MS`.
 */
export const receiptsTask: PluginTask = {
  name: 'receipts',
  everyMs: 60_000,
  run: async (services) => {
    for (const { key, value: sent } of await services.records.list<SentRecord>('sent')) {
      const outcome =
        sent.outcome ??
        (services.now() - sent.sentAt > RECEIPT_WITHIN_MS ? { status: 'failed' as const, error: `No delivery receipt from the carrier within ${RECEIPT_WITHIN_MS / 3_600_000} hours` } : undefined);
      if (outcome === undefined) continue;
      if ((await services.settleMessage(sent.messageId, outcome)) || sent.outcome === undefined) await services.records.delete('sent', key);
    }
  },
};

/** `sms` through the configured carrier (Aliyun or Tencent Cloud): approved templates, delivery receipts. */
export const smsChannel = defineChannel({
  kind: 'message',
  name: 'text',
  title: { 'zh-CN': '短信', en: 'SMS' },
  serves: ['sms'],
  // Both carriers refuse a number's eleventh message of a day by default (Aliyun 流控, Tencent
  // LimitExceeded.PhoneNumberDailyLimit), counted on China's calendar: hold marketing messages past it.
  limit: { max: 10, period: 'day', timezone: 'Asia/Shanghai' },
  // Neither SendSms takes an idempotency key: a delivery cut off is left to an operator.
  honoursIdempotencyKey: false,
  deliver: deliverSms,
  advise: ({ title }) =>
    title.trim() === ''
      ? {
          'zh-CN': '短信只能发送审核通过的模板：请在标题中选择模板，内容填写模板变量；没有模板的短信不会发出',
          en: 'SMS sends approved templates only: pick the template in the title and fill its variables in the content; an SMS without one is not sent',
        }
      : undefined,
  templates: ({ services, signal }) => smsCarrier(smsConfig(services.env), services.now).templates(signal),
});
