import type Database from 'better-sqlite3';
import type { ClaimedMessage, DeliveryOutcome } from '../port/outbox.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlOutboxRepository } from '../sql/outbox.ts';
import { onConnection, type ConnectionGate } from './connection-gate.ts';

type ClaimRow = Omit<ClaimedMessage, 'interrupted'> & { interrupted: number; nextAttemptAt: number };

const ENDS_CLAIM = 'claimed_by = NULL, claim_expires_at = NULL, delivery_started_at = NULL';

/** The hot statements of the outbox, prepared once per connection. */
export function prepareOutboxStatements(db: Database.Database) {
  return {
    claim: db.prepare<{ owner: string; until: number; now: number; limit: number }, ClaimRow>(
      `UPDATE messages SET claimed_by = @owner, claim_expires_at = @until WHERE id IN (
         SELECT id FROM messages WHERE status = 'pending' AND next_attempt_at <= @now AND (claim_expires_at IS NULL OR claim_expires_at < @now)
         ORDER BY next_attempt_at LIMIT @limit)
       RETURNING id, run_id AS runId, journey_id AS journeyId, contact_id AS contactId, node_id AS nodeId, channel, title, body,
         idempotency_key AS idempotencyKey, priority, created_at AS createdAt, attempts, delivery_started_at IS NOT NULL AS interrupted,
         next_attempt_at AS nextAttemptAt`,
    ),
    sent: db.prepare(`UPDATE messages SET status = 'sent', sent_at = ?, attempts = attempts + 1, error = NULL, ${ENDS_CLAIM} WHERE id = ? AND claimed_by = ?`),
    retry: db.prepare(`UPDATE messages SET attempts = attempts + 1, next_attempt_at = ?, error = ?, ${ENDS_CLAIM} WHERE id = ? AND claimed_by = ?`),
    failed: db.prepare(`UPDATE messages SET status = 'failed', attempts = attempts + 1, error = ?, ${ENDS_CLAIM} WHERE id = ? AND claimed_by = ?`),
    pending_confirmation: db.prepare(`UPDATE messages SET status = 'pending_confirmation', attempts = attempts + 1, error = NULL, ${ENDS_CLAIM} WHERE id = ? AND claimed_by = ?`),
    unknown: db.prepare(`UPDATE messages SET status = 'unknown', attempts = attempts + 1, error = ?, ${ENDS_CLAIM} WHERE id = ? AND claimed_by = ?`),
  };
}
type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

/** The outbox on SQLite: claims and delivery outcomes as prepared statements. */
export class SqliteOutboxRepository extends SqlOutboxRepository {
  readonly #db: Database.Database;
  readonly #s: OutboxStatements;
  readonly #gate: ConnectionGate | null;

  constructor(ctx: SqlContext, db: Database.Database, prepared: OutboxStatements, gate: ConnectionGate | null) {
    super(ctx);
    this.#db = db;
    this.#s = prepared;
    this.#gate = gate;
  }

  claim(owner: string, now: number, limit: number, ttlMs: number): Promise<ClaimedMessage[]> {
    return onConnection(this.#gate, () =>
      this.#s.claim
        .all({ owner, until: now + ttlMs, now, limit })
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
        .map(({ nextAttemptAt: _, interrupted, ...message }) => ({ ...message, interrupted: interrupted === 1 })),
    );
  }

  record(outcomes: readonly DeliveryOutcome[], now: number, owner: string): Promise<void> {
    const work = () =>
      this.#db.transaction(() => {
        for (const o of outcomes) {
          if (o.outcome === 'sent') this.#s.sent.run(now, o.id, owner);
          else if (o.outcome === 'retry') this.#s.retry.run(o.nextAttemptAt, o.error, o.id, owner);
          else if (o.outcome === 'pending_confirmation') this.#s.pending_confirmation.run(o.id, owner);
          else this.#s[o.outcome].run(o.error, o.id, owner);
        }
      })();
    return onConnection(this.#gate, work);
  }
}
