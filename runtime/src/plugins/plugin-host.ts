import type { Store } from '@journey/db';
import { CHANNELS, isIdentityKind, namespaced, type CarrierLimit, type ChannelTemplate, type MessageChannelDefinition, type LocalizedText, type PluginRoute, type PluginServices, type PluginStatus } from '@journey/nodes';
import type { StepEffect } from '@journey/nodes/server';
import { eventInputSchema, type Clock, type ParsedEventInput } from '../runtime-contract.ts';
import type { ChannelAdapter } from '../channels/channel-adapter.ts';
import type { Logger } from '../queue/logger.ts';
import { WorkLoop } from '../queue/work-loop.ts';
import type { EffectReactions } from '../queue/run-stepper.ts';
import type { LoadedPlugin } from './load-plugins.ts';
import { pluginChannelAdapter } from './node-library.ts';
import { PluginSettings } from './plugin-settings.ts';
import type { SecretBox } from './secret-box.ts';

/** A plugin's route as the API mounts it: under `/api/integrations/<plugin>`, with its services. */
export interface HostedRoute {
  plugin: string;
  /** The full path, Hono style: `/api/integrations/wecom/callback`. */
  path: string;
  route: PluginRoute;
  /** Whether the plugin is configured now; an inactive plugin's routes answer 503. */
  active(): boolean;
  services: PluginServices;
}

/** A plugin as the integrations page shows it. */
export interface PluginReport {
  name: string;
  title: LocalizedText;
  configured: boolean;
  status: PluginStatus;
  /** The built-in channels it delivers (while configured). */
  serves: string[];
}

/**
 * What a channel's templates are, as `PluginHost.templates` found them: the list (empty for a channel
 * without templates), or why there is none to show.
 */
export type ChannelTemplatesAnswer =
  | { found: 'templates'; items: ChannelTemplate[] }
  | { found: 'unknown_channel' }
  | { found: 'not_configured'; plugin: string }
  | { found: 'carrier_error'; plugin: string; message: string };

/** How long a channel's templates are kept before the carrier is asked again. */
export const TEMPLATES_CACHE_MS = 60_000;
/** How long the carrier may take to list its templates. */
const TEMPLATES_TIMEOUT_MS = 10_000;

export interface PluginHostOptions {
  plugins: readonly LoadedPlugin[];
  store: Store;
  clock: Clock;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  /** Seals the secrets saved on the integrations page; without it secrets cannot be saved there. */
  secrets?: SecretBox | undefined;
  /** Stores checked events, as `POST /api/events` does. */
  ingest(events: ParsedEventInput[]): Promise<{ ids: string[]; duplicates: number }>;
}

/** How often expired plugin records are deleted, and how many per statement. */
const RECORD_SWEEP_MS = 10 * 60_000;
const RECORD_SWEEP_BATCH = 1000;
/** How often each process reads the plugins' saved settings again (a change made in another process). */
export const SETTINGS_REFRESH_MS = 2000;

/**
 * The plugins' server side in one process: each plugin's services (its configuration — the environment
 * with its settings saved on the integrations page — its records in the store, event ingestion, message
 * settlement), its channels as outbox adapters (and the built-in channels it serves while configured),
 * its routes for the API, its tasks as background loops and its effect reactions. Whether a plugin is
 * configured is decided again whenever its saved settings change (`refreshSettings`), without a restart.
 *
 * @example
 * ```ts
 * const host = new PluginHost({ plugins: library.plugins, store, clock, logger, env: process.env, ingest });
 * await host.refreshSettings();
 * for (const [name, adapter] of Object.entries(host.adapters(channels.fallback))) channels.register(name, adapter);
 * ```
 */
export class PluginHost {
  readonly #options: PluginHostOptions;
  readonly #services = new Map<string, PluginServices>();
  readonly #templates = new Map<string, { at: number; items: ChannelTemplate[] }>();
  /** The plugins' settings saved on the integrations page, overlaid on the environment. */
  readonly settings: PluginSettings;
  /** Which built-in channels the configured plugins serve and their limits, until settings change. */
  #decided: { served: Map<string, string>; limits: CarrierLimit[] } | undefined;

