import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Dialect, SqlContext, SqlExecutor } from '../sql/context.ts';
import type { PgSession, PgStatement } from './postgres-session.ts';

const renderer = new PgDialect();

/** A drizzle `sql` query as PostgreSQL text with `$n` parameters. */
export function pgStatement(query: SQL): PgStatement {
  const { sql: text, params } = renderer.sqlToQuery(query);
  return { text, values: params };
}

/** The array type a list binds as: text, or bigint / float8 for numbers. */
function arrayType(values: readonly (string | number)[]): string {
  if (values.some((v) => typeof v === 'string')) return 'text[]';
  return values.every((v) => Number.isSafeInteger(v)) ? 'bigint[]' : 'float8[]';
}

/** PostgreSQL's SQL where the stores differ. */
export const postgresDialect: Dialect = {
  kind: 'postgres',
  // One array parameter (pg binds a JS array as a PostgreSQL array), so the text is the same for any length.
  inList: (expression, values) => sql`${expression} = ANY(${sql.param([...values])}::${sql.raw(arrayType(values))})`,
  jsonText: (column, key) => sql`(${column} ->> ${key})`,
  jsonEquals: (column, key, value) => sql`(${column} -> ${key}) = ${JSON.stringify(value)}::jsonb`,
  likeInsensitive: (expression, pattern) => sql`${expression} ILIKE ${pattern} ESCAPE '\\'`,
  lockKey: (key) => sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`,
  // Readers share it; a writer of the row (a newer lease token) waits until the transaction ends.
  rowLock: sql`FOR SHARE`,
};

/**
 * The context of the shared repositories on PostgreSQL: statements through `session` (the pool, or a
 * transaction's connection), `atomic` opening a transaction on the pool or joining the one open.
 */
export function postgresContext(session: PgSession): SqlContext {
  const exec: SqlExecutor = {
    all: async <T>(query: SQL) => (await session.rows(pgStatement(query))) as T[],
    get: async <T>(query: SQL) => (await session.rows(pgStatement(query)))[0] as T | undefined,
    run: async (query) => (await session.query(pgStatement(query))).rowCount ?? 0,
  };
  const ctx: SqlContext = {
    exec,
    dialect: postgresDialect,
    atomic: (work) => session.atomic((inner) => work(inner === session ? ctx : postgresContext(inner))),
  };
  return ctx;
}

/**
 * Collects a statement's values and names, handing out their `$n` in order, so a hot statement's text and
 * values cannot drift apart; `fields` names each value for errors (`runs.context[3].note`).
 *
 * @example
 * ```ts
 * const bind = new Bind();
 * const text = `UPDATE events SET processed_at = ${bind.value('now', now, 'bigint')} WHERE id = ANY(${bind.value('events.id', ids, 'text[]')})`;
 * await session.query({ text, ...bind.statement() });
 * ```
 */
export class Bind {
  readonly #values: unknown[] = [];
  readonly #fields: string[] = [];

  /** `$n::type` for `value`, which fills `field`. */
  value(field: string, value: unknown, type: string): string {
    this.#values.push(value);
    this.#fields.push(field);
    return `$${this.#values.length}::${type}`;
  }

  statement(): { values: unknown[]; fields: string[] } {
    return { values: this.#values, fields: this.#fields };
  }
}

/**
 * Splits `items` into rounds in which no key repeats, keeping their order: a bulk UPDATE … FROM applies
 * one input row per target row, so the second change of the same row goes in the next round, as it
 * would had each been applied in turn.
 */
export function uniqueRounds<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    const round = seen.get(k) ?? 0;
    seen.set(k, round + 1);
    (rounds[round] ??= []).push(item);
  }
  return rounds;
}
