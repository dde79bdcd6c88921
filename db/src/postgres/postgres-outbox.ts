import type { ClaimedMessage, DeliveryOutcome } from '../port/outbox.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlOutboxRepository } from '../sql/outbox.ts';
import type { PgSession } from './postgres-session.ts';
import { uniqueRounds } from './postgres-sql.ts';

/** The outbox on PostgreSQL: claims through the partial index of pending messages, outcomes in one UPDATE. */
export class PostgresOutboxRepository extends SqlOutboxRepository {
  readonly #session: PgSession;

  constructor(ctx: SqlContext, session: PgSession) {
    super(ctx);
    this.#session = session;
  }

  /** Claimed through the partial index of pending messages, skipping rows another dispatcher is claiming right now. */
  async claim(owner: string, now: number, limit: number, ttlMs: number): Promise<ClaimedMessage[]> {
    const rows = await this.#session.rows<ClaimedMessage & { nextAttemptAt: number }>({
      name: 'outbox.claim',
      text: `UPDATE messages m SET claimed_by = $1, claim_expires_at = $2 FROM (
          SELECT id FROM messages WHERE status = 'pending' AND next_attempt_at <= $3 AND (claim_expires_at IS NULL OR claim_expires_at < $3)
          ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) chosen
        WHERE m.id = chosen.id
        RETURNING m.id, m.run_id AS "runId", m.journey_id AS "journeyId", m.contact_id AS "contactId", m.node_id AS "nodeId", m.channel, m.title, m.body,
          m.idempotency_key AS "idempotencyKey", m.priority, m.created_at AS "createdAt", m.attempts, m.delivery_started_at IS NOT NULL AS interrupted,
          m.next_attempt_at AS "nextAttemptAt"`,
      values: [owner, now + ttlMs, now, limit],
    });
    return rows
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
      .map(({ nextAttemptAt: _, ...message }) => message);
  }

  /**
   * One UPDATE per round (an outcome recorded twice for a message in one call counts twice, as two calls
   * would), rows taken in id order so concurrent writers lock them alike.
   */
  async record(outcomes: readonly DeliveryOutcome[], now: number, owner: string): Promise<void> {
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
              error = u.error, attempts = messages.attempts + 1, claimed_by = NULL, claim_expires_at = NULL, delivery_started_at = NULL
            FROM (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(id, outcome, error, next_attempt_at) ORDER BY id) u
            WHERE messages.id = u.id AND messages.claimed_by = $6`,
          values: [
            now,
            round.map((o) => o.id),
            round.map((o) => o.outcome),
            round.map((o) => (o.outcome === 'sent' || o.outcome === 'pending_confirmation' ? null : o.error)),
            round.map((o) => (o.outcome === 'retry' ? o.nextAttemptAt : null)),
            owner,
          ],
          fields: ['now', 'messages.id', 'messages.status', 'messages.error', 'messages.next_attempt_at', 'messages.claimed_by'],
        });
      }
    };
    await (rounds.length === 1 ? write(this.#session) : this.#session.atomic(write));
  }
}
