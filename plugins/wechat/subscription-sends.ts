/**
 * What the mini-program's subscribe messages and the Official Account's subscription notifications share:
 * the variables checked against WeChat's limits before a subscription is spent, the send on a subscription
 * of the ledger, and the templates of `wxaapi/newtmpl/gettemplate` (both apps list theirs there).
 */
import { PermanentDeliveryError, type ChannelTemplate, type PluginServices, type TemplateField } from '@journey/sdk';
import { sendOnSubscription, type SubscriptionApp } from './subscriptions.ts';
import { templateFields } from './template-fields.ts';
import { deliveryError, PERMANENT_ERRORS, WechatError, type WechatApi } from './wechat-api.ts';

/**
 * Refuses a variable longer than WeChat takes for its kind (`thing` 20, `phrase` 5 …), before a
 * subscription is spent on a send WeChat would refuse.
 *
 * @example checkVariableLengths({ thing1: '春季上新' }) // passes; 21 characters in thing1 throw
 */
export function checkVariableLengths(data: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(data)) {
    const limit = templateFields(`{{${key}.DATA}}`)[0]?.maxLength;
    if (limit !== undefined && [...value].length > limit) {
      throw new PermanentDeliveryError(`The variable ${key} is ${[...value].length} characters long; WeChat takes at most ${limit} in a ${key.replace(/\d+$/, '')} variable`);
    }
  }
}

/** What a failed subscription send means for the ledger: 43101 none left, another refusal for good gives it back. */
export function ledgerOutcome(err: unknown): 'none_left' | 'refused' | 'retry' {
  if (!(err instanceof WechatError)) return 'retry';
  if (err.errcode === 43101) return 'none_left';
  return PERMANENT_ERRORS.has(err.errcode) ? 'refused' : 'retry';
}

/**
 * Sends on one of the contact's subscriptions to the template (`sendOnSubscription`), WeChat's refusals
 * for good as `PermanentDeliveryError`s with their meaning. Answers the receipt.
 *
 * @example await deliverOnSubscription(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId, templateId, messageId }, () => api.post(path, request, signal))
 */
export async function deliverOnSubscription(
  services: PluginServices,
  app: SubscriptionApp,
  subscription: { contactId: string; templateId: string; messageId: string },
  send: () => Promise<unknown>,
): Promise<{ kind: 'subscription'; templateId: string }> {
  try {
    await sendOnSubscription(services, app, subscription, send, ledgerOutcome);
  } catch (err) {
    throw deliveryError(err);
  }
  return { kind: 'subscription', templateId: subscription.templateId };
}

interface SubscribeTemplate {
  priTmplId: string;
  title: string;
  content: string;
  /** 2: one-time (一次性订阅), 3: long-term (长期订阅). */
  type: number;
}

/**
 * The app's subscription templates (`wxaapi/newtmpl/gettemplate`, 我的模板), each with the fields its
 * content names (with WeChat's limits) and then `extraFields`.
 *
 * @example await subscribeTemplateList(api, signal, [PAGE_FIELD]) // [{ id: 'bDmy…', name: '到货提醒', content, fields: [{ key: 'thing1', maxLength: 20, … }, PAGE_FIELD] }]
 */
export async function subscribeTemplateList(api: WechatApi, signal: AbortSignal, extraFields: readonly TemplateField[]): Promise<ChannelTemplate[]> {
  const answer = await api.get<{ data?: SubscribeTemplate[] }>('/wxaapi/newtmpl/gettemplate', {}, signal);
  return (answer.data ?? []).map((t) => ({ id: t.priTmplId, name: t.title, content: t.content, fields: [...templateFields(t.content), ...extraFields] }));
}
