import type { MessageFilter, MessageRecord, Repositories } from '@journey/db';
import { listPage, type ListQuery } from './list-page.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toMessageView(m: MessageRecord) {
  return { ...m, createdAt: iso(m.createdAt)!, sentAt: iso(m.sentAt) };
}

/** The outbox, newest first, filtered (in the store, before paging) by journey, contact, channel and status. */
export function listMessages(db: Repositories, query: ListQuery & MessageFilter) {
  const { limit, cursor, ...filter } = query;
  return listPage({ limit, cursor }, 'string', (page) => db.outbox.list(filter, page), toMessageView);
}
