import { definePlugin } from '@journey/sdk';
import { callbackRoutes, callbackTask } from './callbacks.ts';
import { readWecomConfig, wecomConfigurationProblems, wecomSettings } from './config.ts';
import { contactWayRoutes } from './contact-ways.ts';
import { groupChannel, privateChannel, sendResultsTask } from './messages.ts';
import { wecomStatus } from './status.ts';
import { mirrorTags, tagsChannel } from './tags.ts';

/**
 * WeCom (企业微信) customer contact as a first-party plugin: callbacks in (customers added through a
 * source's contact way enter journeys with that source), `wecom_private` and `wecom_group` out (welcome
 * messages, member-confirmed mass-send tasks), contact ways per source, and the `tag` node's tags mirrored
 * as corporate tags. Inactive until the WECOM_* variables are set, in the environment or on the
 * integrations page.
 */
export default definePlugin({
  name: 'wecom',
  title: { 'zh-CN': '企业微信', en: 'WeCom' },
  nodes: [],
  channels: [privateChannel, groupChannel, tagsChannel],
  configured: (env) => {
    const config = readWecomConfig(env);
    return config !== undefined && !('problems' in config);
  },
  settings: wecomSettings,
  configurationProblems: wecomConfigurationProblems,
  routes: [...callbackRoutes, ...contactWayRoutes],
  tasks: [callbackTask, sendResultsTask],
  reactions: { tags: mirrorTags },
  status: wecomStatus,
});
