import type { DeliveryOutcome, OutboxMessage } from '../port/outbox.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlOutboxRepository } from '../sql/outbox.ts';
import type { PgSession } from './postgres-session.ts';
import { uniqueRounds } from './postgres-sql.ts';

/** The outbox on PostgreSQL: the due batch through the partial index of pending messages, outcomes in one UPDATE. */
export class PostgresOutboxRepository extends SqlOutboxRepository {
  readonly #session: PgSession;

  constructor(ctx: SqlContext, session: PgSession) {
    super(ctx);
    this.#session = session;
  }

  due(now: number, limit: number): Promise<OutboxMessage[]> {
    return this.#session.rows<OutboxMessage>({
      name: 'outbox.due',
      text: `SELECT id, run_id AS "runId", journey_id AS "journeyId", contact_id AS "contactId", node_id AS "nodeId", channel, title, body,
          idempotency_key AS "idempotencyKey", created_at AS "createdAt", attempts
        FROM messages WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      values: [now, limit],
    });
  }

  /**
   * One UPDATE per round (an outcome recorded twice for a message in one call counts twice, as two calls
   * would), rows taken in id order so concurrent writers lock them alike.
   */
  async record(outcomes: readonly DeliveryOutcome[], now: number): Promise<void> {
    if (outcomes.length === 0) return;
    const rounds = uniqueRounds(outcomes, (o) => o.id);
    const write = async (session: PgSession) => {
      for (const round of rounds) {
        await session.query({
          name: 'outbox.record',
          text: `UPDATE messages SET
              status = CASE u.outcome WHEN 'retry' THEN messages.status ELSE u.outcome END,
              sent_at = CASE u.outcome WHEN 'sent' THEN $1 ELSE messages.sent_at END,
              next_attempt_at = CASE u.outcome WHEN 'retry' THEN u.next_attempt_at ELSE messages.next_attempt_at END,
              error = u.error, attempts = messages.attempts + 1
            FROM (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(id, outcome, error, next_attempt_at) ORDER BY id) u
            WHERE messages.id = u.id`,
          values: [
            now,
            round.map((o) => o.id),
            round.map((o) => o.outcome),
            round.map((o) => (o.outcome === 'sent' ? null : o.error)),
            round.map((o) => (o.outcome === 'retry' ? o.nextAttemptAt : null)),
          ],
          fields: ['now', 'messages.id', 'messages.status', 'messages.error', 'messages.next_attempt_at'],
        });
      }
    };
    await (rounds.length === 1 ? write(this.#session) : this.#session.atomic(write));
  }
}
