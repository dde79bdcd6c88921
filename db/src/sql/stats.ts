import { sql, type SQL } from 'drizzle-orm';
import type { RunStatus } from '../port/model.ts';
import type { GoalPorts } from '@journey/nodes';
import type { ContactFacts, GoalReach, StatsRepository, TimeRange } from '../port/stats.ts';
import type { SqlContext } from './context.ts';
import { bool } from './decode.ts';

type FactsRow = Omit<ContactFacts, 'redeemed' | 'member' | 'activity' | 'orders' | 'balance'> & {
  redeemed: unknown;
  member: unknown;
  activity: unknown;
  orders: unknown;
  balance: unknown;
};

/** A step (alias `s`) that converts: it left a goal node by one of its converting ports. */
function converting(goals: readonly GoalPorts[], inList: SqlContext['dialect']['inList']): SQL {
  return sql`(${sql.join(
    goals.map((g) => (g.ports === null ? sql`(s.node_type = ${g.nodeType})` : sql`(s.node_type = ${g.nodeType} AND ${inList(sql`s.port`, [...g.ports])})`)),
    sql` OR `,
  )}) AND s.outcome IN ('next', 'skipped')`;
}

/** ` AND column within [from, to)`, or nothing for an open range. */
function within(column: SQL, range: TimeRange | undefined): SQL {
  const parts = [
    ...(range?.from === undefined ? [] : [sql` AND ${column} >= ${range.from}`]),
    ...(range?.to === undefined ? [] : [sql` AND ${column} < ${range.to}`]),
  ];
  return sql.join(parts, sql``);
}

/** Journey statistics and butterfly facts on either store. */
export class SqlStatsRepository implements StatsRepository {
  constructor(private readonly ctx: SqlContext) {}

