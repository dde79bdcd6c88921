import { definePlugin } from '@journey/sdk';
import { callbackRoutes } from './callbacks.ts';
import { readSmsConfig, smsConfigurationProblems, smsSettings } from './config.ts';
import { receiptsTask, smsChannel } from './messages.ts';
import { smsStatus } from './status.ts';

/**
 * SMS through Aliyun (阿里云短信) or Tencent Cloud (腾讯云短信) as a first-party plugin: the built-in `sms`
 * channel sent as approved templates to the contact's phone, delivery receipts settling messages, replies
 * (退订) unsubscribing contacts from SMS. Inactive until one carrier's variables are set, in the
 * environment or on the integrations page.
 */
export default definePlugin({
  name: 'sms',
  title: { 'zh-CN': '短信', en: 'SMS' },
  nodes: [],
  channels: [smsChannel],
  configured: (env) => {
    const config = readSmsConfig(env);
    return config !== undefined && !('problems' in config);
  },
  settings: smsSettings,
  configurationProblems: smsConfigurationProblems,
  routes: callbackRoutes,
  tasks: [receiptsTask],
  status: smsStatus,
});
