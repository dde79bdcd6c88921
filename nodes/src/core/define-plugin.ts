import type { z } from 'zod';
import type { AnyNodeSpec, LocalizedText } from './define-node.ts';
import type { CallEffect, NodeExecutor } from './define-executor.ts';
import type { PluginReactions, PluginRoute, PluginServices, PluginStatus, PluginTask } from './plugin-services.ts';
import type { Channel } from './vocabulary.ts';
import type { MessagePriority } from './workspace-settings.ts';
import type { CalendarPeriod } from './zoned-time.ts';

/**
 * A plugin: node types and channels a developer adds without touching the core. It is a folder under
 * `./plugins/` or a package named in `JOURNEY_PLUGINS`, whose default export (or `plugin` export) is
 * what `definePlugin` returns. Its node types and channels are namespaced by its name:
 * node `award` of plugin `points` is stored in graphs as `points/award`.
 */
export interface PluginDefinition {
  /** The namespace: lowercase letters, digits and `-`, starting with a letter, e.g. `group-buy`. */
  name: string;
  /** What the plugin is called on the integrations page; its name when left out. */
  title?: LocalizedText;
  /** Its node types, each a spec with its executor (`defineExecutor`). Types are snake_case, not namespaced. */
  nodes: readonly NodeExecutor<AnyNodeSpec>[];
  /** Where its effects go: message channels for `content_push`, call channels for its executors' calls. */
  channels?: readonly ChannelDefinition[];
  /**
   * Whether the deployment configured the plugin (its variables are set). When it answers false the plugin
   * still loads but stays inactive: its channels serve no built-in channel, its routes answer 503, its tasks
   * and reactions do not run, and the integrations page says so. Always configured when left out. Asked
   * again whenever the plugin's saved settings change, so it is connected without a restart.
   */
  configured?(env: Readonly<Record<string, string | undefined>>): boolean;
  /**
   * The variables an admin may set on the integrations page instead of the server's environment. The
   * plugin reads them as it reads any variable (`services.env`, `configured(env)`): the runtime overlays
   * the saved values on the process environment, which wins for a variable it sets. Secrets are stored
   * encrypted and never shown again.
   */
  settings?: readonly PluginSetting[];
  /**
   * What is wrong with a configuration, each problem naming the variable at fault when one is; empty when
   * it is fine or when nothing is set (the plugin is simply not configured). Saving settings that leave a
   * problem is refused with it.
   */
  configurationProblems?(env: Readonly<Record<string, string | undefined>>): readonly ConfigurationProblem[];
  /** HTTP routes under `/api/integrations/<name>` (a carrier's callback, admin actions). */
  routes?: readonly PluginRoute[];
  /** Background work, run by one process of the deployment at a time. */
  tasks?: readonly PluginTask[];
  /** Outside calls it makes when other nodes' effects happen (mirroring the `tag` node's tags). */
  reactions?: PluginReactions;
  /** What the integrations page shows about it (never secrets). Left out: only whether it is configured. */
  status?(services: PluginServices): Promise<PluginStatus>;
}

/**
 * One variable of a plugin that the integrations page can set, e.g.
 * `{ name: 'TENCENT_SMS_SECRET_KEY', label: { 'zh-CN': 'SecretKey', en: 'SecretKey' }, secret: true }`.
 */
export interface PluginSetting {
  /** The variable the plugin reads: upper-case letters, digits and `_`, starting with a letter. */
  name: string;
  label: LocalizedText;
  /** A secret (a key, a token) is stored encrypted, shown as a password field and never returned by the API. */
  secret: boolean;
  /** A line under the field: where to find the value in the carrier's console, its format. */
  help?: LocalizedText;
  /** Settings of the same group are shown together under this heading (e.g. one carrier's). */
  group?: LocalizedText;
}

/** A problem with a plugin's configuration: what is wrong, and the variable at fault when there is one. */
export interface ConfigurationProblem {
  setting?: string;
  message: string;
}

/**
 * A zod error of a plugin's configuration schema as its problems: each issue's message, and the variable
 * at its path as the setting at fault.
 *
 * @example
 * ```ts
 * const parsed = envSchema.safeParse(env);
 * if (!parsed.success) return { problems: configurationIssues(parsed.error) };
 * ```
 */
export function configurationIssues(error: z.ZodError): ConfigurationProblem[] {
  return error.issues.map((issue) => (typeof issue.path[0] === 'string' ? { setting: issue.path[0], message: issue.message } : { message: issue.message }));
}

/** Problems as one line, for a status or an error. */
export function problemsText(problems: readonly ConfigurationProblem[]): string {
  return problems.map((problem) => problem.message).join('; ');
}

/** A setting's name: upper-case letters, digits and `_`, starting with a letter, at most 100 characters. */
export const SETTING_NAME = /^[A-Z][A-Z0-9_]{0,99}$/;

/** The path under `/api/integrations/<plugin>` the runtime keeps for the plugin's settings. */
export const SETTINGS_PATH = '/settings';

