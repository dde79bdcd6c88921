import { timingSafeEqual } from 'node:crypto';
import { CONSENT_EVENTS, z, type PluginEvent, type PluginRoute, type PluginServices } from '@journey/sdk';
import { readSmsConfig, type SmsConfig } from './config.ts';
import { sentKey, settleByReceipt, type PhoneRecord, type SentRecord } from './messages.ts';
import { parsePhone, phoneSpellings, type PhoneNumber } from './sms-carrier.ts';

type Provider = SmsConfig['provider'];

/**
 * Replies that unsubscribe (回复 T / TD / N / R / 退订), compared upper-cased without spaces and
 * punctuation: the wording carriers and regulators ask SMS marketing to offer.
 */
const UNSUBSCRIBE_REPLIES = new Set(['T', 'TD', 'N', 'R', '退订', '退']);

/** Whether a reply asks to stop SMS. */
export function isUnsubscribeReply(text: string): boolean {
  return UNSUBSCRIBE_REPLIES.has(text.toUpperCase().replace(/[\s\p{P}]/gu, ''));
}

/** A carrier's delivery receipt, as the plugin settles messages by it. */
interface Receipt {
  carrierId: string;
  outcome: NonNullable<SentRecord['outcome']>;
}

/** A reply to a message: who sent it (a stored number), what, when (epoch ms) and the carrier's id for it. */
interface Reply {
  phone: string;
  text: string;
  at: number;
  id: string;
}

