import type { RouteHandler } from '@hono/zod-openapi';
import { actorId } from '../../../auth/principal.ts';
import type { LoadedPlugin } from '../../../plugins/load-plugins.ts';
import type { PluginHost } from '../../../plugins/plugin-host.ts';
import { SettingsError } from '../../../plugins/plugin-settings.ts';
import type { AppBindings } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import type * as routes from './integrations.routes.ts';

export const list: RouteHandler<typeof routes.list, AppBindings> = async (c) => {
  return c.json({ items: await c.get('deps').runtime.plugins.report() }, 200);
};

function pluginNamed(plugins: PluginHost, name: string): LoadedPlugin {
  const plugin = plugins.plugin(name);
  if (!plugin) throw new ApiError(404, 'not_found', `No integration named "${name}" is loaded`);
  return plugin;
}

const settingsBody = (plugins: PluginHost, plugin: LoadedPlugin) => ({
  items: plugins.settings.view(plugin).map(({ updatedAt, ...setting }) => ({ ...setting, ...(updatedAt === undefined ? {} : { updatedAt: new Date(updatedAt).toISOString() }) })),
  secretsKey: plugins.settings.canSeal,
});

export const getSettings: RouteHandler<typeof routes.getSettings, AppBindings> = async (c) => {
  const { plugins } = c.get('deps').runtime;
  return c.json(settingsBody(plugins, pluginNamed(plugins, c.req.valid('param').plugin)), 200);
};

export const putSettings: RouteHandler<typeof routes.putSettings, AppBindings> = async (c) => {
  const { runtime } = c.get('deps');
  const plugin = pluginNamed(runtime.plugins, c.req.valid('param').plugin);
  const { values } = c.req.valid('json');
  const by = actorId(c.get('principal'));
  try {
    await runtime.plugins.settings.save(plugin, values, by, runtime.clock.now());
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    const path = err.setting === undefined ? ['values'] : ['values', err.setting];
    throw new ApiError(400, 'invalid_settings', err.message, [{ in: 'json', path, code: 'invalid_setting', message: err.message }]);
  }
  c.get('deps').logger.info({ plugin: plugin.name, by, settings: Object.keys(values) }, `integration settings of ${plugin.name} changed`);
  return c.json(settingsBody(runtime.plugins, plugin), 200);
};