  async nodeCounters(journeyId: string): Promise<{ nodeId: string; port: string; count: number }[]> {
    const rows = await this.ctx.exec.all<{ nodeId: string; port: string; count: unknown }>(
      sql`SELECT node_id AS "nodeId", port, sum(count) AS count FROM node_counters WHERE journey_id = ${journeyId} GROUP BY node_id, port ORDER BY node_id, port`,
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  async runsAtNodes(journeyId: string, version?: number): Promise<{ nodeId: string; status: RunStatus; count: number; held: number }[]> {
    const ofVersion = version === undefined ? sql`` : sql` AND version = ${version}`;
    const rows = await this.ctx.exec.all<{ nodeId: string; status: RunStatus; count: unknown; held: unknown }>(
      sql`SELECT node_id AS "nodeId", status, count(*) AS "count",
          sum(CASE WHEN status = 'waiting' AND hold_reason IS NOT NULL THEN 1 ELSE 0 END) AS "held"
        FROM runs WHERE journey_id = ${journeyId}${ofVersion} GROUP BY node_id, status`,
    );
    return rows.map((r) => ({ ...r, count: Number(r.count), held: Number(r.held ?? 0) }));
  }

  async openRunsByVersion(journeyId: string): Promise<{ version: number; nodeId: string; count: number }[]> {
    const rows = await this.ctx.exec.all<{ version: unknown; nodeId: string; count: unknown }>(
      sql`SELECT version, node_id AS "nodeId", count(*) AS "count" FROM runs
        WHERE journey_id = ${journeyId} AND status IN ('active', 'waiting') GROUP BY version, node_id ORDER BY version DESC, node_id`,
    );
    return rows.map((r) => ({ version: Number(r.version), nodeId: r.nodeId, count: Number(r.count) }));
  }

  async versionCounters(journeyId: string, version: number): Promise<{ nodeId: string; port: string; count: number }[]> {
    const runs = sql`runs r JOIN steps s ON s.run_id = r.id WHERE r.journey_id = ${journeyId} AND r.version = ${version}`;
    const rows = await this.ctx.exec.all<{ nodeId: string; port: string; count: unknown }>(sql`
      SELECT s.node_id AS "nodeId", '' AS "port", count(*) AS "count" FROM ${runs} AND s.seq = 1 AND s.attempt = 1 GROUP BY s.node_id
      UNION ALL
      SELECT s.node_id AS "nodeId", s.port AS "port", count(*) AS "count" FROM ${runs}
        AND s.outcome IN ('next', 'skipped') AND s.port IS NOT NULL GROUP BY s.node_id, s.port`);
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  async unstarted(journeyId: string): Promise<number> {
    const row = await this.ctx.exec.get<{ n: unknown }>(sql`SELECT count(*) AS "n" FROM runs WHERE journey_id = ${journeyId} AND status = 'active' AND step_seq = 0`);
    return Number(row?.n ?? 0);
  }

  async conversions(journeyId: string, goals: readonly GoalPorts[], version?: number): Promise<number> {
    if (goals.length === 0) return 0;
    const ofVersion = version === undefined ? sql`` : sql` AND r.version = ${version}`;
    const row = await this.ctx.exec.get<{ n: unknown }>(sql`SELECT count(*) AS "n" FROM runs r WHERE r.journey_id = ${journeyId}${ofVersion}
      AND EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.id AND ${converting(goals, this.ctx.dialect.inList)})`);
    return Number(row?.n ?? 0);
  }

  async contactFacts(query: { journeyId: string | null; orderEvent: string; range?: TimeRange }): Promise<ContactFacts[]> {
    const { journeyId, orderEvent, range } = query;
    const eventsWithin = within(sql`e.timestamp`, range);
    const rows = await this.ctx.exec.all<FactsRow>(sql`WITH pop AS (
        SELECT r.contact_id AS id, MIN(r.entry_event_id) AS entry_event_id FROM runs r
        WHERE ${journeyId === null ? sql`1 = 1` : sql`r.journey_id = ${journeyId}`}${within(sql`r.created_at`, range)} GROUP BY r.contact_id
      )
      SELECT pop.id AS "id",
        (SELECT ${this.ctx.dialect.jsonText(sql`e.properties`, 'source')} FROM events e WHERE e.id = pop.entry_event_id) AS "source",
        (SELECT COUNT(*) FROM events e WHERE e.contact_id = pop.id AND e.type NOT IN ('contact.acquired', 'referral.qualified')${eventsWithin}) AS "activity",
        (SELECT COUNT(*) FROM events e WHERE e.contact_id = pop.id AND e.type = ${orderEvent}${eventsWithin}) AS "orders",
        EXISTS (SELECT 1 FROM offers o WHERE o.contact_id = pop.id AND o.redeemed_at IS NOT NULL) AS "redeemed",
        (SELECT f.referrer_id FROM referrals f WHERE f.invitee_id = pop.id) AS "referrer",
        EXISTS (SELECT 1 FROM memberships m WHERE m.contact_id = pop.id AND m.status = 'active') AS "member",
        COALESCE((SELECT l.balance_after FROM ledger_entries l WHERE l.contact_id = pop.id ORDER BY l.id DESC LIMIT 1), 0) AS "balance"
      FROM pop ORDER BY pop.id`);
    return rows.map((r) => ({
      ...r,
      activity: Number(r.activity),
      orders: Number(r.orders),
      redeemed: bool(r.redeemed),
      member: bool(r.member),
      balance: Number(r.balance),
    }));
  }

  async goalReach(journeyId: string | null, goals: readonly GoalPorts[], range?: TimeRange): Promise<GoalReach[]> {
    if (goals.length === 0) return [];
    const rows = await this.ctx.exec.all<{ journeyId: string; nodeId: string; contacts: unknown; entered: unknown }>(sql`WITH reach AS (
        SELECT s.journey_id, s.node_id, COUNT(DISTINCT s.contact_id) AS contacts FROM steps s
        WHERE ${journeyId === null ? sql`1 = 1` : sql`s.journey_id = ${journeyId}`} AND ${converting(goals, this.ctx.dialect.inList)}${within(sql`s.started_at`, range)}
        GROUP BY s.journey_id, s.node_id
      )
      SELECT reach.journey_id AS "journeyId", reach.node_id AS "nodeId", reach.contacts AS "contacts",
        (SELECT COUNT(DISTINCT r.contact_id) FROM runs r WHERE r.journey_id = reach.journey_id${within(sql`r.created_at`, range)}) AS "entered"
      FROM reach ORDER BY reach.journey_id, reach.node_id`);
    return rows.map((r) => ({ ...r, contacts: Number(r.contacts), entered: Number(r.entered) }));
  }
}