/** `yyyy-MM-dd HH:mm:ss` in China time, as both carriers write times. */
const chinaTime = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`);

const listOf = <T extends z.ZodType>(item: T) => z.union([z.array(item), item.transform((one) => [one])]);

/** Aliyun's SmsReport (HTTP batch push): one entry per message, `biz_id` as SendSms answered it. */
const aliyunReports = listOf(
  z.looseObject({ biz_id: z.string(), success: z.boolean(), err_code: z.string().default(''), err_msg: z.string().default('') }),
);
/** Aliyun's SmsUp: the replies to the account's messages. */
const aliyunReplies = listOf(
  z.looseObject({ phone_number: z.string(), content: z.string(), send_time: z.string(), sequence_id: z.union([z.string(), z.number()]) }),
);
/** Tencent Cloud's status callback (短信下发状态通知): `sid` is the SerialNo SendSms answered. */
const tencentReports = listOf(
  z.looseObject({ sid: z.string(), report_status: z.enum(['SUCCESS', 'FAIL']), errmsg: z.string().default(''), description: z.string().default('') }),
);
/** Tencent Cloud's reply callback (短信回复). */
const tencentReplies = listOf(z.looseObject({ mobile: z.string(), nationcode: z.string(), text: z.string(), time: z.number() }));

interface CallbackSpec<T extends z.ZodType> {
  provider: Provider;
  path: string;
  summary: string;
  body: T;
  handle(services: PluginServices, body: z.output<T>): Promise<void>;
}

/** What each carrier expects back from a callback it made. */
const ANSWERS: Record<Provider, { ok: object; refused: (message: string) => object }> = {
  aliyun: { ok: { code: 0, msg: '接收成功' }, refused: (msg) => ({ code: 1, msg }) },
  tencent: { ok: { result: 0, errmsg: 'OK' }, refused: (errmsg) => ({ result: 1, errmsg }) },
};

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * A carrier's callback: neither carrier signs its callbacks, so the URL configured in its console carries
 * `?token=<SMS_CALLBACK_TOKEN>`, compared in constant time. The other carrier's callbacks answer 404.
 */
function callbackRoute<T extends z.ZodType>(spec: CallbackSpec<T>): PluginRoute {
  const answers = ANSWERS[spec.provider];
  return {
    method: 'POST',
    path: spec.path,
    access: 'public',
    summary: spec.summary,
    handle: async (request, { services }) => {
      const config = readSmsConfig(services.env);
      if (!config || 'problems' in config || config.provider !== spec.provider) return Response.json(answers.refused('This deployment does not send SMS through this carrier'), { status: 404 });
      const token = new URL(request.url).searchParams.get('token') ?? '';
      if (config.callbackToken === undefined || !sameSecret(token, config.callbackToken)) return Response.json(answers.refused('Unknown token'), { status: 401 });
      const parsed = spec.body.safeParse(await request.json().catch(() => undefined));
      if (!parsed.success) return Response.json(answers.refused('Not a callback of the documented shape'), { status: 400 });
      await spec.handle(services, parsed.data);
      await services.records.put('status', 'last_callback', { at: services.now() });
      return Response.json(answers.ok);
    },
  };
}

async function settleReceipts(services: PluginServices, provider: Provider, receipts: readonly Receipt[]): Promise<void> {
  for (const receipt of receipts) await settleByReceipt(services, sentKey(provider, receipt.carrierId), receipt.outcome);
}

/** The contact the plugin last texted at `phone`, else the contact whose phone identity it is. */
async function replyingContact(services: PluginServices, phone: PhoneNumber): Promise<string | undefined> {
  const texted = await services.records.get<PhoneRecord>('phone', phone.digits);
  if (texted) return texted.value.contactId;
  for (const spelling of phoneSpellings(phone)) {
    const contactId = await services.contactByIdentity('phone', spelling);
    if (contactId !== undefined) return contactId;
  }
  return undefined;
}

/**
 * Replies become events of the contact the plugin last sent to at that number (or, never texted, of the
 * contact with that phone): `contact.unsubscribed` (`channel` sms) for an unsubscribe reply, `sms.replied`
 * with the text for any other. A reply from a number no contact has is logged and dropped.
 */
async function ingestReplies(services: PluginServices, provider: Provider, replies: readonly Reply[]): Promise<void> {
  const events: PluginEvent[] = [];
  for (const reply of replies) {
    const phone = parsePhone(reply.phone);
    const contactId = phone && (await replyingContact(services, phone));
    if (!contactId) {
      services.log.warn({ provider }, 'SMS reply from a number no contact has; dropped');
      continue;
    }
    const unsubscribe = isUnsubscribeReply(reply.text);
    events.push({
      contactId,
      type: unsubscribe ? CONSENT_EVENTS.unsubscribed : 'sms.replied',
      properties: unsubscribe ? { channel: 'sms', source: 'sms_reply', reply: reply.text } : { text: reply.text },
      timestamp: Number.isFinite(reply.at) ? reply.at : services.now(),
      messageId: `sms-reply-${provider}-${reply.id}`,
    });
  }
  if (events.length > 0) await services.ingestEvents(events);
}

const outcome = (delivered: boolean, error: string): Receipt['outcome'] => (delivered ? { status: 'sent' } : { status: 'failed', error: `The carrier could not deliver it: ${error}` });

/** The carriers' receipt and reply callbacks, under `/api/integrations/sms/<carrier>/…`. */
export const callbackRoutes: PluginRoute[] = [
  callbackRoute({
    provider: 'aliyun',
    path: '/aliyun/report',
    summary: 'Aliyun SmsReport: delivery receipts settle messages sent or failed',
    body: aliyunReports,
    handle: (services, reports) =>
      settleReceipts(services, 'aliyun', reports.map((r) => ({ carrierId: r.biz_id, outcome: outcome(r.success, `${r.err_code} ${r.err_msg}`.trim()) }))),
  }),
  callbackRoute({
    provider: 'aliyun',
    path: '/aliyun/reply',
    summary: 'Aliyun SmsUp: replies (T / TD / 退订 unsubscribe from SMS)',
    body: aliyunReplies,
    handle: (services, replies) =>
      ingestReplies(services, 'aliyun', replies.map((r) => ({ phone: r.phone_number, text: r.content, at: chinaTime(r.send_time), id: String(r.sequence_id) }))),
  }),
  callbackRoute({
    provider: 'tencent',
    path: '/tencent/report',
    summary: 'Tencent Cloud SMS status callback: delivery receipts settle messages sent or failed',
    body: tencentReports,
    handle: (services, reports) =>
      settleReceipts(services, 'tencent', reports.map((r) => ({ carrierId: r.sid, outcome: outcome(r.report_status === 'SUCCESS', `${r.errmsg} ${r.description}`.trim()) }))),
  }),
  callbackRoute({
    provider: 'tencent',
    path: '/tencent/reply',
    summary: 'Tencent Cloud SMS reply callback: replies (T / TD / 退订 unsubscribe from SMS)',
    body: tencentReplies,
    handle: (services, replies) =>
      ingestReplies(services, 'tencent', replies.map((r) => ({ phone: `+${r.nationcode}${r.mobile}`, text: r.text, at: r.time * 1000, id: `${r.nationcode}${r.mobile}-${r.time}` }))),
  }),
];
