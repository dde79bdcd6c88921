import {
  defineChannel,
  parseTemplateVariables,
  PermanentDeliveryError,
  problemsText,
  type ChannelMessage,
  type ChannelTemplate,
  type DeliveryContext,
  type PluginServices,
  type TemplateField,
} from '@journey/sdk';
import { miniProgramConfig, readMiniProgramConfig, type MiniProgramConfig } from './mini-program-config.ts';
import { checkVariableLengths, deliverOnSubscription, subscribeTemplateList } from './subscription-sends.ts';
import { MINI_PROGRAM_SUBSCRIPTIONS } from './subscriptions.ts';
import { WechatApi } from './wechat-api.ts';

/** The variable of a subscribe message's body that is not the template's: the mini-program page tapping it opens. */
export const PAGE_KEY = '_page';

const PAGE_FIELD: TemplateField = {
  key: PAGE_KEY,
  label: '跳转页面 / Page',
  hint: 'Optional: the mini-program page the message opens, such as pages/order/detail?id=1 (none: the message opens nothing)',
};

const clients = new WeakMap<PluginServices, WechatApi>();

/**
 * The mini-program's API client of the plugin's services (one per process; its token is shared through
 * the records under its AppID).
 *
 * @example
 * ```ts
 * await miniProgramApi(services).post('/cgi-bin/message/subscribe/send', subscribeRequest(openid, message, 'formal'), signal);
 * ```
 */
export function miniProgramApi(services: PluginServices): WechatApi {
  let client = clients.get(services);
  if (!client) {
    client = new WechatApi(miniProgramConfig(services.env), services);
    clients.set(services, client);
  }
  return client;
}

/**
 * The request of `message/subscribe/send` for a message whose title is the template (priTmplId) and whose
 * body its variables (one `key=value` a line, or a JSON object), `_page` taken out as the page. A variable
 * longer than WeChat takes for its kind (`thing` 20, `phrase` 5 …) is refused here, before a subscription
 * is spent on a send WeChat would refuse.
 *
 * @example subscribeRequest('oMini1', { title: 'TPL', body: 'thing1=春季上新\n_page=pages/index' }, 'formal')
 * // { touser: 'oMini1', template_id: 'TPL', page: 'pages/index', miniprogram_state: 'formal', lang: 'zh_CN', data: { thing1: { value: '春季上新' } } }
 */
export function subscribeRequest(openid: string, message: Pick<ChannelMessage, 'title' | 'body'>, state: MiniProgramConfig['state']): Record<string, unknown> {
  const templateId = message.title.trim();
  if (templateId === '') throw new PermanentDeliveryError('A mini-program subscribe message names its template in the title (the template id of 订阅消息 → 我的模板)');
  const variables = parseTemplateVariables(message.body);
  if (Array.isArray(variables)) throw new PermanentDeliveryError('A subscribe message names its variables (thing1=…, one a line): a list by position cannot be sent');
  const { [PAGE_KEY]: page, ...data } = variables;
  checkVariableLengths(data);
  return {
    touser: openid,
    template_id: templateId,
    ...(page ? { page } : {}),
    miniprogram_state: state,
    lang: 'zh_CN',
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }])),
  };
}

/**
 * A subscribe message to the contact's mini-program openid (its `wechatMiniOpenId` identity), sent only
 * on a subscription the contact has left for the template (`sendOnSubscription`): without one, WeChat is
 * not called and the message fails for good.
 */
async function deliverMiniProgram(message: ChannelMessage, { origin, signal, services }: DeliveryContext) {
  const config = readMiniProgramConfig(services.env);
  // The plugin is on when the Official Account alone is configured: mini_program then has no app to send from.
  if (config === undefined || 'problems' in config) {
    throw new PermanentDeliveryError(`Not sent: the mini-program is not configured on this server (${config === undefined ? 'WECHAT_MINI_* not set' : problemsText(config.problems)})`);
  }
  const openid = (await services.contactIdentities(origin.contactId)).wechatMiniOpenId;
  if (openid === undefined) throw new PermanentDeliveryError(`Contact ${origin.contactId} has no mini-program openid (they have not used the mini-program)`);
  const request = subscribeRequest(openid, message, config.state);
  const subscription = { contactId: origin.contactId, templateId: String(request.template_id), messageId: message.id };
  return deliverOnSubscription(services, MINI_PROGRAM_SUBSCRIPTIONS, subscription, () => miniProgramApi(services).post('/cgi-bin/message/subscribe/send', request, signal));
}

/**
 * The mini-program's subscribe-message templates (`wxaapi/newtmpl/gettemplate`), each with the fields its
 * content names (with WeChat's limits) and the page.
 *
 * @example
 * ```ts
 * const [arrival] = await miniProgramTemplates({ services, signal });
 * // { id: 'bDmy…', name: '到货提醒', fields: [{ key: 'thing1', label: '商品名称', maxLength: 20, hint }, …, { key: '_page', … }] }
 * ```
 */
export async function miniProgramTemplates({ services, signal }: { services: PluginServices; signal: AbortSignal }): Promise<ChannelTemplate[]> {
  return subscribeTemplateList(miniProgramApi(services), signal, [PAGE_FIELD]);
}

/** `mini_program` through the mini-program's subscribe messages: one message per subscription the user accepted. */
export const miniProgramChannel = defineChannel({
  kind: 'message',
  name: 'mini_program',
  title: { 'zh-CN': '小程序订阅消息', en: 'Mini-program subscribe message' },
  serves: ['mini_program'],
  // subscribe/send takes no idempotency key: a delivery cut off is left to an operator.
  honoursIdempotencyKey: false,
  deliver: deliverMiniProgram,
  templates: miniProgramTemplates,
});
