import { createHash } from 'node:crypto';
import {
  awaitConfirmation,
  defineChannel,
  parseTemplateVariables,
  PermanentDeliveryError,
  type ChannelMessage,
  type DeliveryContext,
  type MessageChannelDefinition,
  type PluginServices,
} from '@journey/sdk';
import { officialAccountApi, type FollowerRecord } from './official-account.ts';
import { takeWindowMessage } from './service-window.ts';
import { awaitTemplateReport } from './template-receipts.ts';
import { templateFields, type ChannelTemplate, type TemplateField } from './template-fields.ts';
import { deliveryError, outcomeUnknown } from './wechat-api.ts';

/**
 * Variables of a template message's body that are not the template's: where tapping the message goes.
 * `_url` a web page; `_miniprogram_appid` and `_miniprogram_pagepath` a page of a mini-program bound to the
 * account (WeChat opens the mini-program when it can, else the URL).
 */
export const JUMP_KEYS = { url: '_url', miniProgramAppId: '_miniprogram_appid', miniProgramPagePath: '_miniprogram_pagepath' } as const;

/** The jump variables as the template picker shows them, after the template's own. */
const JUMP_FIELDS: TemplateField[] = [
  { key: JUMP_KEYS.url, label: '跳转链接 / Link', hint: 'Optional: the web page the message opens (https://…)' },
  { key: JUMP_KEYS.miniProgramAppId, label: '跳转小程序 AppID / Mini-program AppID', hint: 'Optional: a mini-program bound to the Official Account' },
  { key: JUMP_KEYS.miniProgramPagePath, label: '小程序页面 / Mini-program page', hint: 'Optional, with the AppID: a page path such as pages/order/detail?id=1' },
];

/** How long the account's templates are kept before `get_all_private_template` is asked again. */
const TEMPLATES_CACHE_MS = 5 * 60_000;

/** WeChat drops a repeated `client_msg_id` (for the same openid) within 10 minutes; it takes 64 characters at most. */
const clientMsgId = (idempotencyKey: string) => (idempotencyKey.length <= 64 ? idempotencyKey : createHash('sha1').update(idempotencyKey).digest('hex'));

/**
 * The request of `message/template/send` for a message whose title is a template id and whose body its
 * variables (`parseTemplateVariables`: one `key=value` a line, or a JSON object), the jump variables
 * (`JUMP_KEYS`) taken out. Empty jump variables are left out.
 *
 * @example templateRequest('oOpen1', { title: 'TPL1', body: 'thing1=春季上新\n_url=https://shop.example/spring' }, 'run_1:push:1')
 * // { touser: 'oOpen1', template_id: 'TPL1', url: 'https://shop.example/spring', client_msg_id: 'run_1:push:1', data: { thing1: { value: '春季上新' } } }
 */
export function templateRequest(openid: string, message: Pick<ChannelMessage, 'title' | 'body'>, idempotencyKey: string): Record<string, unknown> {
  const variables = parseTemplateVariables(message.body);
  if (Array.isArray(variables)) throw new PermanentDeliveryError('A template message names its variables (thing1=…, one a line): a list by position cannot be sent');
  const { [JUMP_KEYS.url]: url, [JUMP_KEYS.miniProgramAppId]: appid, [JUMP_KEYS.miniProgramPagePath]: pagepath, ...data } = variables;
  if (pagepath && !appid) throw new PermanentDeliveryError(`${JUMP_KEYS.miniProgramPagePath} needs ${JUMP_KEYS.miniProgramAppId}: the mini-program to open`);
  if (url && !/^https?:\/\//.test(url)) throw new PermanentDeliveryError(`${JUMP_KEYS.url} is a web address (https://…), not "${url}"`);
  return {
    touser: openid,
    template_id: message.title.trim(),
    ...(url ? { url } : {}),
    ...(appid ? { miniprogram: { appid, ...(pagepath ? { pagepath } : {}) } } : {}),
    client_msg_id: clientMsgId(idempotencyKey),
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }])),
  };
}

/**
 * A message to the contact's Official Account openid (its `wechatOpenId` identity): a template message
 * when the title names a template (`pending_confirmation` until WeChat reports how it went), else a
 * customer-service text, sent only while the follower's window is open (`takeWindowMessage`). A follower
 * who unfollowed gets neither: WeChat would refuse both.
 */
