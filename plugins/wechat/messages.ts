import { createHash } from 'node:crypto';
import {
  awaitConfirmation,
  defineChannel,
  parseTemplateVariables,
  PermanentDeliveryError,
  type ChannelMessage,
  type DeliveryContext,
  type LocalizedText,
  type MessageChannelDefinition,
  type PluginServices,
} from '@journey/sdk';
import { officialAccountApi, type FollowerRecord } from './official-account.ts';
import { takeWindowMessage } from './service-window.ts';
import { checkVariableLengths, deliverOnSubscription, subscribeTemplateList } from './subscription-sends.ts';
import { OFFICIAL_ACCOUNT_SUBSCRIPTIONS, wechatTemplateId } from './subscriptions.ts';
import { awaitTemplateReport } from './template-receipts.ts';
import { templateFields, type ChannelTemplate, type TemplateField } from './template-fields.ts';
import { deliveryError, outcomeUnknown, WechatError } from './wechat-api.ts';

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

/**
 * What begins a `content_push` title on `official_account` naming a subscription notification's template
 * (订阅通知, sent with `message/subscribe/bizsend` on a subscription the follower accepted): `subscribe:`
 * and the template id. Any other title names a template message (模板消息) by its id.
 */
export const SUBSCRIPTION_TEMPLATE_PREFIX = OFFICIAL_ACCOUNT_SUBSCRIPTIONS.templatePrefix;

/** The two kinds of the account's templates, as the picker shows them. */
export const TEMPLATE_KINDS: Readonly<Record<'template' | 'subscription', LocalizedText>> = {
  template: { 'zh-CN': '模板消息', en: 'Template message' },
  subscription: { 'zh-CN': '订阅通知（每次订阅发一条）', en: 'Subscription notification (one per subscription)' },
};

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
  const { url, miniprogram, data } = messageParts(message.body);
  return { touser: openid, template_id: message.title.trim(), ...(url ? { url } : {}), ...(miniprogram ? { miniprogram } : {}), client_msg_id: clientMsgId(idempotencyKey), data };
}

/** A message body's template variables (as WeChat's `data`) and where tapping the message goes (`JUMP_KEYS`, empty ones left out). */
function messageParts(body: string): { url?: string; miniprogram?: { appid: string; pagepath?: string }; data: Record<string, { value: string }>; values: Record<string, string> } {
  const variables = parseTemplateVariables(body);
  if (Array.isArray(variables)) throw new PermanentDeliveryError('A template message names its variables (thing1=…, one a line): a list by position cannot be sent');
  const { [JUMP_KEYS.url]: url, [JUMP_KEYS.miniProgramAppId]: appid, [JUMP_KEYS.miniProgramPagePath]: pagepath, ...values } = variables;
  if (pagepath && !appid) throw new PermanentDeliveryError(`${JUMP_KEYS.miniProgramPagePath} needs ${JUMP_KEYS.miniProgramAppId}: the mini-program to open`);
  if (url && !/^https?:\/\//.test(url)) throw new PermanentDeliveryError(`${JUMP_KEYS.url} is a web address (https://…), not "${url}"`);
  return {
    ...(url ? { url } : {}),
    ...(appid ? { miniprogram: { appid, ...(pagepath ? { pagepath } : {}) } } : {}),
    data: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }])),
    values,
  };
}

/**
 * The request of `message/subscribe/bizsend` for a message whose title is `subscribe:` and the template id
 * and whose body its variables, `_url` going as the `page` it opens, `_miniprogram_appid` and
 * `_miniprogram_pagepath` as the mini-program page. A variable over its kind's limit is refused here,
 * before a subscription is spent.
 *
 * @example bizsendRequest('oOpen1', { title: 'subscribe:TPL', body: 'thing1=春季上新\n_url=https://shop.example/spring' })
 * // { touser: 'oOpen1', template_id: 'TPL', page: 'https://shop.example/spring', data: { thing1: { value: '春季上新' } } }
 */
export function bizsendRequest(openid: string, message: Pick<ChannelMessage, 'title' | 'body'>): Record<string, unknown> {
  const templateId = wechatTemplateId(OFFICIAL_ACCOUNT_SUBSCRIPTIONS, message.title);
  if (templateId === '') throw new PermanentDeliveryError(`A subscription notification names its template after ${SUBSCRIPTION_TEMPLATE_PREFIX} (the template id of 订阅通知 → 我的模板)`);
  const { url, miniprogram, data, values } = messageParts(message.body);
  checkVariableLengths(values);
  return { touser: openid, template_id: templateId, ...(url ? { page: url } : {}), ...(miniprogram ? { miniprogram } : {}), data };
}

/** Whether a message's title names a subscription notification's template. */
export const isSubscriptionTitle = (title: string) => title.trim().startsWith(SUBSCRIPTION_TEMPLATE_PREFIX);

