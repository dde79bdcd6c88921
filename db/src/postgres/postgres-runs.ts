import { isOutboxEffect, outboxContent, outboxKeys, type ContactSnapshot, type EventSnapshot, type MembershipSnapshot, type OfferSnapshot, type SentMessageSnapshot } from '@journey/nodes/server';
import { newId } from '../ids.ts';
import type {
  CommitSummary,
  EntryHistory,
  LoadedRun,
  NewRun,
  OpenRun,
  AdvanceDue,
  DueSelection,
  StepBatch,
  RunCommit,
  RunResume,
  StepInputs,
  StepInputsRequest,
} from '../port/runs.ts';
import { butterflyEffectSql, isButterflyEffect } from '../sql/butterfly.ts';
import type { SqlContext } from '../sql/context.ts';
import { SqlRunRepository } from '../sql/runs.ts';
import type { PgSession } from './postgres-session.ts';
import { Bind, pgStatement, postgresContext, postgresDialect, uniqueRounds } from './postgres-sql.ts';

const runColumns = (alias: string) =>
  `${alias}.id, ${alias}.journey_id AS "journeyId", ${alias}.version, ${alias}.contact_id AS "contactId", ${alias}.status,
  ${alias}.node_id AS "nodeId", ${alias}.wake_at AS "wakeAt", ${alias}.waiting_for AS "waitingFor", ${alias}.waiting_match AS "waitingMatch",
  ${alias}.parked_at AS "parkedAt", ${alias}.resume_event_id AS "resumeEventId", ${alias}.attempts, ${alias}.error, ${alias}.context,
  ${alias}.step_seq AS "stepSeq", ${alias}.ended_at AS "endedAt", ${alias}.entry_event_id AS "entryEventId", ${alias}.created_at AS "createdAt", ${alias}.updated_at AS "updatedAt",
  ${alias}.hold_reason AS "holdReason"`;
const RUN = runColumns('runs');

const DUE = `(status = 'active' OR (status = 'waiting' AND wake_at <= $1))`;

/** Rows each node counter is spread over (see the `node_counters.shard` column). */
const COUNTER_SHARDS = 16;

/**
 * The runs of journey `j`, as a range rather than `journey_id = j.id`: given an equality, the planner
 * takes the journey as a constant and may walk the whole-table index in wake-up (or change) order
 * filtering by journey, expecting a match within a few rows, which for a small journey behind a
 * paused one's 400,000 woken runs means all of them. Ordered by (journey_id, time), only the
 * per-journey index gives that order, one descent each.
 */
const OF_JOURNEY = 'journey_id >= j.id AND journey_id <= j.id';

/**
 * The ids of up to `$2` due runs at `$1`, active ones first, then woken ones earliest first; with `lock`,
 * each locked (skipping rows another process holds right now) until the transaction ends.
 *
 * With no journey paused (the usual case) this walks the partial indexes of active and waiting runs in
 * their order and stops at `$2` (the woken ones are not read when active ones fill the batch). While some journey is paused, that walk could pass every run of the
 * paused journeys (a million of them, say) before finding one to run; then the earliest `$2` of each
 * other journey are taken from the per-journey indexes (`OF_JOURNEY`) and merged instead. `paused` is
 * evaluated once, so only one of the two ever runs.
 */
function dueIds(lock: boolean): string {
  const skipLocked = lock ? ' FOR UPDATE SKIP LOCKED' : '';
  const perJourney = (status: string, extra: string, order: string) => `
    SELECT id FROM (
      SELECT r.id FROM journeys j CROSS JOIN LATERAL (
        SELECT id, ${order} AS at FROM runs WHERE ${OF_JOURNEY} AND status = '${status}'${extra}
        ORDER BY journey_id, ${order} LIMIT $2) r
      WHERE j.status <> 'paused' AND (SELECT yes FROM paused) ORDER BY r.at LIMIT $2) ${status}_runs`;
  return `WITH paused AS MATERIALIZED (SELECT EXISTS (SELECT 1 FROM journeys WHERE status = 'paused') AS yes),
  everywhere AS (
    SELECT id FROM (
      SELECT id FROM (SELECT id FROM runs WHERE status = 'active' AND NOT (SELECT yes FROM paused)
        ORDER BY updated_at LIMIT $2${skipLocked}) active_runs
      UNION ALL
      SELECT id FROM (SELECT id FROM runs WHERE status = 'waiting' AND wake_at <= $1 AND NOT (SELECT yes FROM paused)
        ORDER BY wake_at LIMIT $2${skipLocked}) woken_runs
    ) due LIMIT $2),
  by_journey AS (
    SELECT id FROM (${perJourney('active', '', 'updated_at')}
      UNION ALL${perJourney('waiting', ' AND wake_at <= $1', 'wake_at')}
    ) due LIMIT $2),
  chosen AS (
    SELECT id FROM everywhere
    UNION ALL
    SELECT id FROM (SELECT id FROM runs WHERE id IN (SELECT id FROM by_journey) AND ${DUE}${skipLocked}) by_journey_runs)`;
}

