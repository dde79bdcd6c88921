import type { PluginServices } from '@journey/sdk';
import { wecomConfig } from './config.ts';
import { WecomApi } from './wecom-api.ts';

const clients = new WeakMap<PluginServices, WecomApi>();

/** The WeCom API client of the plugin's services (one per process; the token is shared through the records). */
export function wecomApi(services: PluginServices): WecomApi {
  let client = clients.get(services);
  if (!client) {
    client = new WecomApi(wecomConfig(services.env), services);
    clients.set(services, client);
  }
  return client;
}
