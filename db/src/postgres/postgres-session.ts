import type pg from 'pg';
import { UniqueViolation } from '../port/errors.ts';
import { unstorableParameter } from './nul-character.ts';

/**
 * One statement for `PgSession.query`. A `name` prepares it once per connection (for the fixed texts of
 * the hot paths); `fields` names what each value fills, for errors about a value (`events.properties`).
 */
export interface PgStatement {
  text: string;
  values: readonly unknown[];
  name?: string;
  fields?: readonly string[];
}

/** Runs `work` in one transaction on one pooled connection, as `Store.transaction` does. */
export type PgTransaction = <T>(work: (session: PgSession) => Promise<T>) => Promise<T>;

/** SQLSTATEs of a transaction that lost a conflict and may simply run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Runs of a transaction (or a statement on its own) that lost a conflict, the first included. */
const MAX_ATTEMPTS = 5;

function sqlState(err: unknown): unknown {
  return err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
}

const isRetryable = (err: unknown) => RETRYABLE.has(sqlState(err) as string);

/** A pause before running again, random so that two losers do not collide again: up to 20, 40, 80, 160 ms. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

/** The port's error for what PostgreSQL refused, when the caller can act on it; else the driver's error. */
function storeError(err: unknown, statement: PgStatement): unknown {
  const code = sqlState(err);
  if (code === '23505') {
    const { constraint, detail, message } = err as pg.DatabaseError;
    return new UniqueViolation(constraint ?? null, detail ? `${message}: ${detail}` : message, { cause: err });
  }
  // 22021: a text value holds U+0000; 22P05: a jsonb value does (as \u0000).
  if (code === '22021' || code === '22P05') return unstorableParameter(statement, err) ?? err;
  return err;
}

/**
 * Where a store's statements go: the pool (each statement on whichever connection is free, a lost
 * deadlock run again, `atomic` opening a transaction), or the one connection of a transaction (`atomic`
 * joins it). A transaction's session refuses statements once it has ended, so work that strays past
 * its transaction (a promise nobody awaited) can never land in someone else's.
 *
 * @example
 * ```ts
 * const { rows } = await session.query<{ n: number }>({ text: 'SELECT count(*) AS n FROM runs', values: [] });
 * await session.atomic(async (tx) => { await tx.query(a); await tx.query(b); });
 * ```
 */
export class PgSession {
  readonly #target: pg.Pool | pg.PoolClient;
  readonly #transaction: PgTransaction | null;
  #ended = false;

  /** `transaction` opens transactions on the pool; null for the session of a transaction's own connection. */
  constructor(target: pg.Pool | pg.PoolClient, transaction: PgTransaction | null) {
    this.#target = target;
    this.#transaction = transaction;
  }

  /** True for the session of a transaction. */
  get inTransaction(): boolean {
    return this.#transaction === null;
  }

  async query<R = Record<string, unknown>>(statement: PgStatement): Promise<{ rows: R[]; rowCount: number | null }> {
    const config = { text: statement.text, values: statement.values as unknown[], ...(statement.name ? { name: statement.name } : {}) };
    for (let attempt = 1; ; attempt++) {
      if (this.#ended) throw new Error('This transaction has ended: a statement of its work ran after it committed or rolled back');
      try {
        return (await this.#target.query(config)) as unknown as { rows: R[]; rowCount: number | null };
      } catch (err) {
        // A statement on its own that lost a deadlock was rolled back whole: running it again is safe.
        if (!this.inTransaction && isRetryable(err) && attempt < MAX_ATTEMPTS) {
          await backOff(attempt);
          continue;
        }
        throw storeError(err, statement);
      }
    }
  }

  async rows<R = Record<string, unknown>>(statement: PgStatement): Promise<R[]> {
    return (await this.query<R>(statement)).rows;
  }

  /**
   * Runs independent reads side by side on the pool (each on its own connection), and one after the
   * other on a transaction's single connection, which takes one statement at a time.
   */
  async each<T extends readonly unknown[]>(reads: { readonly [K in keyof T]: () => Promise<T[K]> | T[K] }): Promise<T> {
    if (!this.inTransaction) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
    const results: unknown[] = [];
    for (const read of reads) results.push(await read());
    return results as unknown as T;
  }

  /** Runs `work` atomically: in a new transaction, or in this session's own. */
  atomic<T>(work: (session: PgSession) => Promise<T>): Promise<T> {
    return this.#transaction ? this.#transaction(work) : work(this);
  }

  /** Ends a transaction's session: later statements throw. */
  end(): void {
    this.#ended = true;
  }
}

/**
 * Transactions on `pool`: BEGIN … COMMIT on one connection, ROLLBACK when `work` throws. A transaction
 * that loses a deadlock or a serialization conflict is rolled back and run again, a few times, after a
 * random pause; `work` must therefore only read and write through its session.
 *
 * @example
 * ```ts
 * const transaction = pgTransactions(pool);
 * await transaction(async (session) => session.query({ text: 'UPDATE runs SET …', values: [] }));
 * ```
 */
export function pgTransactions(pool: pg.Pool): PgTransaction {
  return async function transaction<T>(work: (session: PgSession) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      // A connection the server ends mid-transaction (a restart, an idle-in-transaction timeout) says so
      // here rather than as an uncaught error; the statement waiting on it fails and the work with it.
      const onLost = () => {};
      client.on('error', onLost);
      const session = new PgSession(client, null);
      // A connection whose ROLLBACK failed is in an unknown state: it is closed rather than pooled.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(session);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackErr: unknown) => (rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr))),
        );
        if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      } finally {
        session.end();
        client.off('error', onLost);
        client.release(broken);
      }
      await backOff(attempt);
    }
  };
}