const DUE_READ = `${dueIds(false)} SELECT ${RUN} FROM runs WHERE id IN (SELECT id FROM chosen)`;
const DUE_LOCKED = `${dueIds(true)} SELECT ${RUN} FROM runs WHERE id IN (SELECT id FROM chosen)`;

const NOT_PAUSED = `NOT EXISTS (SELECT 1 FROM journeys j WHERE j.id = runs.journey_id AND j.status = 'paused')`;
const DUE_BY_IDS = `FROM runs WHERE id = ANY($2::text[]) AND ${DUE} AND ${NOT_PAUSED}`;
const DUE_BY_IDS_READ = `SELECT ${RUN} ${DUE_BY_IDS}`;
const DUE_BY_IDS_LOCKED = `SELECT ${RUN} ${DUE_BY_IDS} FOR UPDATE SKIP LOCKED`;

/**
 * Like `dueIds`, asking only whether there is one: the first entries of the per-journey indexes of the
 * journeys not paused while one is, else of the whole-table ones (EXISTS might get a sequential scan
 * that meets 100,000 active runs last: ordered by the index's columns it is one descent).
 */
const HAS_DUE = `SELECT CASE WHEN EXISTS (SELECT 1 FROM journeys WHERE status = 'paused') THEN
    EXISTS (SELECT 1 FROM journeys j WHERE j.status <> 'paused' AND (
      EXISTS (SELECT 1 FROM runs WHERE ${OF_JOURNEY} AND status = 'active' ORDER BY journey_id, updated_at LIMIT 1)
      OR (SELECT wake_at FROM runs WHERE ${OF_JOURNEY} AND status = 'waiting' ORDER BY journey_id, wake_at LIMIT 1) <= $1))
  ELSE EXISTS (SELECT 1 FROM runs WHERE status = 'active' ORDER BY updated_at LIMIT 1)
    OR coalesce((SELECT wake_at FROM runs WHERE status = 'waiting' ORDER BY wake_at LIMIT 1) <= $1, false)
  END AS due`;

/** Active runs first, then woken ones by wake-up time, as the port orders due runs. */
const dueOrder = (a: LoadedRun, b: LoadedRun) =>
  (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1) || (a.wakeAt ?? 0) - (b.wakeAt ?? 0);

type ContactRow = {
  id: string;
  known: boolean;
  name: string | null;
  attributes: Record<string, unknown> | null;
  tags: string[];
  memberships: MembershipSnapshot[];
  balance: number | null;
  offers: OfferSnapshot[];
};

/** Each asked contact with its tags, cards, balance and offers: one row per contact, sub-queries on their indexes. */
const CONTACT_SNAPSHOTS = `SELECT w.id, c.id IS NOT NULL AS known, c.name, c.attributes,
    (SELECT coalesce(array_agg(t.tag ORDER BY t.created_at, t.tag), '{}') FROM contact_tags t WHERE t.contact_id = w.id) AS tags,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('planId', m.plan_id, 'tier', m.tier, 'status', m.status, 'expiresAt', m.expires_at)
       ORDER BY m.plan_id), '[]') FROM memberships m WHERE m.contact_id = w.id) AS memberships,
    (SELECT l.balance_after FROM ledger_entries l WHERE l.contact_id = w.id ORDER BY l.id DESC LIMIT 1) AS balance,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('code', o.code, 'journeyId', o.journey_id, 'nodeId', o.node_id, 'name', o.name,
       'expiresAt', o.expires_at, 'redeemed', o.redeemed_at IS NOT NULL) ORDER BY o.created_at DESC, o.id DESC), '[]')
     FROM offers o WHERE o.contact_id = w.id) AS offers
  FROM unnest($1::text[]) AS w(id) LEFT JOIN contacts c ON c.id = w.id`;

