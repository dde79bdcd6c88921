import type { MessageFilter, MessageRecord, Repositories } from '@journey/db';
import { Conflict, NotFound } from '../domain-errors.ts';
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

/**
 * An operator's decision on a message whose delivery outcome is unknown: `resend` queues it again now,
 * `drop` marks it failed. `Conflict` when its outcome is not unknown.
 */
export async function decideUnknownMessage(db: Repositories, id: string, decision: 'resend' | 'drop', now: number) {
  const before = await db.outbox.get(id);
  if (!before) throw new NotFound('Message', id);
  if (!(await db.outbox.resolveUnknown(id, decision, now))) {
    throw new Conflict('message_not_unknown', `Message ${id} is ${before.status}; only a message whose outcome is unknown can be resent or dropped`);
  }
  return toMessageView((await db.outbox.get(id))!);
}