/**
 * A message to the contact's Official Account openid (its `wechatOpenId` identity): a subscription
 * notification when the title is `subscribe:<template id>` (only on a subscription the follower has left,
 * `deliverOnSubscription`: without one WeChat is not called), a template message when the title names a
 * template (`pending_confirmation` until WeChat reports how it went), else a customer-service text, sent only while the follower's window is open (`takeWindowMessage`). A follower
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
  if (isSubscriptionTitle(message.title)) {
    const request = bizsendRequest(openid, message);
    const subscription = { contactId: origin.contactId, templateId: String(request.template_id), messageId: message.id };
    // A retry after a send that went out (its step not yet committed) answers as it did: the subscription is spent.
    if ((await services.records.get<AttemptRecord>('cs_attempt', idempotencyKey))?.value.sent) return { kind: 'subscription', templateId: subscription.templateId };
    return deliverOnSubscription(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, subscription, () =>
      sendOnce(services, idempotencyKey, signal, () => api.post('/cgi-bin/message/subscribe/bizsend', request, signal)),
    );
  }
  try {
    if (message.title.trim() !== '') {
      const answer = await api.post<{ msgid?: number }>('/cgi-bin/message/template/send', templateRequest(openid, message, idempotencyKey), signal);
      if (answer.msgid === undefined) return { kind: 'template', msgid: null };
      await awaitTemplateReport(services, answer.msgid, message.id);
      return awaitConfirmation({ kind: 'template', msgid: answer.msgid });
    }
    await takeWindowMessage(services, openid, message.id);
    await sendOnce(services, idempotencyKey, signal, () => api.post('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content: message.body } }, signal));
    return { kind: 'customer_service' };
  } catch (err) {
    throw deliveryError(err);
  }
}

/** A send that may have reached WeChat, by the idempotency key of its effect. */
interface AttemptRecord extends Record<string, unknown> {
  at: number;
  sent: boolean;
}

/**
 * `message/custom/send` and `message/subscribe/bizsend` take no idempotency key, so the plugin keeps one:
 * an attempt is recorded before the call and marked sent after it. A retry after a sent attempt does not
 * call again; a retry after an attempt whose outcome is unknown (it timed out, or the process died during
 * it) fails rather than risk a second copy in the follower's chat. An attempt WeChat answered, or that
 * never left, is forgotten.
 */
async function sendOnce(services: PluginServices, idempotencyKey: string, signal: AbortSignal, send: () => Promise<unknown>): Promise<void> {
  // The token first: failing to get it leaves no attempt behind.
  await officialAccountApi(services).token.get(signal);
  const expiresAt = services.now() + 7 * 86_400_000;
  if (!(await services.records.insert('cs_attempt', idempotencyKey, { at: services.now(), sent: false } satisfies AttemptRecord, { expiresAt }))) {
    const earlier = await services.records.get<AttemptRecord>('cs_attempt', idempotencyKey);
    if (earlier?.value.sent) return;
    throw new PermanentDeliveryError('Not sent again: an earlier attempt may have reached WeChat (its outcome is unknown) and this message cannot be de-duplicated');
  }
  try {
    await send();
  } catch (err) {
    if (!outcomeUnknown(err)) await services.records.delete('cs_attempt', idempotencyKey);
    throw err;
  }
  await services.records.put('cs_attempt', idempotencyKey, { at: services.now(), sent: true } satisfies AttemptRecord, { expiresAt });
}

interface PrivateTemplate {
  template_id: string;
  title: string;
  content: string;
  example?: string;
}

/** WeChat's answer to an account without the kind of templates an API lists (not enabled, or not allowed). */
const NOT_ENABLED = new Set([48001]);

/** A kind of templates, or none when the account does not have that kind (48001). */
async function unlessNotEnabled(list: Promise<ChannelTemplate[]>): Promise<ChannelTemplate[]> {
  try {
    return await list;
  } catch (err) {
    if (err instanceof WechatError && NOT_ENABLED.has(err.errcode)) return [];
    throw err;
  }
}

/**
 * The account's templates, each with the fields its content names (with WeChat's limits) and the jump
 * variables, marked with their kind: its template messages (`template/get_all_private_template`, by their
 * id) and its subscription notifications (`wxaapi/newtmpl/gettemplate`, by `subscribe:` and their id). A
 * kind the account does not have (48001) lists none. Kept for `TEMPLATES_CACHE_MS`.
 *
 * @example
 * ```ts
 * await officialAccountTemplates({ services, signal });
 * // [{ id: 'TPL1', name: '订单发货提醒', kind: TEMPLATE_KINDS.template, … }, { id: 'subscribe:bDmy…', name: '到货提醒', kind: TEMPLATE_KINDS.subscription, … }]
 * ```
 */
export async function officialAccountTemplates({ services, signal }: { services: PluginServices; signal: AbortSignal }): Promise<ChannelTemplate[]> {
  const cached = await services.records.get<{ templates: ChannelTemplate[] }>('templates', 'all');
  if (cached) return cached.value.templates;
  const api = officialAccountApi(services);
  const [messages, subscriptions] = await Promise.all([
    unlessNotEnabled(
      api.get<{ template_list?: PrivateTemplate[] }>('/cgi-bin/template/get_all_private_template', {}, signal).then((answer) =>
        (answer.template_list ?? []).map((t) => ({ id: t.template_id, name: t.title, content: t.content, fields: [...templateFields(t.content), ...JUMP_FIELDS] })),
      ),
    ),
    unlessNotEnabled(subscribeTemplateList(api, signal, JUMP_FIELDS)),
  ]);
  const templates = [
    ...messages.map((t) => ({ ...t, kind: TEMPLATE_KINDS.template })),
    ...subscriptions.map((t) => ({ ...t, id: `${SUBSCRIPTION_TEMPLATE_PREFIX}${t.id}`, kind: TEMPLATE_KINDS.subscription })),
  ];
  await services.records.put('templates', 'all', { templates }, { expiresAt: services.now() + TEMPLATES_CACHE_MS });
  return templates;
}

const channel: MessageChannelDefinition & { templates: typeof officialAccountTemplates } = {
  kind: 'message',
  name: 'official_account',
  title: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' },
  serves: ['official_account'],
  // A template message carries client_msg_id, which WeChat de-duplicates (for 10 minutes); a
  // customer-service text and a subscription notification take none, so the plugin keeps the key itself (`sendOnce`).
  honoursIdempotencyKey: true,
  deliver: deliverOfficialAccount,
  templates: officialAccountTemplates,
};

/** `official_account` through the Official Account: template messages, subscription notifications on a subscription, and customer-service texts inside the window. */
export const officialAccountChannel = defineChannel(channel);