/** The values of one commit statement, gathered from the commits of a round. */
class CommitBatch {
  readonly runs = { id: [] as string[], status: [] as string[], nodeId: [] as string[], wakeAt: [] as (number | null)[], waitingFor: [] as (string | null)[],
    waitingMatch: [] as (string | null)[], parkedAt: [] as (number | null)[], resumeEventId: [] as (string | null)[], attempts: [] as number[],
    error: [] as (string | null)[], context: [] as string[], stepSeq: [] as number[], endedAt: [] as (number | null)[], beforeSeq: [] as number[],
    beforeStatus: [] as string[], beforeResume: [] as (string | null)[], holdReason: [] as (string | null)[] };
  readonly steps = { runId: [] as string[], nodeId: [] as string[], nodeType: [] as string[], seq: [] as number[], attempt: [] as number[],
    startedAt: [] as number[], endedAt: [] as number[], outcome: [] as string[], port: [] as (string | null)[], error: [] as (string | null)[],
    reason: [] as (string | null)[], detail: [] as (string | null)[] };
  readonly messages = { id: [] as string[], runId: [] as string[], nodeId: [] as string[], kind: [] as string[], channel: [] as string[], title: [] as string[],
    body: [] as string[], priority: [] as string[], key: [] as string[] };
  readonly tags = { runId: [] as string[], tag: [] as string[], op: [] as ('add' | 'remove')[] };
  readonly counters = { runId: [] as string[], nodeId: [] as string[], port: [] as string[], count: [] as number[] };

  constructor(commits: readonly RunCommit[]) {
    for (const { before, result } of commits) this.#add(before, result);
  }

