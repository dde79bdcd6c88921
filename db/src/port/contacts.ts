import type { IdentityKind, SegmentDefinition } from '@journey/nodes';
import type { StoredEvent } from './events.ts';
import type { ContactRecord, StoredStep } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

export { IDENTITY_KINDS, type IdentityKind } from '@journey/nodes';

/** What an upsert writes: attributes are merged into the stored ones, tags are added. */
export interface ContactUpsert {
  id: string;
  name?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  tags?: readonly string[] | undefined;
}


/** What an event's traits (or an `identify` event) say about its contact. */
export interface ContactTraits {
  name?: string | undefined;
  /** Merged into the stored attributes. */
  attributes?: Record<string, unknown> | undefined;
  identities?: Partial<Record<IdentityKind, string>> | undefined;
}

/** What the contacts list keeps; every filter given must hold. */
export interface ContactListFilter {
  /** A piece of the name or id (any case), a piece of the phone number, or a whole tag. */
  search?: string | undefined;
  tag?: string | undefined;
  /** The contact's first entry source. */
  source?: string | undefined;
  /** Contacts with a run in this journey. */
  journeyId?: string | undefined;
  /** Contacts this segment definition selects at the list's `now`. */
  segment?: SegmentDefinition | undefined;
}

/** One row of the contacts list: the contact with what a list shows of it. */
export interface ContactListItem extends Omit<ContactRecord, 'attributes'> {
  /** Sorted. */
  tags: string[];
  phone: string | null;
  /** When the contact's latest event happened (its timestamp), null when it sent none. */
  lastEventAt: number | null;
  /** The journeys the contact has runs in, by name. */
  journeys: { id: string; name: string }[];
}

/**
 * Contacts and their tags.
 *
 * @example
 * ```ts
 * await store.contacts.upsert({ id: 'u1', name: '王小明', tags: ['vip'] }, now);
 * ```
 */
export interface ContactRepository {
  /** Creates the contacts that do not exist yet, empty. */
  ensure(ids: readonly string[], now: number): Promise<void>;
  get(id: string): Promise<ContactRecord | undefined>;
  /**
   * The contacts that pass every filter, in id order (keyset paging by id); a segment filter is
   * evaluated at `now`.
   *
   * @example
   * ```ts
   * await store.contacts.list({ search: '王', journeyId: 'j1' }, now, { limit: 50 });
   * ```
   */
  list(filter: ContactListFilter, now: number, page: PageQuery): Promise<Page<ContactListItem>>;
  /** The contact's tags, sorted. */
  tags(id: string): Promise<string[]>;
  /** Creates or updates a contact atomically; `created` tells which. */
  upsert(input: ContactUpsert, now: number): Promise<{ created: boolean }>;
  /**
   * Applies traits in order (a later one wins): sets the name when given, merges attributes, sets
   * identities; creates contacts that do not exist yet.
   */
  applyTraits(updates: readonly { contactId: string; traits: ContactTraits }[], now: number): Promise<void>;
  /** Records each contact's entry source unless it already has one: the first entry source is kept. */
  keepFirstSource(entries: readonly { contactId: string; source: string }[], now: number): Promise<void>;
  /** The contact's identities by kind. */
  identities(id: string): Promise<Partial<Record<IdentityKind, string>>>;
  /**
   * Keeps the pinyin search key of up to `limit` contacts whose names were stored without one (before the
   * key existed); answers how many it filled, 0 when none is left.
   */
  fillNameSearch(limit: number): Promise<number>;
  /** The contact whose identity `kind` is `value` (the one updated last when several are); `undefined` when none. */
  findByIdentity(kind: IdentityKind, value: string): Promise<string | undefined>;
  /** Every step of every run of the contact, oldest first. */
  timeline(contactId: string, page: PageQuery<number>): Promise<Page<StoredStep, number>>;
  /** Every event the contact sent (or the runtime raised for it), in the order received. */
  events(contactId: string, page: PageQuery<string>): Promise<Page<StoredEvent, string>>;
}
