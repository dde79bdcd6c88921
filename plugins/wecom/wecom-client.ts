import type { PluginServices } from '@journey/sdk';
import { wecomConfig } from './config.ts';
import { WecomApi } from './wecom-api.ts';

const clients = new WeakMap<PluginServices, { env: PluginServices['env']; client: WecomApi }>();

/**
 * The WeCom API client of the plugin's services (one per process; the token is shared through the
 * records), made again when the configuration changes (settings saved on the integrations page).
 */
export function wecomApi(services: PluginServices): WecomApi {
  const cached = clients.get(services);
  if (cached?.env === services.env) return cached.client;
  const client = new WecomApi(wecomConfig(services.env), services);
  clients.set(services, { env: services.env, client });
  return client;
}