  #add(before: RunCommit['before'], { run, steps, effects, counters }: RunCommit['result']): void {
    const r = this.runs;
    r.id.push(run.id);
    r.status.push(run.status);
    r.nodeId.push(run.nodeId);
    r.wakeAt.push(run.wakeAt);
    r.waitingFor.push(run.waitingFor);
    r.waitingMatch.push(run.waitingMatch === null ? null : JSON.stringify(run.waitingMatch));
    r.parkedAt.push(run.parkedAt);
    r.resumeEventId.push(run.resumeEventId);
    r.attempts.push(run.attempts);
    r.error.push(run.error);
    r.context.push(JSON.stringify(run.context));
    r.stepSeq.push(run.stepSeq);
    r.endedAt.push(run.endedAt);
    r.beforeSeq.push(before.stepSeq);
    r.beforeStatus.push(before.status);
    r.beforeResume.push(before.resumeEventId);
    r.holdReason.push(run.holdReason);
    const s = this.steps;
    for (const step of steps) {
      s.runId.push(run.id);
      s.nodeId.push(step.nodeId);
      s.nodeType.push(step.nodeType);
      s.seq.push(step.seq);
      s.attempt.push(step.attempt);
      s.startedAt.push(step.startedAt);
      s.endedAt.push(step.endedAt);
      s.outcome.push(step.outcome);
      s.port.push(step.port);
      s.error.push(step.error);
      s.reason.push(step.reason ?? null);
      s.detail.push(step.detail ? JSON.stringify(step.detail) : null);
    }
    const keys = outboxKeys(run.id, effects);
    for (const stepEffect of effects) {
      const { nodeId, effect } = stepEffect;
      if (isOutboxEffect(effect)) {
        const { kind, channel, title, body, priority } = outboxContent(effect);
        const m = this.messages;
        m.id.push(newId('msg'));
        m.runId.push(run.id);
        m.nodeId.push(nodeId);
        m.kind.push(kind);
        m.channel.push(channel);
        m.title.push(title);
        m.body.push(body);
        m.priority.push(priority);
        m.key.push(keys.get(stepEffect)!);
      } else if (effect.kind === 'tags') {
        // As applied one after the other: an effect's removals, then its additions.
        for (const [op, tags] of [['remove', effect.remove], ['add', effect.add]] as const) {
          for (const tag of tags) {
            this.tags.runId.push(run.id);
            this.tags.tag.push(tag);
            this.tags.op.push(op);
          }
        }
      }
    }
    for (const c of counters) {
      this.counters.runId.push(run.id);
      this.counters.nodeId.push(c.nodeId);
      this.counters.port.push(c.port);
      this.counters.count.push(c.count);
    }
  }

  /**
   * One statement for the whole round: the guarded UPDATE of the runs, then, for the
   * runs it applied, their steps in order, outbox messages (a key written before is kept), tag changes
   * (per contact and tag the last one wins; a tag removed and added again counts as added now) and the
   * node counters, summed and upserted in key order so concurrent commits lock them alike, into one of
   * `COUNTER_SHARDS` shards picked at random (concurrent commits mostly touch different rows).
   */
  statement(now: number) {
    const b = new Bind();
    const r = this.runs;
    const s = this.steps;
    const m = this.messages;
    const t = this.tags;
    const c = this.counters;
    const at = b.value('now', now, 'bigint');
    const text = `WITH input AS (
        SELECT * FROM unnest(${b.value('runs.id', r.id, 'text[]')}, ${b.value('runs.status', r.status, 'text[]')}, ${b.value('runs.node_id', r.nodeId, 'text[]')},
          ${b.value('runs.wake_at', r.wakeAt, 'bigint[]')}, ${b.value('runs.waiting_for', r.waitingFor, 'text[]')}, ${b.value('runs.waiting_match', r.waitingMatch, 'jsonb[]')},
          ${b.value('runs.parked_at', r.parkedAt, 'bigint[]')}, ${b.value('runs.resume_event_id', r.resumeEventId, 'text[]')}, ${b.value('runs.attempts', r.attempts, 'int[]')},
          ${b.value('runs.error', r.error, 'text[]')}, ${b.value('runs.context', r.context, 'jsonb[]')}, ${b.value('runs.step_seq', r.stepSeq, 'int[]')},
          ${b.value('runs.ended_at', r.endedAt, 'bigint[]')}, ${b.value('before.step_seq', r.beforeSeq, 'int[]')}, ${b.value('before.status', r.beforeStatus, 'text[]')},
          ${b.value('before.resume_event_id', r.beforeResume, 'text[]')}, ${b.value('runs.hold_reason', r.holdReason, 'text[]')})
        AS u(id, status, node_id, wake_at, waiting_for, waiting_match, parked_at, resume_event_id, attempts, error, context, step_seq, ended_at,
          before_seq, before_status, before_resume, hold_reason)
        ORDER BY id),
      applied AS (
        UPDATE runs SET status = u.status, node_id = u.node_id, wake_at = u.wake_at, waiting_for = u.waiting_for, waiting_match = u.waiting_match,
          parked_at = u.parked_at, resume_event_id = u.resume_event_id, attempts = u.attempts, error = u.error, context = u.context,
          step_seq = u.step_seq, ended_at = u.ended_at, hold_reason = u.hold_reason, updated_at = ${at}
        FROM input u
        WHERE runs.id = u.id AND runs.step_seq = u.before_seq AND runs.status = u.before_status
          AND runs.resume_event_id IS NOT DISTINCT FROM u.before_resume
        RETURNING runs.id, runs.journey_id, runs.version, runs.contact_id),
      new_steps AS (
        INSERT INTO steps (run_id, journey_id, version, contact_id, node_id, node_type, seq, attempt, started_at, ended_at, outcome, port, error, reason, detail)
        SELECT a.id, a.journey_id, a.version, a.contact_id, s.node_id, s.node_type, s.seq, s.attempt, s.started_at, s.ended_at, s.outcome, s.port, s.error, s.reason, s.detail
        FROM unnest(${b.value('steps.run_id', s.runId, 'text[]')}, ${b.value('steps.node_id', s.nodeId, 'text[]')}, ${b.value('steps.node_type', s.nodeType, 'text[]')},
            ${b.value('steps.seq', s.seq, 'int[]')}, ${b.value('steps.attempt', s.attempt, 'int[]')}, ${b.value('steps.started_at', s.startedAt, 'bigint[]')},
            ${b.value('steps.ended_at', s.endedAt, 'bigint[]')}, ${b.value('steps.outcome', s.outcome, 'text[]')}, ${b.value('steps.port', s.port, 'text[]')},
            ${b.value('steps.error', s.error, 'text[]')}, ${b.value('steps.reason', s.reason, 'text[]')}, ${b.value('steps.detail', s.detail, 'jsonb[]')})
          WITH ORDINALITY AS s(run_id, node_id, node_type, seq, attempt, started_at, ended_at, outcome, port, error, reason, detail, ord)
        JOIN applied a ON a.id = s.run_id ORDER BY s.ord),
      new_messages AS (
        INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, kind, channel, title, body, priority, status, idempotency_key, attempts, next_attempt_at, created_at)
        SELECT m.id, a.id, a.journey_id, a.contact_id, m.node_id, m.kind, m.channel, m.title, m.body, m.priority, 'pending', m.idempotency_key, 0, ${at}, ${at}
        FROM unnest(${b.value('messages.id', m.id, 'text[]')}, ${b.value('messages.run_id', m.runId, 'text[]')}, ${b.value('messages.node_id', m.nodeId, 'text[]')},
            ${b.value('messages.kind', m.kind, 'text[]')}, ${b.value('messages.channel', m.channel, 'text[]')}, ${b.value('messages.title', m.title, 'text[]')},
            ${b.value('messages.body', m.body, 'text[]')}, ${b.value('messages.priority', m.priority, 'text[]')}, ${b.value('messages.idempotency_key', m.key, 'text[]')})
          WITH ORDINALITY AS m(id, run_id, node_id, kind, channel, title, body, priority, idempotency_key, ord)
        JOIN applied a ON a.id = m.run_id ORDER BY m.ord
        ON CONFLICT DO NOTHING RETURNING 1),
      tag_changes AS (
        SELECT a.contact_id, t.tag, t.op, t.ord, bool_or(t.op = 'remove') OVER (PARTITION BY a.contact_id, t.tag) AS removed
        FROM unnest(${b.value('tags.run_id', t.runId, 'text[]')}, ${b.value('contact_tags.tag', t.tag, 'text[]')}, ${b.value('tags.op', t.op, 'text[]')})
          WITH ORDINALITY AS t(run_id, tag, op, ord)
        JOIN applied a ON a.id = t.run_id),
      last_tag_changes AS (SELECT DISTINCT ON (contact_id, tag) contact_id, tag, op, removed FROM tag_changes ORDER BY contact_id, tag, ord DESC),
      removed_tags AS (
        DELETE FROM contact_tags USING last_tag_changes l
        WHERE l.op = 'remove' AND contact_tags.contact_id = l.contact_id AND contact_tags.tag = l.tag),
      added_tags AS (
        INSERT INTO contact_tags (contact_id, tag, created_at)
        SELECT contact_id, tag, ${at} FROM last_tag_changes WHERE op = 'add' AND NOT removed ORDER BY contact_id, tag
        ON CONFLICT DO NOTHING),
      added_again_tags AS (
        INSERT INTO contact_tags (contact_id, tag, created_at)
        SELECT contact_id, tag, ${at} FROM last_tag_changes WHERE op = 'add' AND removed ORDER BY contact_id, tag
        ON CONFLICT (contact_id, tag) DO UPDATE SET created_at = excluded.created_at),
      counted AS (
        INSERT INTO node_counters (journey_id, node_id, port, shard, count)
        SELECT a.journey_id, c.node_id, c.port, ${b.value('node_counters.shard', Math.floor(Math.random() * COUNTER_SHARDS), 'int')}, sum(c.count)
        FROM unnest(${b.value('node_counters.run_id', c.runId, 'text[]')}, ${b.value('node_counters.node_id', c.nodeId, 'text[]')},
            ${b.value('node_counters.port', c.port, 'text[]')}, ${b.value('node_counters.count', c.count, 'bigint[]')}) AS c(run_id, node_id, port, count)
        JOIN applied a ON a.id = c.run_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (journey_id, node_id, port, shard) DO UPDATE SET count = node_counters.count + excluded.count)
      SELECT array(SELECT id FROM applied) AS applied, (SELECT count(*) FROM new_messages) AS messages`;
    return { name: 'runs.commit', text, ...b.statement() };
  }
}

