import { isIdentityKind } from '../core/identity-kinds.ts';
import type { PluginEvent, PluginRecord, PluginServices } from '../core/plugin-services.ts';

/** What `createTestServices` gives a test besides the services: what the plugin reported. */
export interface TestServices extends PluginServices {
  /** Events the plugin ingested, in order (an id seen before is left out, as the runtime does). */
  readonly events: PluginEvent[];
  readonly contacts: Map<string, { name?: string; attributes: Record<string, unknown> }>;
  /**
   * What `contactIdentities` and `contactByIdentity` answer, by contact id: set a contact's phone here
   * before a delivery. Identity traits of ingested events are set here too.
   */
  readonly identities: Map<string, Partial<Record<string, string>>>;
  readonly settled: Map<string, { status: 'sent' } | { status: 'failed'; error: string }>;
}

/**
 * In-memory `PluginServices` for a plugin's unit tests: records behave as the store's do (expiry,
 * `insert` into free keys only), events and contact updates are kept for assertions.
 *
 * @example
 * ```ts
 * const services = createTestServices('wecom', { env: { WECOM_CORP_ID: 'ww1' }, now: () => clock.now() });
 * await channel.deliver(message, { idempotencyKey: 'k', attempt: 1, signal, origin, services });
 * expect(services.events).toEqual([...]);
 * ```
 */
export function createTestServices(plugin: string, options: { env?: Record<string, string | undefined>; now?: () => number } = {}): TestServices {
  const now = options.now ?? (() => Date.now());
  const records = new Map<string, PluginRecord>();
  const id = (kind: string, key: string) => `${kind}\u0000${key}`;
  const live = (record: PluginRecord | undefined) => (record && (record.expiresAt === null || record.expiresAt > now()) ? record : undefined);
  const events: PluginEvent[] = [];
  const seen = new Set<string>();
  const contacts = new Map<string, { name?: string; attributes: Record<string, unknown> }>();
  const identities = new Map<string, Partial<Record<string, string>>>();
  const settled = new Map<string, { status: 'sent' } | { status: 'failed'; error: string }>();
  const write = (kind: string, key: string, value: Record<string, unknown>, expiresAt?: number) =>
    records.set(id(kind, key), { kind, key, value: structuredClone(value), expiresAt: expiresAt ?? null, updatedAt: now() });
  const quiet = () => {};
  return {
    plugin,
    env: options.env ?? {},
    now,
    events,
    contacts,
    identities,
    settled,
    records: {
      get: async <V extends Record<string, unknown>>(kind: string, key: string) => live(records.get(id(kind, key))) as PluginRecord<V> | undefined,
      put: async (kind, key, value, opts) => void write(kind, key, value, opts?.expiresAt),
      insert: async (kind, key, value, opts) => {
        if (live(records.get(id(kind, key)))) return false;
        write(kind, key, value, opts?.expiresAt);
        return true;
      },
      delete: async (kind, key) => records.delete(id(kind, key)),
      list: async <V extends Record<string, unknown>>(kind: string) =>
        [...records.values()].filter((r) => r.kind === kind && live(r)).sort((a, b) => (a.key < b.key ? -1 : 1)) as PluginRecord<V>[],
    },
    ingestEvents: async (batch) => {
      const ids: string[] = [];
      let duplicates = 0;
      for (const event of batch) {
        if (event.messageId !== undefined && seen.has(event.messageId)) {
          duplicates++;
          continue;
        }
        if (event.messageId !== undefined) seen.add(event.messageId);
        events.push(event);
        const traits = Object.entries(event.traits ?? {}).filter((t): t is [string, string] => isIdentityKind(t[0]) && typeof t[1] === 'string');
        if (traits.length > 0) identities.set(event.contactId, { ...identities.get(event.contactId), ...Object.fromEntries(traits) });
        ids.push(`evt_${events.length}`);
      }
      return { ids, duplicates };
    },
    contactIdentities: async (contactId) => ({ ...identities.get(contactId) }),
    contactByIdentity: async (kind, value) => [...identities].find(([, known]) => known[kind] === value)?.[0],
    upsertContact: async ({ id: contactId, name, attributes }) => {
      const before = contacts.get(contactId);
      contacts.set(contactId, { ...before, ...(name === undefined ? {} : { name }), attributes: { ...before?.attributes, ...attributes } });
    },
    settleMessage: async (messageId, outcome) => {
      if (settled.has(messageId)) return false;
      settled.set(messageId, outcome);
      return true;
    },
    log: { info: quiet, warn: quiet, error: quiet },
  };
}
