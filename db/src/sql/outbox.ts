import { sql } from 'drizzle-orm';
import type { MessageRecord } from '../port/model.ts';
import type { ClaimedMessage, DeliveryOutcome, MessageFilter, OutboxRepository, RecordedDelivery } from '../port/outbox.ts';
import { keysetPage, type Page, type PageQuery } from '../port/paging.ts';
import { selectList } from './columns.ts';
import type { SqlContext } from './context.ts';

const MESSAGE = selectList({
  id: 'id',
  runId: 'run_id',
  journeyId: 'journey_id',
  contactId: 'contact_id',
  nodeId: 'node_id',
  kind: 'kind',
  channel: 'channel',
  title: 'title',
  body: 'body',
  priority: 'priority',
  status: 'status',
  idempotencyKey: 'idempotency_key',
  attempts: 'attempts',
  error: 'error',
  createdAt: 'created_at',
  sentAt: 'sent_at',
});

/** The outbox on either store: listing and the recording channel shared; claiming and recording delivery each store's own. */
export abstract class SqlOutboxRepository implements OutboxRepository {
  constructor(protected readonly ctx: SqlContext) {}

  abstract claim(owner: string, now: number, limit: number, ttlMs: number): Promise<ClaimedMessage[]>;
  abstract record(outcomes: readonly DeliveryOutcome[], now: number, owner: string): Promise<void>;

  async renewClaims(owner: string, until: number): Promise<void> {
    await this.ctx.exec.run(sql`UPDATE messages SET claim_expires_at = ${until} WHERE claimed_by = ${owner} AND status = 'pending'`);
  }

  async startDelivery(ids: readonly string[], owner: string, now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.exec.run(sql`UPDATE messages SET delivery_started_at = ${now}
      WHERE ${this.ctx.dialect.inList(sql`id`, [...ids])} AND claimed_by = ${owner}`);
  }

  async resolveUnknown(id: string, decision: 'resend' | 'drop', now: number): Promise<boolean> {
    const changed = await this.ctx.exec.run(
      decision === 'resend'
        ? sql`UPDATE messages SET status = 'pending', next_attempt_at = ${now}, error = NULL, delivery_started_at = NULL, claimed_by = NULL,
            claim_expires_at = NULL WHERE id = ${id} AND status = 'unknown'`
        : sql`UPDATE messages SET status = 'failed', error = 'Dropped by an operator: its delivery outcome was unknown', delivery_started_at = NULL
            WHERE id = ${id} AND status = 'unknown'`,
    );
    return changed > 0;
  }

  async settle(id: string, outcome: { status: 'sent' } | { status: 'failed'; error: string }, now: number): Promise<boolean> {
    const changed = await this.ctx.exec.run(
      outcome.status === 'sent'
        ? sql`UPDATE messages SET status = 'sent', sent_at = ${now}, error = NULL WHERE id = ${id} AND status = 'pending_confirmation'`
        : sql`UPDATE messages SET status = 'failed', error = ${outcome.error} WHERE id = ${id} AND status = 'pending_confirmation'`,
    );
    return changed > 0;
  }

  get(id: string): Promise<MessageRecord | undefined> {
    return this.ctx.exec.get<MessageRecord>(sql`SELECT ${MESSAGE} FROM messages WHERE id = ${id}`);
  }

  async nextAttemptAt(now: number): Promise<number | null> {
    const row = await this.ctx.exec.get<{ at: unknown }>(
      sql`SELECT min(next_attempt_at) AS "at" FROM messages WHERE status = 'pending' AND next_attempt_at > ${now}`,
    );
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  async hasPending(): Promise<boolean> {
    return (await this.ctx.exec.get(sql`SELECT 1 AS "one" FROM messages WHERE status = 'pending' LIMIT 1`)) !== undefined;
  }

  async countDue(now: number): Promise<number> {
    const row = await this.ctx.exec.get<{ n: unknown }>(
      sql`SELECT count(*) AS "n" FROM messages WHERE status = 'pending' AND next_attempt_at <= ${now}`,
    );
    return Number(row?.n ?? 0);
  }

  async list(filter: MessageFilter, page: PageQuery): Promise<Page<MessageRecord>> {
    const rows = await this.ctx.exec.all<MessageRecord>(sql`SELECT ${MESSAGE} FROM messages WHERE 1 = 1
      ${filter.journeyId ? sql`AND journey_id = ${filter.journeyId}` : sql``} ${filter.contactId ? sql`AND contact_id = ${filter.contactId}` : sql``}
      ${filter.channel ? sql`AND channel = ${filter.channel}` : sql``} ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${page.after ? sql`AND id < ${page.after}` : sql``} ORDER BY id DESC LIMIT ${page.limit + 1}`);
    return keysetPage(rows, page.limit, (r) => r.id);
  }

  async recordDeliveries(deliveries: readonly RecordedDelivery[], now: number): Promise<void> {
    if (deliveries.length === 0) return;
    const rows = deliveries.map((d) => sql`(${d.idempotencyKey}, ${d.messageId}, ${d.channel}, ${d.contactId}, ${now})`);
    await this.ctx.exec.run(sql`INSERT INTO deliveries (idempotency_key, message_id, channel, contact_id, delivered_at)
      VALUES ${sql.join(rows, sql`, `)} ON CONFLICT DO NOTHING`);
  }
}