async function deliverOfficialAccount(message: ChannelMessage, { origin, idempotencyKey, signal, services }: DeliveryContext) {
  const openid = (await services.contactIdentities(origin.contactId)).wechatOpenId;
  if (openid === undefined) throw new PermanentDeliveryError(`Contact ${origin.contactId} has no Official Account openid (they have not followed it)`);
  const follower = await services.records.get<FollowerRecord>('follower', openid);
  if (follower && !follower.value.following) {
    throw new PermanentDeliveryError(`Not sent: the follower unfollowed the Official Account at ${new Date(follower.value.at).toISOString()}`);
  }
  const api = officialAccountApi(services);
  try {
    if (message.title.trim() !== '') {
      const answer = await api.post<{ msgid?: number }>('/cgi-bin/message/template/send', templateRequest(openid, message, idempotencyKey), signal);
      if (answer.msgid === undefined) return { kind: 'template', msgid: null };
      await awaitTemplateReport(services, answer.msgid, message.id);
      return awaitConfirmation({ kind: 'template', msgid: answer.msgid });
    }
    await takeWindowMessage(services, openid, message.id);
    return await sendCustomerServiceText(services, openid, message, idempotencyKey, signal);
  } catch (err) {
    throw deliveryError(err);
  }
}

/** A customer-service send that may have reached WeChat, by the idempotency key of its effect. */
interface AttemptRecord extends Record<string, unknown> {
  at: number;
  sent: boolean;
}

/**
 * `message/custom/send` takes no idempotency key, so the plugin keeps one: an attempt is recorded before
 * the call and marked sent after it. A retry after a sent attempt answers as it did; a retry after an
 * attempt whose outcome is unknown (it timed out, or the process died during it) fails rather than risk
 * a second copy in the follower's chat. An attempt WeChat answered, or that never left, is forgotten.
 */
async function sendCustomerServiceText(services: PluginServices, openid: string, message: ChannelMessage, idempotencyKey: string, signal: AbortSignal) {
  const api = officialAccountApi(services);
  const receipt = { kind: 'customer_service' };
  // The token first: failing to get it leaves no attempt behind.
  await api.token.get(signal);
  const expiresAt = services.now() + 7 * 86_400_000;
  if (!(await services.records.insert('cs_attempt', idempotencyKey, { at: services.now(), sent: false } satisfies AttemptRecord, { expiresAt }))) {
    const earlier = await services.records.get<AttemptRecord>('cs_attempt', idempotencyKey);
    if (earlier?.value.sent) return receipt;
    throw new PermanentDeliveryError('Not sent again: an earlier attempt may have reached WeChat (its outcome is unknown) and a customer-service message cannot be de-duplicated');
  }
  try {
    await api.post('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content: message.body } }, signal);
  } catch (err) {
    if (!outcomeUnknown(err)) await services.records.delete('cs_attempt', idempotencyKey);
    throw err;
  }
  await services.records.put('cs_attempt', idempotencyKey, { at: services.now(), sent: true } satisfies AttemptRecord, { expiresAt });
  return receipt;
}

interface PrivateTemplate {
  template_id: string;
  title: string;
  content: string;
  example?: string;
}

/**
 * The account's templates (`template/get_all_private_template`), each with the fields its content names
 * and the jump variables; kept for `TEMPLATES_CACHE_MS`.
 */
export async function officialAccountTemplates({ services, signal }: { services: PluginServices; signal: AbortSignal }): Promise<ChannelTemplate[]> {
  const cached = await services.records.get<{ templates: ChannelTemplate[] }>('templates', 'all');
  if (cached) return cached.value.templates;
  const answer = await officialAccountApi(services).get<{ template_list?: PrivateTemplate[] }>('/cgi-bin/template/get_all_private_template', {}, signal);
  const templates = (answer.template_list ?? []).map((t) => ({ id: t.template_id, name: t.title, content: t.content, fields: [...templateFields(t.content), ...JUMP_FIELDS] }));
  await services.records.put('templates', 'all', { templates }, { expiresAt: services.now() + TEMPLATES_CACHE_MS });
  return templates;
}

const channel: MessageChannelDefinition & { templates: typeof officialAccountTemplates } = {
  kind: 'message',
  name: 'official_account',
  title: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' },
  serves: ['official_account'],
  // A template message carries client_msg_id, which WeChat de-duplicates (for 10 minutes); a
  // customer-service text takes none, so the plugin keeps the key itself (`sendCustomerServiceText`).
  honoursIdempotencyKey: true,
  deliver: deliverOfficialAccount,
  templates: officialAccountTemplates,
};

/** `official_account` through the Official Account: template messages, and customer-service texts inside the window. */
export const officialAccountChannel = defineChannel(channel);