  constructor(options: PluginHostOptions) {
    this.#options = options;
    this.settings = new PluginSettings({ store: options.store, plugins: options.plugins, env: options.env, secrets: options.secrets, onChange: (plugins) => this.#settingsChanged(plugins) });
    for (const plugin of options.plugins) this.#services.set(plugin.name, this.#createServices(plugin.name));
  }

  get plugins(): readonly LoadedPlugin[] {
    return this.#options.plugins;
  }

  configured(plugin: LoadedPlugin): boolean {
    return plugin.definition.configured?.(this.settings.envFor(plugin.name)) ?? true;
  }

  /** Whether a message channel of a configured plugin can deliver (its own `configured`, when it has one). */
  #channelConfigured(plugin: LoadedPlugin, channel: MessageChannelDefinition): boolean {
    return this.configured(plugin) && (channel.configured?.(this.settings.envFor(plugin.name)) ?? true);
  }

  /** The loaded plugin named `name`, if any. */
  plugin(name: string): LoadedPlugin | undefined {
    return this.#options.plugins.find((plugin) => plugin.name === name);
  }

  /** Reads the saved settings again (another process may have changed them); the plugins whose settings changed. */
  refreshSettings(): Promise<string[]> {
    return this.settings.refresh();
  }

  /** Reads the saved settings every `SETTINGS_REFRESH_MS`; every process runs one. */
  settingsLoop(): WorkLoop {
    const { clock, logger } = this.#options;
    return new WorkLoop({
      name: 'plugin-settings',
      clock,
      logger,
      maxSleepMs: SETTINGS_REFRESH_MS,
      pass: async () => {
        await this.refreshSettings();
        return { more: false, nextAt: clock.now() + SETTINGS_REFRESH_MS };
      },
    });
  }

  #settingsChanged(plugins: readonly string[]): void {
    this.#decided = undefined;
    // Other credentials may hold other templates.
    this.#templates.clear();
    for (const name of plugins) {
      const configured = this.configured(this.plugin(name)!);
      this.#options.logger.info({ plugin: name, configured }, `plugin ${name}'s settings changed: it is ${configured ? 'configured' : 'not configured'}`);
    }
  }

  services(plugin: string): PluginServices {
    const services = this.#services.get(plugin);
    if (!services) throw new Error(`No plugin named "${plugin}" is loaded`);
    return services;
  }

  /**
   * Every plugin channel by its namespaced name, and each built-in channel a plugin may serve: delivered
   * by the configured plugin serving it at the time of the delivery, else by `fallback`. A built-in
   * channel two configured plugins claim stays with the first (in load order); the other is logged.
   */
  adapters(fallback: ChannelAdapter): Record<string, ChannelAdapter> {
    const adapters: Record<string, ChannelAdapter> = {};
    for (const plugin of this.#options.plugins) {
      const services = this.services(plugin.name);
      for (const channel of plugin.channels) adapters[channel.name] = pluginChannelAdapter(channel, services);
    }
    const servable = this.#options.plugins.flatMap((plugin) => plugin.channels.flatMap((c) => (c.kind === 'message' ? (c.serves ?? []) : [])));
    for (const name of new Set(servable)) {
      const current = (): ChannelAdapter => {
        const by = this.#servedChannels().get(name);
        return by === undefined ? fallback : adapters[by]!;
      };
      adapters[name] = {
        get honoursIdempotencyKey() {
          return current().honoursIdempotencyKey;
        },
        get recordsOnly() {
          return current().recordsOnly;
        },
        get timeoutMs() {
          return current().timeoutMs;
        },
        get maxAttempts() {
          return current().maxAttempts;
        },
        deliver: (message, attempt) => current().deliver(message, attempt),
        // The fallback may deliver in batches (the recording adapter does): keep that while it serves.
        get deliverBatch() {
          const adapter = current();
          return adapter.deliverBatch?.bind(adapter);
        },
      };
    }
    return adapters;
  }

  /**
   * The limits the configured plugins' message channels declare, each over the channel and the built-in
   * channels it serves (the ones it actually took: see `adapters`).
   */
  carrierLimits(): CarrierLimit[] {
    return this.#decide().limits;
  }

  #limits(servedChannels: Map<string, string>): CarrierLimit[] {
    const served = [...servedChannels];
    return this.#options.plugins
      .filter((plugin) => this.configured(plugin))
      .flatMap((plugin) =>
        plugin.channels.flatMap((channel) => {
          if (channel.kind !== 'message' || !channel.limit || !this.#channelConfigured(plugin, channel)) return [];
          const taken = served.filter(([, by]) => by === channel.name).map(([name]) => name);
          return [{ channels: [channel.name, ...taken], max: channel.limit.max, period: channel.limit.period, timezone: channel.limit.timezone ?? 'Asia/Shanghai' }];
        }),
      );
  }

