import { definePlugin } from '@journey/sdk';
import { callbackRoutes } from './callbacks.ts';
import { readOfficialAccountConfig } from './config.ts';
import { officialAccountChannel } from './messages.ts';
import { oaMessageExecutor } from './oa-message.execute.ts';
import { officialAccountStatus } from './status.ts';
import { templateReportsTask } from './template-receipts.ts';

/**
 * The WeChat Official Account (微信公众号) as a first-party plugin: follower callbacks in (follow,
 * unfollow, scan, menu clicks, messages become events; the follower is the contact with that openid),
 * `official_account` out (template messages settled by WeChat's reports, and customer-service texts only
 * inside the window the follower opened), and the `oa_message` node that waits for the window or falls back to a template.
 * Inactive until the WECHAT_OA_* variables are set.
 */
export default definePlugin({
  name: 'wechat',
  title: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' },
  nodes: [oaMessageExecutor],
  channels: [officialAccountChannel],
  configured: (env) => {
    const config = readOfficialAccountConfig(env);
    return config !== undefined && !('problems' in config);
  },
  routes: callbackRoutes,
  tasks: [templateReportsTask],
  status: officialAccountStatus,
});
