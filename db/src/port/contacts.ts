import type { ContactRecord, StoredStep } from './model.ts';
import type { Page, PageQuery } from './paging.ts';

/** What an upsert writes: attributes are merged into the stored ones, tags are added. */
export interface ContactUpsert {
  id: string;
  name?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  tags?: readonly string[] | undefined;
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
  /** The contact's tags, sorted. */
  tags(id: string): Promise<string[]>;
  /** Creates or updates a contact atomically; `created` tells which. */
  upsert(input: ContactUpsert, now: number): Promise<{ created: boolean }>;
  /** Every step of every run of the contact, oldest first. */
  timeline(contactId: string, page: PageQuery<number>): Promise<Page<StoredStep, number>>;
}