/**
 * Declares a plugin. The loader validates it, namespaces its node types and channels with `name`, and
 * leaves it out (reporting why) when it is broken or a type clashes with a built-in or another plugin.
 *
 * @example
 * ```ts
 * // plugins/points/index.ts
 * export default definePlugin({ name: 'points', nodes: [awardPoints], channels: [ledger] });
 * ```
 */
export function definePlugin<const P extends PluginDefinition>(plugin: P): P {
  return plugin;
}

/** A plugin's name: lowercase letters, digits and `-`, starting with a letter, at most 30 characters. */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * A plugin's node type or channel as graphs and messages store it: `<plugin>/<name>`.
 *
 * @example namespaced('group-buy', 'group_buy') // "group-buy/group_buy"
 */
export function namespaced(plugin: string, name: string): string {
  return `${plugin}/${name}`;
}

/**
 * The plugin a namespaced node type or channel belongs to; `undefined` for a built-in one.
 *
 * @example pluginOf('points/award') // "points"
 */
export function pluginOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : undefined;
}

/**
 * The plugin's executors with their specs' types namespaced, as the registries hold them.
 *
 * @example namespacedNodes(pointsPlugin).map((n) => n.spec.type) // ["points/award"]
 */
export function namespacedNodes(plugin: PluginDefinition): NodeExecutor<AnyNodeSpec>[] {
  return plugin.nodes.map((executor) => ({ ...executor, spec: { ...executor.spec, type: namespaced(plugin.name, executor.spec.type) } }));
}

/**
 * The channel a call effect goes to: the effect names a channel of the plugin whose node made it.
 *
 * @example callChannelOf('points/award', { kind: 'call', channel: 'ledger', payload }) // "points/ledger"
 */
export function callChannelOf(nodeType: string, effect: CallEffect): string {
  const plugin = pluginOf(nodeType);
  return plugin === undefined ? effect.channel : namespaced(plugin, effect.channel);
}

/** Where an effect comes from; the idempotency key is derived from it and is the same on every attempt. */
export interface DeliveryOrigin {
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
}

/** What a channel's `deliver` gets besides the message or payload. */
export interface DeliveryContext {
  /**
   * The same on every attempt of one effect (`<runId>:<nodeId>:<step>`, plus `:<n>` for a step's n-th
   * effect): send it to the outside system so that a repeat after a crash is recognised.
   */
  idempotencyKey: string;
  /** 1 on the first delivery attempt, then 2, 3, … */
  attempt: number;
  /** Aborted when the channel's time limit passes; pass it to `fetch`. */
  signal: AbortSignal;
  origin: DeliveryOrigin;
  /** The plugin's services: its configuration and records (`createTestServices` in tests). */
  services: PluginServices;
}

/**
 * What a delivery answered, recorded with the effect (a receipt id, the points balance, …). Returning
 * nothing records only that it succeeded. A throw is retried with back-off; `PermanentDeliveryError`
 * fails the effect at once.
 */
export type DeliveryReceipt = Record<string, unknown> | void;

/** A message rendered by `content_push` (or any node's `message` effect), as a message channel receives it. */
export interface ChannelMessage {
  /** The outbox message id. */
  id: string;
  /** The channel, namespaced: `<plugin>/<name>`. */
  channel: string;
  title: string;
  body: string;
  /** `transactional` messages passed caps and quiet hours (an order notice, a code just issued); a carrier may send them by its own route. */
  priority: MessagePriority;
  createdAt: number;
}

interface ChannelBase {
  /** snake_case, unique within the plugin; namespaced `<plugin>/<name>` once loaded. */
  name: string;
  /** Shown in channel lists (a message channel appears in `content_push`'s) and on the integrations page. */
  title: LocalizedText;
  /**
   * Whether the outside system treats a repeated idempotency key as one request. When it does not, an
   * effect whose outcome is unknown after a crash is marked `unknown` for an operator, never resent blindly.
   */
  honoursIdempotencyKey: boolean;
  /** How long one delivery may take before it is aborted and retried (default 10 000 ms). */
  timeoutMs?: number;
  /** Delivery attempts before the effect is `failed` (default 5). */
  maxAttempts?: number;
}

/** One variable of a carrier's template, as the form shows it. */
export interface TemplateField {
  key: string;
  label?: string;
  maxLength?: number;
  hint?: string;
}

/** An approved template the carrier holds: what `content_push`'s title names on the channel. */
export interface ChannelTemplate {
  id: string;
  name: string;
  content?: string;
  fields: TemplateField[];
  /**
   * The template's kind, for a channel whose title names templates of more than one (the Official
   * Account: template messages and subscription notifications); the picker groups them by it.
   */
  kind?: LocalizedText;
}

/**
 * A channel that delivers messages: it appears in `content_push`'s channel list as `<plugin>/<name>`.
 * A carrier's plugin can also take over built-in channel names (`serves: ['wecom_private']`): while the
 * plugin is configured, every message on those channels is delivered through it instead of the default
 * adapter, so journeys keep the names marketers know. Two configured plugins may not serve the same name.
 */
