import { messages, type Db, type MessageStatus } from '@journey/db';
import { and, desc, eq, lt } from 'drizzle-orm';
import { decodeCursor, page } from '../api/pagination.ts';

/** The outbox, newest first, filtered (in SQL, before paging) by journey, contact, channel and status. */
export function listMessages(
  db: Db,
  query: {
    journeyId?: string | undefined;
    contactId?: string | undefined;
    channel?: string | undefined;
    status?: MessageStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const before = decodeCursor(query.cursor, 'string');
  const rows = db
    .select()
    .from(messages)
    .where(
      and(
        query.journeyId ? eq(messages.journeyId, query.journeyId) : undefined,
        query.contactId ? eq(messages.contactId, query.contactId) : undefined,
        query.channel ? eq(messages.channel, query.channel) : undefined,
        query.status ? eq(messages.status, query.status) : undefined,
        before ? lt(messages.id, before) : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(query.limit + 1)
    .all();
  const { items, nextCursor } = page(rows, query.limit, (r) => r.id);
  return {
    items: items.map((m) => ({
      id: m.id,
      runId: m.runId,
      journeyId: m.journeyId,
      contactId: m.contactId,
      nodeId: m.nodeId,
      channel: m.channel,
      title: m.title,
      body: m.body,
      status: m.status,
      idempotencyKey: m.idempotencyKey,
      attempts: m.attempts,
      error: m.error,
      createdAt: new Date(m.createdAt).toISOString(),
      sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
    })),
    nextCursor,
  };
}
