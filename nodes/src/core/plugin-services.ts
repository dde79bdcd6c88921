import type { LocalizedText } from './define-node.ts';
import type { CallEffect } from './define-executor.ts';

/** One record a plugin keeps in the store (see `PluginRecords`). */
export interface PluginRecord<V extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  key: string;
  value: V;
  /** After it the record reads as absent; null: it never expires. */
  expiresAt: number | null;
  updatedAt: number;
}

/**
 * A plugin's own records in the deployment's store, shared by every process: a JSON object per
 * (`kind`, `key`), optionally expiring. `insert` writes only into a free key (absent or expired), which
 * makes both de-duplication (a retried callback) and one-at-a-time work across processes (a lock that
 * expires if its holder dies).
 *
 * @example
 * ```ts
 * if (await records.insert('lock', 'token', { by: process.pid }, { expiresAt: services.now() + 10_000 })) {
 *   try { await refresh(); } finally { await records.delete('lock', 'token'); }
 * }
 * ```
 */
export interface PluginRecords {
  get<V extends Record<string, unknown> = Record<string, unknown>>(kind: string, key: string): Promise<PluginRecord<V> | undefined>;
  put(kind: string, key: string, value: Record<string, unknown>, options?: { expiresAt?: number }): Promise<void>;
  /** False when the key was taken (and nothing was written). */
  insert(kind: string, key: string, value: Record<string, unknown>, options?: { expiresAt?: number }): Promise<boolean>;
  delete(kind: string, key: string): Promise<boolean>;
  /** Every unexpired record of `kind`, by key. */
  list<V extends Record<string, unknown> = Record<string, unknown>>(kind: string): Promise<PluginRecord<V>[]>;
}

/** An event a plugin reports (a carrier's callback), stored as `POST /api/events` stores it. */
export interface PluginEvent {
  contactId: string;
  type: string;
  properties?: Record<string, unknown>;
  /** Epoch milliseconds; the time it is received when left out. */
  timestamp?: number;
  /** The carrier's id for it: an event whose id was seen before is not stored again. */
  messageId?: string;
  /**
   * What the event says about its contact, as `POST /api/events` takes it: `name`, identities
   * (`phone`, `wechatOpenId`, `wechatMiniOpenId`, `wechatUnionId`, …) and any other trait as an attribute.
   */
  traits?: { name?: string; [trait: string]: unknown };
}

export interface PluginLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * What the runtime gives a plugin's server side (its channels' `deliver`, its routes, tasks and status):
 * its configuration, its records, and ways to report what the outside world did.
 */
export interface PluginServices {
  /** The plugin's name. */
  readonly plugin: string;
  /**
   * Where the plugin's variables are: the process environment with the plugin's `settings` saved on the
   * integrations page overlaid (a variable set in the environment wins). Read it when needed rather than
   * keeping it: it is a new object when the settings change (no restart), the same one until then.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds on the runtime's clock. */
  now(): number;
  readonly records: PluginRecords;
  /** Stores events (creating unknown contacts); enrolment and resumes follow. Ids already seen count as duplicates. */
  ingestEvents(events: readonly PluginEvent[]): Promise<{ ids: string[]; duplicates: number }>;
  /**
   * The ids carriers know the contact by (`phone`, `email`, `wecomExternalUserId`, `wechatOpenId`,
   * `wechatMiniOpenId`, `wechatUnionId`), as its events' traits set them; empty when it has none (or does not exist).
   *
   * @example
   * ```ts
   * const { phone } = await services.contactIdentities(origin.contactId);
   * ```
   */
  contactIdentities(contactId: string): Promise<Readonly<Partial<Record<string, string>>>>;
  /**
   * The contact a carrier's id belongs to: the one whose identity `kind` (`phone`, `wechatOpenId`,
   * `wechatMiniOpenId`, …) is `value`; `undefined` when no contact has it.
   *
   * @example
   * ```ts
   * const contactId = (await services.contactByIdentity('wechatOpenId', openid)) ?? openid;
   * ```
   */
  contactByIdentity(kind: string, value: string): Promise<string | undefined>;
  /** Creates or updates a contact's name and attributes (attributes are merged). */
  upsertContact(contact: { id: string; name?: string; attributes?: Record<string, unknown> }): Promise<void>;
  /**
   * Ends a message whose `deliver` answered `awaitConfirmation()`: `sent`, or `failed` with the reason.
   * False when it was not awaiting confirmation.
   */
  settleMessage(messageId: string, outcome: { status: 'sent' } | { status: 'failed'; error: string }): Promise<boolean>;
  readonly log: PluginLog;
}