  /** Which configured plugin channel delivers each built-in channel. */
  #servedChannels(): Map<string, string> {
    return this.#decide().served;
  }

  /** What the configured plugins serve, decided (and a clash logged) once per change of settings. */
  #decide(): { served: Map<string, string>; limits: CarrierLimit[] } {
    if (this.#decided) return this.#decided;
    const served = new Map<string, string>();
    for (const plugin of this.#options.plugins) {
      if (!this.configured(plugin)) continue;
      for (const channel of plugin.channels) {
        if (channel.kind !== 'message' || !this.#channelConfigured(plugin, channel)) continue;
        for (const name of channel.serves ?? []) {
          if (served.has(name)) {
            this.#options.logger.error({ plugin: plugin.name, channel: name }, `channel ${name} is already served by another plugin; ${channel.name} does not take it`);
            continue;
          }
          served.set(name, channel.name);
        }
      }
    }
    this.#decided = { served, limits: this.#limits(served) };
    return this.#decided;
  }

  /**
   * The approved templates of the plugin channel delivering `channel` (a built-in name it serves, or its
   * namespaced name), for `content_push`'s form; kept `TEMPLATES_CACHE_MS` per channel. A built-in channel
   * no configured plugin serves, and a channel without `templates`, have none.
   *
   * @example
   * ```ts
   * const answer = await host.templates('sms'); // { found: 'templates', items: [{ id: 'SMS_1', name: '验证码', fields: [...] }] }
   * ```
   */
  async templates(channel: string): Promise<ChannelTemplatesAnswer> {
    const delivering = this.#deliveringChannel(channel);
    if (delivering === 'none') return { found: 'templates', items: [] };
    if (delivering === 'unknown') return { found: 'unknown_channel' };
    const { plugin, definition, name } = delivering;
    if (!this.#channelConfigured(plugin, definition)) return { found: 'not_configured', plugin: plugin.name };
    if (!definition.templates) return { found: 'templates', items: [] };
    const now = this.#options.clock.now();
    const cached = this.#templates.get(name);
    if (cached && now - cached.at < TEMPLATES_CACHE_MS) return { found: 'templates', items: cached.items };
    try {
      const items = await definition.templates({ services: this.services(plugin.name), signal: AbortSignal.timeout(TEMPLATES_TIMEOUT_MS) });
      this.#templates.set(name, { at: now, items });
      return { found: 'templates', items };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#options.logger.warn({ plugin: plugin.name, channel: name, err: message }, 'listing the channel templates failed');
      return { found: 'carrier_error', plugin: plugin.name, message };
    }
  }

  /**
   * What the configured plugin channel delivering `channel` says its carrier refuses or restricts of a
   * push written this way (`MessageChannelDefinition.advise`); undefined when nothing, or when no
   * configured plugin delivers it.
   */
  channelAdvice(channel: string, push: Parameters<NonNullable<MessageChannelDefinition['advise']>>[0]): LocalizedText | undefined {
    const delivering = this.#deliveringChannel(channel);
    if (typeof delivering === 'string' || !this.#channelConfigured(delivering.plugin, delivering.definition)) return undefined;
    return delivering.definition.advise?.(push);
  }

  /**
   * The plugin message channel delivering `channel` (a built-in name it serves, or its namespaced name):
   * `none` for a built-in channel no configured plugin serves, `unknown` for a name no plugin has.
   */
  #deliveringChannel(channel: string): { plugin: LoadedPlugin; definition: MessageChannelDefinition; name: string } | 'none' | 'unknown' {
    const name = (CHANNELS as readonly string[]).includes(channel) ? this.#servedChannels().get(channel) : channel;
    if (name === undefined) return 'none';
    const plugin = this.#options.plugins.find((p) => p.channels.some((c) => c.name === name));
    const definition = plugin?.channels.find((c) => c.name === name);
    return plugin && definition?.kind === 'message' ? { plugin, definition, name } : 'unknown';
  }

  /** Every plugin route, at its full path. */
  routes(): HostedRoute[] {
    return this.#options.plugins.flatMap((plugin) =>
      (plugin.definition.routes ?? []).map((route) => ({
        plugin: plugin.name,
        path: `/api/integrations/${plugin.name}${route.path}`,
        route,
        active: () => this.configured(plugin),
        services: this.services(plugin.name),
      })),
    );
  }

  /**
   * The plugins' tasks, each a loop running it every `everyMs` while its plugin is configured (a failure
   * is logged and retried with back-off), and, with any plugin loaded, the sweep of the plugins' expired records.
   */
  taskLoops(): WorkLoop[] {
    const { clock, logger, store } = this.#options;
    const sweep = new WorkLoop({
      name: 'plugin-records-sweep',
      clock,
      logger,
      maxSleepMs: RECORD_SWEEP_MS,
      pass: async () => {
        const removed = await store.pluginRecords.deleteExpired(clock.now(), RECORD_SWEEP_BATCH);
        return { more: removed === RECORD_SWEEP_BATCH, nextAt: clock.now() + RECORD_SWEEP_MS };
      },
    });
    return [...(this.#options.plugins.length > 0 ? [sweep] : []), ...this.#pluginTaskLoops()];
  }

  #pluginTaskLoops(): WorkLoop[] {
    const { clock, logger } = this.#options;
    return this.#options.plugins.flatMap((plugin) =>
      (plugin.definition.tasks ?? []).map((task) => {
        const services = this.services(plugin.name);
        return new WorkLoop({
          name: `${plugin.name}/${task.name}`,
          clock,
          logger,
          maxSleepMs: task.everyMs,
          pass: async () => {
            if (this.configured(plugin)) await task.run(services);
            return { more: false, nextAt: clock.now() + task.everyMs };
          },
        });
      }),
    );
  }

  /**
   * The plugins' reactions, as the run stepper applies them: each `tags` effect is followed by the calls
   * the plugins configured at the time ask for (their channels namespaced), in the same step.
   */
  reactions(): EffectReactions | undefined {
    const withReactions = this.#options.plugins.filter((p) => p.definition.reactions?.tags);
    if (withReactions.length === 0) return undefined;
    return (effects, contactId) => {
      const reacting = withReactions.filter((p) => this.configured(p));
      if (reacting.length === 0) return [...effects];
      return effects.flatMap((stepEffect): StepEffect[] => {
        const { effect } = stepEffect;
        if (effect.kind !== 'tags') return [stepEffect];
        const calls = reacting.flatMap((plugin) =>
          plugin.definition.reactions!.tags!({ contactId, add: effect.add, remove: effect.remove }).map((call) => ({
            nodeId: stepEffect.nodeId,
            seq: stepEffect.seq,
            effect: { ...call, channel: namespaced(plugin.name, call.channel) },
          })),
        );
        return [stepEffect, ...calls];
      });
    };
  }

  /**
   * What the integrations page shows of every plugin; a status that throws shows as inactive with the
   * error, and saved secrets that cannot be read (the key changed) come first.
   */
  async report(): Promise<PluginReport[]> {
    return Promise.all(
      this.#options.plugins.map(async (plugin) => {
        const configured = this.configured(plugin);
        const serves = plugin.channels.flatMap((c) => (c.kind === 'message' ? [...(c.serves ?? [])] : []));
        let status: PluginStatus;
        try {
          status = plugin.definition.status ? await plugin.definition.status(this.services(plugin.name)) : { active: configured, items: [] };
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          status = { active: false, items: [{ key: 'error', label: { 'zh-CN': '错误', en: 'Error' }, value: message }] };
        }
        const unreadable = this.settings.unreadable(plugin.name);
        if (unreadable.length > 0) {
          const value = unreadable.map(([name, problem]) => `${name}: ${problem}`).join('; ');
          status = { ...status, items: [{ key: 'unreadableSettings', label: { 'zh-CN': '无法读取的设置', en: 'Settings that cannot be read' }, value }, ...status.items] };
        }
        return { name: plugin.name, title: plugin.title, configured, status, serves };
      }),
    );
  }

  #createServices(plugin: string): PluginServices {
    const { store, clock, logger, ingest } = this.#options;
    const settings = this.settings;
    return {
      plugin,
      get env() {
        return settings.envFor(plugin);
      },
      now: () => clock.now(),
      records: {
        get: async (kind, key) => {
          const record = await store.pluginRecords.get(plugin, kind, key, clock.now());
          return record && { kind, key, value: record.value as never, expiresAt: record.expiresAt, updatedAt: record.updatedAt };
        },
        put: (kind, key, value, options) => store.pluginRecords.put({ plugin, kind, key, value, expiresAt: options?.expiresAt ?? null }, clock.now()),
        insert: (kind, key, value, options) => store.pluginRecords.insert({ plugin, kind, key, value, expiresAt: options?.expiresAt ?? null }, clock.now()),
        delete: (kind, key) => store.pluginRecords.delete(plugin, kind, key),
        list: async (kind) => {
          const all = [];
          let after: string | undefined;
          do {
            const page = await store.pluginRecords.list(plugin, kind, clock.now(), { limit: 500, after });
            all.push(...page.items.map((r) => ({ kind, key: r.key, value: r.value as never, expiresAt: r.expiresAt, updatedAt: r.updatedAt })));
            after = page.next ?? undefined;
          } while (after !== undefined);
          return all;
        },
      },
      ingestEvents: (events) => ingest(events.map((event) => eventInputSchema.parse(event))),
      contactIdentities: (contactId) => store.contacts.identities(contactId),
      contactByIdentity: async (kind, value) => (isIdentityKind(kind) ? store.contacts.findByIdentity(kind, value) : undefined),
      upsertContact: async (contact) => {
        await store.contacts.upsert(contact, clock.now());
      },
      settleMessage: (messageId, outcome) => store.outbox.settle(messageId, outcome, clock.now()),
      log: {
        info: (details, message) => logger.info({ plugin, ...details }, message),
        warn: (details, message) => logger.warn({ plugin, ...details }, message),
        error: (details, message) => logger.error({ plugin, ...details }, message),
      },
    };
  }
}
