import type { LocalizedText, MessageChannelDefinition } from '@journey/sdk';
import { WINDOW_GRANTS } from './events.ts';
import { OFFICIAL_ACCOUNT_SUBSCRIPTIONS } from './subscriptions.ts';

type Advise = NonNullable<MessageChannelDefinition['advise']>;

const hours = WINDOW_GRANTS.message.ms / 3_600_000;

/** A push that spends one of the contact's subscriptions: it waits for one when none is left, at most its wait, then is skipped. */
const SPENDS_A_SUBSCRIPTION: LocalizedText = {
  'zh-CN': '每条订阅消息都要用掉客户对这个模板的一次订阅：客户没有订阅时，这条推送会等他订阅（最多“没有订阅时最多等待”设定的时间），到时仍没有就跳过。要在等不到时走另一条分支，请改用“订阅消息”节点（有「超时」分支）',
  en: 'Each subscribe message spends one of the contact’s subscriptions to its template: without one, this push waits for the contact to subscribe (at most its "without a subscription, wait at most"), then is skipped. To take another branch when none comes, use the Subscribe message node (it has a Timeout port)',
};

/**
 * What the launch review warns of a push on `official_account`: without a template it is a
 * customer-service text, which WeChat takes only inside the window the follower opened; a subscription
 * notification (`subscribe:<template id>`) is sent only on a subscription left.
 */
export const officialAccountAdvice: Advise = ({ title }): LocalizedText | undefined => {
  if (title.trim().startsWith(OFFICIAL_ACCOUNT_SUBSCRIPTIONS.templatePrefix)) return SPENDS_A_SUBSCRIPTION;
  return title.trim() === ''
    ? {
        'zh-CN': `没有选择模板，这条公众号消息会作为客服消息发送：微信只允许在粉丝发消息后 ${hours} 小时内（最多 ${WINDOW_GRANTS.message.max} 条）或关注、扫码、点菜单后 1 分钟内发送，窗口外不会发出。要触达每位粉丝请选择模板消息；要等粉丝互动后再发，请改用“公众号客服消息”节点`,
        en: `With no template, this Official Account message goes as a customer-service text: WeChat allows those for ${hours} hours after the follower's message (${WINDOW_GRANTS.message.max} at most) or 1 minute after a follow, scan or menu click, and it is not sent outside that window. Pick a template message to reach every follower, or use the customer-service message node to wait for the follower`,
      }
    : undefined;
};

/**
 * What the launch review warns of a push on `mini_program`: each one spends one of the contact's
 * subscriptions to its template, and without one it is not sent.
 */
export const miniProgramAdvice: Advise = ({ title }): LocalizedText =>
  title.trim() === '' ? { 'zh-CN': '请选择小程序订阅消息的模板：没有模板的消息不会发出', en: 'Pick the subscribe message template: a message without one is not sent' } : SPENDS_A_SUBSCRIPTION;