/**
 * Runs on PostgreSQL: the queue's hot path in few statements each (one round trip where it can be),
 * safe with many processes. `step` locks the due runs it takes with `FOR UPDATE SKIP LOCKED` until it
 * commits them, in one transaction, so two processes never step the same run and a process that dies
 * gives its runs back with its connection; a commit applies a batch in one statement.
 */
export class PostgresRunRepository extends SqlRunRepository {
  readonly #session: PgSession;

  constructor(ctx: SqlContext, session: PgSession) {
    super(ctx);
    this.#session = session;
  }

  async get(id: string): Promise<LoadedRun | undefined> {
    return (await this.#session.rows<LoadedRun>({ name: 'runs.get', text: `SELECT ${RUN} FROM runs WHERE id = $1`, values: [id] }))[0];
  }

  due(now: number, limit: number): Promise<LoadedRun[]> {
    return this.#due({ limit }, now, false);
  }

  dueByIds(ids: readonly string[], now: number): Promise<LoadedRun[]> {
    return this.#due({ ids }, now, false);
  }

  /** Due runs as they are, or (`lock`, inside a transaction) locked, skipping those another process holds. */
  async #due(select: DueSelection, now: number, lock: boolean): Promise<LoadedRun[]> {
    if ('limit' in select) {
      const text = lock ? DUE_LOCKED : DUE_READ;
      return (await this.#session.rows<LoadedRun>({ name: lock ? 'runs.due.locked' : 'runs.due', text, values: [now, select.limit] })).sort(dueOrder);
    }
    if (select.ids.length === 0) return [];
    const text = lock ? DUE_BY_IDS_LOCKED : DUE_BY_IDS_READ;
    return this.#session.rows<LoadedRun>({ name: lock ? 'runs.dueByIds.locked' : 'runs.dueByIds', text, values: [now, [...new Set(select.ids)]] });
  }

  step(select: DueSelection, now: number, advance: AdvanceDue): Promise<StepBatch> {
    return this.#session.atomic(async (session) => {
      const tx = new PostgresRunRepository(postgresContext(session), session);
      const runs = await tx.#due(select, now, true);
      if (runs.length === 0) return { runs, commits: [], summary: { applied: 0, messages: 0 } };
      const commits = await advance(runs, { inputs: (request) => tx.stepInputs(request), eventsSince: (queries) => tx.eventsSince(queries), eventCounts: (queries) => tx.eventCounts(queries) });
      return { runs, commits, summary: await tx.commit(commits, now) };
    });
  }

  async hasDue(now: number): Promise<boolean> {
    return (await this.#session.rows<{ due: boolean }>({ name: 'runs.hasDue', text: HAS_DUE, values: [now] }))[0]!.due;
  }

  async nextWakeAt(now: number): Promise<number | null> {
    const [row] = await this.#session.rows<{ at: number | null }>({
      name: 'runs.nextWakeAt',
      text: `SELECT min(wake_at) AS at FROM runs WHERE status = 'waiting' AND wake_at > $1`,
      values: [now],
    });
    return row?.at ?? null;
  }

  /** Contacts with all they carry, events, messages sent lately, opt-outs: side by side on the pool, in turn inside the caps' lock. */
  async stepInputs(request: StepInputsRequest): Promise<StepInputs> {
    const session = this.#session;
    if (request.sentSince !== null) {
      // Frequency caps count a contact's messages across journeys: two processes stepping runs of one contact
      // at once would each count without the other's. A lock per contact, taken in one order (no deadlock
      // between takers), held to the commit, makes the second read after the first committed.
      await session.rows({
        name: 'runs.stepInputs.lockContacts',
        text: 'SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c, 7206114) AS k FROM unnest($1::text[]) AS c ORDER BY k) AS keys',
        values: [[...new Set(request.sentSince.contactIds)]],
      });
    }
    const [contactRows, eventRows, sentRows, optOutRows] = await session.each<
      [ContactRow[], EventSnapshot[], ({ contactId: string } & SentMessageSnapshot)[], { contactId: string; channel: string }[]]
    >([
      () =>
        session.rows<ContactRow>({ name: 'runs.stepInputs.contacts', text: CONTACT_SNAPSHOTS, values: [[...new Set(request.contactIds)]] }),
      () =>
        request.eventIds.length === 0
          ? []
          : session.rows<EventSnapshot>({
              name: 'runs.stepInputs.events',
              text: 'SELECT id, type, properties, timestamp FROM events WHERE id = ANY($1::text[])',
              values: [[...new Set(request.eventIds)]],
            }),
      () =>
        request.sentSince === null
          ? []
          : session.rows<{ contactId: string } & SentMessageSnapshot>({
              name: 'runs.stepInputs.sent',
              text: `SELECT contact_id AS "contactId", journey_id AS "journeyId", channel, created_at AS at FROM messages
                WHERE contact_id = ANY($1::text[]) AND created_at > $2 AND kind = 'message' AND priority = 'marketing'`,
              values: [[...new Set(request.sentSince.contactIds)], request.sentSince.since],
            }),
      () =>
        request.optOutsOf.length === 0
          ? []
          : session.rows<{ contactId: string; channel: string }>({
              name: 'runs.stepInputs.optOuts',
              text: 'SELECT contact_id AS "contactId", channel FROM contact_opt_outs WHERE contact_id = ANY($1::text[])',
              values: [[...new Set(request.optOutsOf)]],
            }),
    ]);
    const contacts = new Map<string, ContactSnapshot>();
    for (const row of contactRows) {
      const known = row.known || row.tags.length > 0 || row.memberships.length > 0 || row.balance !== null || row.offers.length > 0;
      if (!known) continue;
      contacts.set(row.id, {
        id: row.id,
        name: row.name,
        attributes: row.attributes ?? {},
        tags: row.tags,
        memberships: row.memberships,
        offers: row.offers,
        balance: row.balance ?? 0,
      });
    }
    const events = new Map(eventRows.map((e) => [e.id, e]));
    const sent = new Map<string, SentMessageSnapshot[]>();
    for (const { contactId, ...message } of sentRows) {
      const list = sent.get(contactId);
      if (list) list.push(message);
      else sent.set(contactId, [message]);
    }
    const optedOut = new Map<string, string[]>();
    for (const { contactId, channel } of optOutRows) {
      const list = optedOut.get(contactId);
      if (list) list.push(channel);
      else optedOut.set(contactId, [channel]);
    }
    return { contacts, events, sent, optedOut };
  }

  /**
   * One statement per round of distinct runs (one round unless a run is committed twice), which takes the
   * runs in id order so concurrent commits lock them alike; the offers, referral codes and rewards of the runs it
   * applied follow in the same transaction (a taken offer code then fails it whole: `UniqueViolation`).
   */
  async commit(commits: readonly RunCommit[], now: number): Promise<CommitSummary> {
    if (commits.length === 0) return { applied: 0, messages: 0 };
    const rounds = uniqueRounds(commits, (c) => c.result.run.id);
    const butterfly = commits.some((c) => c.result.effects.some((e) => isButterflyEffect(e.effect)));
    const write = async (session: PgSession): Promise<CommitSummary> => {
      const summary = { applied: 0, messages: 0 };
      for (const round of rounds) {
        const [row] = await session.rows<{ applied: string[]; messages: number }>(new CommitBatch(round).statement(now));
        const applied = new Set(row!.applied);
        summary.applied += applied.size;
        summary.messages += row!.messages;
        if (butterfly) await this.#butterflyEffects(session, round.filter((c) => applied.has(c.result.run.id)), now);
      }
      return summary;
    };
    return rounds.length === 1 && !butterfly ? write(this.#session) : this.#session.atomic(write);
  }

  async #butterflyEffects(session: PgSession, applied: readonly RunCommit[], now: number): Promise<void> {
    for (const { result } of applied) {
      const { run } = result;
      for (const { nodeId, seq, effect } of result.effects) {
        if (!isButterflyEffect(effect)) continue;
        const origin = { runId: run.id, journeyId: run.journeyId, contactId: run.contactId, nodeId, seq };
        for (const statement of butterflyEffectSql(origin, effect, now, postgresDialect)) await session.query(pgStatement(statement));
      }
    }
  }

  openRuns(contactIds: readonly string[]): Promise<OpenRun[]> {
    if (contactIds.length === 0) return Promise.resolve([]);
    return this.#session.rows<OpenRun>({
      name: 'runs.openRuns',
      text: `SELECT id, journey_id AS "journeyId", version, contact_id AS "contactId", status, node_id AS "nodeId", waiting_for AS "waitingFor",
          waiting_match AS "waitingMatch", step_seq AS "stepSeq"
        FROM runs WHERE contact_id = ANY($1::text[]) AND status IN ('active', 'waiting') ORDER BY contact_id, id`,
      values: [[...new Set(contactIds)]],
    });
  }

  /**
   * Inside a transaction, first takes a transaction-level advisory lock per contact, in key order (so two
   * callers never deadlock on them), then reads: another transaction asking about the same contacts
   * waits until this one ends, and then sees the runs it created. Per contact rather than per (contact,
   * journey) pair: a batch asks about hundreds of contacts times every live journey, and each advisory
   * lock takes a slot of the server's shared lock table.
   */
  async entryHistory(contactIds: readonly string[], journeyIds: readonly string[]): Promise<EntryHistory[]> {
    if (contactIds.length === 0 || journeyIds.length === 0) return [];
    const contacts = [...new Set(contactIds)];
    if (this.#session.inTransaction) {
      await this.#session.query({
        name: 'runs.entryHistory.lock',
        text: `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('entry:' || c, 0) AS k FROM unnest($1::text[]) c ORDER BY k) keys`,
        values: [contacts],
      });
    }
    return this.#session.rows<EntryHistory>({
      name: 'runs.entryHistory',
      text: `SELECT contact_id AS "contactId", journey_id AS "journeyId", bool_or(status IN ('active', 'waiting')) AS open FROM runs
        WHERE contact_id = ANY($1::text[]) AND journey_id = ANY($2::text[]) GROUP BY contact_id, journey_id`,
      values: [contacts, [...new Set(journeyIds)]],
    });
  }

  async insert(runs: readonly NewRun[], now: number): Promise<void> {
    if (runs.length === 0) return;
    const b = new Bind();
    const at = b.value('now', now, 'bigint');
    const text = `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, attempts, context, step_seq, entry_event_id, created_at, updated_at)
      SELECT id, journey_id, version, contact_id, 'active', node_id, 0, '{}', 0, entry_event_id, ${at}, ${at}
      FROM unnest(${b.value('runs.id', runs.map((r) => r.id), 'text[]')}, ${b.value('runs.journey_id', runs.map((r) => r.journeyId), 'text[]')},
        ${b.value('runs.version', runs.map((r) => r.version), 'int[]')}, ${b.value('runs.contact_id', runs.map((r) => r.contactId), 'text[]')},
        ${b.value('runs.node_id', runs.map((r) => r.nodeId), 'text[]')}, ${b.value('runs.entry_event_id', runs.map((r) => r.entryEventId), 'text[]')})
        AS r(id, journey_id, version, contact_id, node_id, entry_event_id)`;
    await this.#session.query({ name: 'runs.insert', text, ...b.statement() });
  }

  /**
   * One guarded UPDATE per round (a run resumed twice in one call: the second only if the first did not
   * apply), in run id order.
   */
  async resume(resumes: readonly RunResume[], now: number): Promise<number> {
    if (resumes.length === 0) return 0;
    const rounds = uniqueRounds(resumes, (r) => r.runId);
    const write = async (session: PgSession) => {
      let resumed = 0;
      for (const round of rounds) {
        const result = await session.query({
          name: 'runs.resume',
          text: `UPDATE runs SET status = 'active', resume_event_id = u.event_id, updated_at = $1
            FROM (SELECT * FROM unnest($2::text[], $3::int[], $4::text[]) AS u(run_id, step_seq, event_id) ORDER BY run_id) u
            WHERE runs.id = u.run_id AND runs.status = 'waiting' AND runs.step_seq = u.step_seq`,
          values: [now, round.map((r) => r.runId), round.map((r) => r.stepSeq), round.map((r) => r.eventId)],
        });
        resumed += result.rowCount ?? 0;
      }
      return resumed;
    };
    return rounds.length === 1 ? write(this.#session) : this.#session.atomic(write);
  }
}
