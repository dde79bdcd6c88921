import type { PluginRoute, PluginServices } from '@journey/sdk';
import { appCallbackKeys, partNotConfigured, wechatCallbackRoutes } from './callback-routes.ts';
import { readMiniProgramConfig, type MiniProgramConfig } from './mini-program-config.ts';
import { processSubscriptionPush, subscriptionReportRoute } from './subscription-callbacks.ts';
import { MINI_PROGRAM_SUBSCRIPTIONS } from './subscriptions.ts';

const notConfigured = () => partNotConfigured('mini-program', 'WECHAT_MINI_*');

/** The mini-program's configuration, when it is configured and well. */
function configOf(services: PluginServices): MiniProgramConfig | undefined {
  const config = readMiniProgramConfig(services.env);
  return config === undefined || 'problems' in config ? undefined : config;
}

/**
 * `GET|POST /api/integrations/wechat/mini-program/callback`, the message push (消息推送, XML) URL: WeChat's
 * check of it, and the pushes. `subscribe_msg_popup_event` — the user answered wx.requestSubscribeMessage —
 * adds one subscription per template they accepted; a retried push (same FromUserName and CreateTime) adds
 * none. `subscribe_msg_change_event` with a template `reject`ed — the user turned it off in the
 * mini-program's settings — empties the contact's subscriptions to it.
 */
const [verifyUrl, receive] = wechatCallbackRoutes({
  path: '/mini-program/callback',
  app: 'mini-program',
  brings: 'subscribe_msg_popup_event adds the subscriptions the user accepted',
  keys: (services) => {
    const config = configOf(services);
    return config && appCallbackKeys('WECHAT_MINI', config);
  },
  notConfigured,
  status: { verified: 'mini_callback_verified', last: 'mini_last_callback' },
  process: async (services, message) => {
    await processSubscriptionPush(services, MINI_PROGRAM_SUBSCRIPTIONS, message);
  },
});

/**
 * `POST /api/integrations/wechat/mini-program/subscriptions`: what the mini-program reports after
 * wx.requestSubscribeMessage (through the brand's backend, with an ingest API key): `{ openid | contactId,
 * templateIds, id? }`, the openid the mini-program's (`subscriptionReportRoute`).
 */
const report = subscriptionReportRoute(
  MINI_PROGRAM_SUBSCRIPTIONS,
  '/mini-program/subscriptions',
  'Reports the subscribe messages a mini-program user accepted (one subscription each): { openid | contactId, templateIds, id? }',
  (services) => (configOf(services) ? undefined : notConfigured()),
);

export const miniProgramRoutes: readonly PluginRoute[] = [verifyUrl, receive, report];