/** Where a plugin route's request came from, and its path parameters. */
export interface PluginRequestContext {
  services: PluginServices;
  /** The `:name` segments of the route's path. */
  params: Record<string, string>;
}

/**
 * An HTTP route a plugin adds under `/api/integrations/<plugin>`: a carrier's callback, an admin action.
 * It is given the web-standard `Request` and answers a `Response`. While the plugin is not configured
 * (`PluginDefinition.configured`) the runtime answers 503 for it and does not call `handle`.
 *
 * @example
 * ```ts
 * const ping: PluginRoute = { method: 'GET', path: '/ping', access: 'admin', handle: async () => Response.json({ ok: true }) };
 * ```
 */
export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Starts with `/`; `:name` segments are parameters, e.g. `/contact-ways/:id`. */
  path: string;
  /**
   * `public`: anyone may call it, no sign-in (the route checks the caller itself, e.g. a carrier's
   * signature); `admin`: an admin's session or API key; `read`: anyone signed in; `ingest`: whoever may
   * send events (an ingest API key a brand's backend holds, marketers, admins).
   */
  access: 'public' | 'admin' | 'read' | 'ingest';
  /** What it does, for the API's OpenAPI document. */
  summary?: string;
  handle(request: Request, context: PluginRequestContext): Promise<Response>;
}

/**
 * Background work of a plugin, run every `everyMs` by one process of the deployment (the one leading it):
 * following up what a carrier accepted, processing what a callback stored.
 */
export interface PluginTask {
  name: string;
  everyMs: number;
  run(services: PluginServices): Promise<void>;
}

/** One line of a plugin's status on the integrations page (never a secret). */
export interface PluginStatusItem {
  key: string;
  label: LocalizedText;
  /** Epoch milliseconds when `kind` is `time`. */
  value: string | number | boolean | null;
  kind?: 'text' | 'time' | 'flag';
}

/** What the integrations page shows of a plugin. */
export interface PluginStatus {
  /** Whether the plugin is configured and working in this deployment. */
  active: boolean;
  items: PluginStatusItem[];
}

/** The status of a plugin that is not configured: inactive, with what is missing or wrong as its one line. */
export function notConfiguredStatus(problem: string): PluginStatus {
  return { active: false, items: [{ key: 'configuration', label: { 'zh-CN': '配置', en: 'Configuration' }, value: problem }] };
}

/** A `tags` effect of a journey step (the `tag` node), as plugins see it. */
export interface TagsChange {
  contactId: string;
  add: readonly string[];
  remove: readonly string[];
}

/**
 * A plugin's reactions to effects of any node (built-in or not): outside calls through its own call
 * channels, written to the outbox in the same step transaction (under the step's idempotency keys) and
 * delivered with retries like any call. Only while the plugin is configured.
 *
 * @example
 * ```ts
 * reactions: { tags: ({ contactId, add, remove }) => [crmTags.effect({ contactId, add: [...add], remove: [...remove] })] }
 * ```
 */
export interface PluginReactions {
  tags?(change: TagsChange): CallEffect[];
}

const AWAITING = 'awaitingConfirmation';

/**
 * What a message channel's `deliver` answers when the carrier accepted the message but someone must
 * still confirm the send (a WeCom member confirming a mass-send task): the message shows
 * `pending_confirmation` until the plugin calls `services.settleMessage` (from a task that asks the
 * carrier), and is not retried meanwhile.
 *
 * @example
 * ```ts
 * const { msgid } = await carrier.createTask(message);
 * await services.records.put('task', message.id, { msgid });
 * return awaitConfirmation({ msgid });
 * ```
 */
export function awaitConfirmation(details: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...details, [AWAITING]: true };
}

/** Whether a delivery's receipt is `awaitConfirmation()`'s. */
export function isAwaitingConfirmation(receipt: unknown): boolean {
  return typeof receipt === 'object' && receipt !== null && (receipt as Record<string, unknown>)[AWAITING] === true;
}
