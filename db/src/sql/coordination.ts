import { sql } from 'drizzle-orm';
import type { LeaseRepository, LoginFailureRepository, LoginFailures } from '../port/coordination.ts';
import type { SqlContext } from './context.ts';

/** The leader's fencing tokens on either store. */
export class SqlLeaseRepository implements LeaseRepository {
  constructor(private readonly ctx: SqlContext) {}

  async acquire(name: string, now: number): Promise<number> {
    const row = await this.ctx.exec.get<{ token: unknown }>(sql`INSERT INTO leader_fences (name, token, updated_at) VALUES (${name}, 1, ${now})
      ON CONFLICT (name) DO UPDATE SET token = leader_fences.token + 1, updated_at = excluded.updated_at RETURNING token`);
    return Number(row!.token);
  }

  async holds(name: string, token: number): Promise<boolean> {
    const row = await this.ctx.exec.get<{ token: unknown }>(sql`SELECT token FROM leader_fences WHERE name = ${name} ${this.ctx.dialect.rowLock}`);
    return row !== undefined && Number(row.token) === token;
  }
}

type Row = LoginFailures & { key: string };

/** Failed sign-ins on either store. */
export class SqlLoginFailureRepository implements LoginFailureRepository {
  constructor(private readonly ctx: SqlContext) {}

  async get(keys: readonly string[]): Promise<Map<string, LoginFailures>> {
    if (keys.length === 0) return new Map();
    const rows = await this.ctx.exec.all<Row>(sql`SELECT key, count, first_at AS "firstAt", locked_until AS "lockedUntil"
      FROM login_failures WHERE ${this.ctx.dialect.inList(sql`key`, [...keys])}`);
    return new Map(rows.map(({ key, ...failures }) => [key, { count: Number(failures.count), firstAt: Number(failures.firstAt), lockedUntil: Number(failures.lockedUntil) }]));
  }

  fail(keys: readonly string[], now: number, policy: { maxFailures: number; windowMs: number; lockMs: number }): Promise<Map<string, LoginFailures>> {
    return this.ctx.atomic(async (ctx) => {
      const windowStart = now - policy.windowMs;
      for (const key of new Set(keys)) {
        // A count older than the window starts again at one; reaching the maximum locks the key.
        const count = sql`CASE WHEN login_failures.first_at < ${windowStart} THEN 1 ELSE login_failures.count + 1 END`;
        await ctx.exec.run(sql`INSERT INTO login_failures (key, count, first_at, locked_until)
          VALUES (${key}, 1, ${now}, ${policy.maxFailures <= 1 ? now + policy.lockMs : 0})
          ON CONFLICT (key) DO UPDATE SET
            count = ${count},
            first_at = CASE WHEN login_failures.first_at < ${windowStart} THEN ${now} ELSE login_failures.first_at END,
            locked_until = CASE WHEN ${count} >= ${policy.maxFailures} THEN ${now + policy.lockMs} ELSE login_failures.locked_until END`);
      }
      return new SqlLoginFailureRepository(ctx).get(keys);
    });
  }

  async hold(key: string, now: number, until: number): Promise<void> {
    await this.ctx.exec.run(sql`INSERT INTO login_failures (key, count, first_at, locked_until) VALUES (${key}, 0, ${now}, ${until})
      ON CONFLICT (key) DO UPDATE SET count = 0, first_at = ${now}, locked_until = ${until}`);
  }

  async clear(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.ctx.exec.run(sql`DELETE FROM login_failures WHERE ${this.ctx.dialect.inList(sql`key`, [...keys])}`);
  }
}