export interface MessageChannelDefinition extends ChannelBase {
  kind: 'message';
  /** Built-in channels it delivers while its plugin is configured (and the channel, see `configured`). */
  serves?: readonly Channel[];
  /**
   * Whether this channel can deliver in the plugin's configuration, for a plugin whose parts are configured
   * apart (an Official Account and a mini-program): while it answers false the channel serves no built-in
   * channel and lists no templates. Left out: whenever its plugin is configured.
   */
  configured?(env: Readonly<Record<string, string | undefined>>): boolean;
  /**
   * The carrier's own limit per contact on marketing messages through this channel (and the built-in
   * ones it serves), per calendar day or month in `timezone` (default Asia/Shanghai). While the plugin is
   * configured, a `content_push` past it is held until the next period, shown as held on the monitor.
   */
  limit?: { max: number; period: CalendarPeriod; timezone?: string };
  deliver(message: ChannelMessage, context: DeliveryContext): Promise<DeliveryReceipt>;
  /** The carrier's approved templates, for the form's picker; the title names one, the body holds its fields as `key=value` lines. */
  templates?(context: { services: PluginServices; signal: AbortSignal }): Promise<ChannelTemplate[]>;
  /**
   * What the carrier refuses or restricts of a `content_push` written this way (its title, template and
   * priority as configured, before rendering), for the launch review's warnings: a customer-service text
   * that WeChat takes only inside the follower's window, an SMS without its approved template. Undefined
   * when nothing. Asked only while the channel is configured.
   *
   * @example
   * ```ts
   * advise: ({ title }) => (title === '' ? { 'zh-CN': '请选择审核通过的模板', en: 'Pick an approved template' } : undefined),
   * ```
   */
  advise?(push: { title: string; template: string; priority: MessagePriority }): LocalizedText | undefined;
}

/**
 * A channel that makes one kind of outside call (award points in a CRM, tag a WeCom customer…). Executors
 * ask for the call with `channel.effect(payload)`; the runtime delivers it after the step commits.
 */
export interface CallChannelDefinition<Payload extends z.ZodType = z.ZodType> extends ChannelBase {
  kind: 'call';
  /** The call's arguments; checked when the effect is made, stored as JSON with the step. */
  payload: Payload;
  deliver(payload: z.output<Payload>, context: DeliveryContext): Promise<DeliveryReceipt>;
}

/** A call channel as `defineChannel` returns it: with `effect`, which executors return. */
export interface CallChannel<Payload extends z.ZodType = z.ZodType> extends CallChannelDefinition<Payload> {
  /** The effect asking for this call, for an executor's outcome. */
  effect(payload: z.input<Payload>): CallEffect;
}

/** Any channel a plugin declares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChannelDefinition = MessageChannelDefinition | CallChannel<z.ZodType<any, any>>;

/**
 * Declares a channel: where a plugin's effects go outside. A message channel receives rendered messages
 * (it is offered in `content_push`); a call channel receives its typed payload. `deliver` is the only
 * place a plugin does I/O, and the runtime calls it after the step has committed, with the step's
 * idempotency key, a time limit and retries.
 *
 * @example
 * ```ts
 * const ledger = defineChannel({
 *   kind: 'call', name: 'ledger', title: { 'zh-CN': '积分账户', en: 'Points ledger' },
 *   honoursIdempotencyKey: true,
 *   payload: z.strictObject({ contactId: z.string(), points: z.number().int() }),
 *   deliver: async (payload, { idempotencyKey, signal }) => {
 *     const res = await fetch(process.env.POINTS_API_URL!, {
 *       method: 'POST', signal, body: JSON.stringify(payload),
 *       headers: { 'content-type': 'application/json', 'Idempotency-Key': idempotencyKey },
 *     });
 *     if (!res.ok) throw new Error(`Points service answered ${res.status}`);
 *   },
 * });
 * // in an executor:
 * return { type: 'next', port: 'out', effects: [ledger.effect({ contactId: contact.id, points: 100 })] };
 * ```
 */
export function defineChannel<Payload extends z.ZodType>(channel: CallChannelDefinition<Payload>): CallChannel<Payload>;
export function defineChannel(channel: MessageChannelDefinition): MessageChannelDefinition;
export function defineChannel(
  channel: CallChannelDefinition | MessageChannelDefinition,
): CallChannel | MessageChannelDefinition {
  if (channel.kind === 'message') return channel;
  return {
    ...channel,
    effect: (payload) => ({
      kind: 'call',
      channel: channel.name,
      payload: channel.payload.parse(payload) as Record<string, unknown>,
    }),
  };
}

/**
 * Thrown by `deliver` when retrying cannot help (the outside system refused the request for good):
 * the effect fails at once with this message instead of being retried.
 *
 * @example
 * ```ts
 * if (res.status === 422) throw new PermanentDeliveryError('The member does not exist in the CRM');
 * ```
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
