import type { PluginServices } from '@journey/sdk';
import { officialAccountConfig } from './config.ts';
import { WechatApi } from './wechat-api.ts';

const clients = new WeakMap<PluginServices, WechatApi>();

/** The Official Account's API client of the plugin's services (one per process; the token is shared through the records). */
export function officialAccountApi(services: PluginServices): WechatApi {
  let client = clients.get(services);
  if (!client) {
    client = new WechatApi(officialAccountConfig(services.env), services);
    clients.set(services, client);
  }
  return client;
}

/** Whether a follower follows the Official Account, as its callbacks said (by openid). */
export interface FollowerRecord extends Record<string, unknown> {
  following: boolean;
  /** When they last followed or unfollowed (epoch ms). */
  at: number;
}
