import { definePlugin, type PluginServices } from '@journey/sdk';
import { callbackRoutes } from './callbacks.ts';
import { officialAccountConfigurationProblems, officialAccountSettings, readOfficialAccountConfig } from './config.ts';
import { officialAccountChannel } from './messages.ts';
import { miniProgramRoutes } from './mini-program-callbacks.ts';
import { miniProgramConfigurationProblems, miniProgramSettings, readMiniProgramConfig } from './mini-program-config.ts';
import { miniProgramChannel } from './mini-program-messages.ts';
import { subscribeMessageExecutor } from './subscribe-message.execute.ts';
import { miniProgramStatusItems } from './mini-program-status.ts';
import { oaMessageExecutor } from './oa-message.execute.ts';
import { officialAccountStatus } from './status.ts';
import { miniProgramAdvice, officialAccountAdvice } from './push-advice.ts';
import { templateReportsTask } from './template-receipts.ts';

const wellConfigured = (config: object | undefined) => config !== undefined && !('problems' in config);

/** The Official Account's status, the mini-program's lines after it; active when either is configured. */
async function wechatStatus(services: PluginServices) {
  const [account, mini] = await Promise.all([officialAccountStatus(services), miniProgramStatusItems(services)]);
  return { active: account.active || mini.configured, items: [...account.items, ...mini.items] };
}

/**
 * WeChat as a first-party plugin. The Official Account (微信公众号): follower callbacks in (follow,
 * unfollow, scan, menu clicks, messages become events; the follower is the contact with that openid),
 * `official_account` out (template messages settled by WeChat's reports, subscription notifications on a
 * subscription left, and customer-service texts only inside the window the follower opened), and the
 * `oa_message` node that waits for the window or falls back to a template.
 * The mini-program (小程序): `mini_program` out as subscribe messages sent only on a subscription left.
 * Both apps' one-time subscriptions (pushed by WeChat, or reported by the brand's backend or web page)
 * are kept in a ledger per app, contact and template, and the `subscribe_message` node of either app
 * waits for one. Each part is inactive until its variables (WECHAT_OA_*, WECHAT_MINI_*) are set.
 */
export default definePlugin({
  name: 'wechat',
  title: { 'zh-CN': '微信公众号与小程序', en: 'WeChat Official Account and mini-program' },
  nodes: [oaMessageExecutor, subscribeMessageExecutor],
  // Each part's channel serves its built-in channel only while that part is configured.
  channels: [
    { ...officialAccountChannel, configured: (env) => wellConfigured(readOfficialAccountConfig(env)), advise: officialAccountAdvice },
    { ...miniProgramChannel, configured: (env) => wellConfigured(readMiniProgramConfig(env)), advise: miniProgramAdvice },
  ],
  configured: (env) => wellConfigured(readOfficialAccountConfig(env)) || wellConfigured(readMiniProgramConfig(env)),
  settings: [...officialAccountSettings, ...miniProgramSettings],
  configurationProblems: (env) => [...officialAccountConfigurationProblems(env), ...miniProgramConfigurationProblems(env)],
  routes: [...callbackRoutes, ...miniProgramRoutes],
  tasks: [templateReportsTask],
  status: wechatStatus,
});
