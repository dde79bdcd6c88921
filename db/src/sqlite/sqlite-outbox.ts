import type Database from 'better-sqlite3';
import type { DeliveryOutcome, OutboxMessage } from '../port/outbox.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlOutboxRepository } from '../sql/outbox.ts';
import { onConnection, type ConnectionGate } from './connection-gate.ts';

/** The hot statements of the outbox, prepared once per connection. */
export function prepareOutboxStatements(db: Database.Database) {
  return {
    due: db.prepare<[number, number], OutboxMessage>(
      `SELECT id, run_id AS runId, journey_id AS journeyId, contact_id AS contactId, node_id AS nodeId, channel, title, body,
         idempotency_key AS idempotencyKey, created_at AS createdAt, attempts
       FROM messages WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    ),
    sent: db.prepare(`UPDATE messages SET status = 'sent', sent_at = ?, attempts = attempts + 1, error = NULL WHERE id = ?`),
    retry: db.prepare(`UPDATE messages SET attempts = attempts + 1, next_attempt_at = ?, error = ? WHERE id = ?`),
    failed: db.prepare(`UPDATE messages SET status = 'failed', attempts = attempts + 1, error = ? WHERE id = ?`),
  };
}
type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

/** The outbox on SQLite: due messages and delivery outcomes as prepared statements. */
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

  due(now: number, limit: number): Promise<OutboxMessage[]> {
    const work = () => this.#s.due.all(now, limit);
    return onConnection(this.#gate, work);
  }

  record(outcomes: readonly DeliveryOutcome[], now: number): Promise<void> {
    const work = () =>
      this.#db.transaction(() => {
        for (const o of outcomes) {
          if (o.outcome === 'sent') this.#s.sent.run(now, o.id);
          else if (o.outcome === 'retry') this.#s.retry.run(o.nextAttemptAt, o.error, o.id);
          else this.#s.failed.run(o.error, o.id);
        }
      })();
    return onConnection(this.#gate, work);
  }
}
