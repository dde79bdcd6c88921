import type Database from 'better-sqlite3';
import { isOutboxEffect, outboxContent, outboxKeys, type ContactSnapshot, type EventSnapshot, type SentMessageSnapshot } from '@journey/nodes/server';
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
import { onConnection, type ConnectionGate } from './connection-gate.ts';
import { sqliteDialect, type SqliteStatements } from './sqlite-sql.ts';

const RUN_COLUMNS = `id, journey_id AS journeyId, version, contact_id AS contactId, status, node_id AS nodeId,
  wake_at AS wakeAt, waiting_for AS waitingFor, waiting_match AS waitingMatch, parked_at AS parkedAt,
  resume_event_id AS resumeEventId, attempts, error, context, step_seq AS stepSeq, ended_at AS endedAt,
  entry_event_id AS entryEventId, created_at AS createdAt, updated_at AS updatedAt, hold_reason AS holdReason`;
const NOT_PAUSED = `journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused')`;
const INSERT_STEPS = `INSERT INTO steps (run_id, journey_id, version, contact_id, node_id, node_type, seq, attempt,
  started_at, ended_at, outcome, port, error, reason, detail) VALUES`;
const STEP_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const STEP_WIDTH = 15;
/** Steps written per INSERT statement: one call binding many rows is cheaper than many calls. */
const STEP_CHUNK = 50;

type RunRow = Omit<LoadedRun, 'waitingMatch' | 'context'> & { waitingMatch: string | null; context: string };
type OpenRunRow = Omit<OpenRun, 'waitingMatch'> & { waitingMatch: string | null };

function toRun(row: RunRow): LoadedRun {
  return {
    ...row,
    waitingMatch: row.waitingMatch === null ? null : (JSON.parse(row.waitingMatch) as Record<string, unknown>),
    context: JSON.parse(row.context) as Record<string, unknown>,
  };
}

const idList = (ids: Iterable<string>) => JSON.stringify([...new Set(ids)]);

type RunStatements = ReturnType<typeof prepareRunStatements>;

/** The hot statements of runs, prepared once per connection. */
export function prepareRunStatements(db: Database.Database) {
  return {
    run: db.prepare<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    activeRuns: db.prepare<[number], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'active' AND ${NOT_PAUSED} LIMIT ?`),
    wokenRuns: db.prepare<[number, number], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'waiting' AND wake_at <= ? AND ${NOT_PAUSED} ORDER BY wake_at LIMIT ?`,
    ),
    dueByIds: db.prepare<[string, number], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE id IN (SELECT value FROM json_each(?))
         AND (status = 'active' OR (status = 'waiting' AND wake_at <= ?)) AND ${NOT_PAUSED}`,
    ),
    anyDue: db
      .prepare<[number], number>(`SELECT 1 FROM runs WHERE (status = 'active' OR (status = 'waiting' AND wake_at <= ?)) AND ${NOT_PAUSED} LIMIT 1`)
      .pluck(),
    nextWake: db.prepare<[number], { at: number | null }>(`SELECT MIN(wake_at) AS at FROM runs WHERE status = 'waiting' AND wake_at > ?`),
    contacts: db.prepare<[string], { id: string; name: string | null; attributes: string }>(
      'SELECT id, name, attributes FROM contacts WHERE id IN (SELECT value FROM json_each(?))',
    ),
    tags: db.prepare<[string], { contactId: string; tag: string }>(
      `SELECT contact_id AS contactId, tag FROM contact_tags WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, tag`,
    ),
    memberships: db.prepare<[string], { contactId: string; planId: string; tier: string; status: 'active' | 'expired'; expiresAt: number }>(
      `SELECT contact_id AS contactId, plan_id AS planId, tier, status, expires_at AS expiresAt FROM memberships
       WHERE contact_id IN (SELECT value FROM json_each(?))`,
    ),
    balances: db.prepare<[string], { contactId: string; balance: number }>(
      `SELECT contact_id AS contactId, balance_after AS balance FROM ledger_entries WHERE id IN
         (SELECT MAX(id) FROM ledger_entries WHERE contact_id IN (SELECT value FROM json_each(?)) GROUP BY contact_id)`,
    ),
    offers: db.prepare<
      [string],
      { contactId: string; code: string; journeyId: string; nodeId: string; name: string; expiresAt: number; redeemedAt: number | null }
    >(
      `SELECT contact_id AS contactId, code, journey_id AS journeyId, node_id AS nodeId, name, expires_at AS expiresAt,
         redeemed_at AS redeemedAt FROM offers WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`,
    ),
    sentMessages: db.prepare<[string, number], { contactId: string } & SentMessageSnapshot>(
      `SELECT contact_id AS contactId, journey_id AS journeyId, channel, created_at AS at FROM messages
       WHERE contact_id IN (SELECT value FROM json_each(?)) AND created_at > ? AND kind = 'message' AND priority = 'marketing'`,
    ),
    optOuts: db.prepare<[string], { contactId: string; channel: string }>(
      'SELECT contact_id AS contactId, channel FROM contact_opt_outs WHERE contact_id IN (SELECT value FROM json_each(?))',
    ),
    events: db.prepare<[string], { id: string; type: string; properties: string; timestamp: number }>(
      'SELECT id, type, properties, timestamp FROM events WHERE id IN (SELECT value FROM json_each(?))',
    ),
    updateRun: db.prepare(
      `UPDATE runs SET status = ?, node_id = ?, wake_at = ?, waiting_for = ?, waiting_match = ?, parked_at = ?,
         resume_event_id = ?, attempts = ?, error = ?, context = ?, step_seq = ?, ended_at = ?, hold_reason = ?, updated_at = ?
       WHERE id = ? AND step_seq = ? AND status = ? AND resume_event_id IS ?`,
    ),
    insertSteps: db.prepare(`${INSERT_STEPS} ${Array(STEP_CHUNK).fill(STEP_VALUES).join(', ')}`),
    insertStep: db.prepare(`${INSERT_STEPS} ${STEP_VALUES}`),
    insertMessage: db.prepare(
      `INSERT OR IGNORE INTO messages (id, run_id, journey_id, contact_id, node_id, kind, channel, title, body, priority, status, idempotency_key, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, 0, ?, ?)`,
    ),
    addTag: db.prepare('INSERT OR IGNORE INTO contact_tags (contact_id, tag, created_at) VALUES (?, ?, ?)'),
    removeTag: db.prepare('DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?'),
    addCounter: db.prepare(
      `INSERT INTO node_counters (journey_id, node_id, port, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (journey_id, node_id, port, shard) DO UPDATE SET count = count + excluded.count`,
    ),
    openRuns: db.prepare<[string], OpenRunRow>(
      `SELECT id, journey_id AS journeyId, version, contact_id AS contactId, status, node_id AS nodeId, waiting_for AS waitingFor,
         waiting_match AS waitingMatch, step_seq AS stepSeq
       FROM runs WHERE contact_id IN (SELECT value FROM json_each(?)) AND status IN ('active', 'waiting')`,
    ),
    entryHistory: db.prepare<[string, string], { contactId: string; journeyId: string; open: number }>(
      `SELECT contact_id AS contactId, journey_id AS journeyId, MAX(status IN ('active', 'waiting')) AS open FROM runs
       WHERE contact_id IN (SELECT value FROM json_each(?)) AND journey_id IN (SELECT value FROM json_each(?))
       GROUP BY contact_id, journey_id`,
    ),
    insertRun: db.prepare(
      `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, attempts, context, step_seq, entry_event_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'active', ?, 0, '{}', 0, ?, ?, ?)`,
    ),
    resume: db.prepare(
      `UPDATE runs SET status = 'active', resume_event_id = ?, updated_at = ? WHERE id = ? AND status = 'waiting' AND step_seq = ?`,
    ),
  };
}

/**
 * Runs on SQLite: the queue's hot path as prepared statements, each call synchronous inside (a
 * commit is one better-sqlite3 transaction), so the embedded driver pays no more than before.
 */
export class SqliteRunRepository extends SqlRunRepository {
  readonly #db: Database.Database;
  readonly #s: RunStatements;
  readonly #statements: SqliteStatements;
  readonly #gate: ConnectionGate | null;

  constructor(ctx: SqlContext, db: Database.Database, prepared: RunStatements, statements: SqliteStatements, gate: ConnectionGate | null) {
    super(ctx);
    this.#db = db;
    this.#s = prepared;
    this.#statements = statements;
    this.#gate = gate;
  }

  get(id: string): Promise<LoadedRun | undefined> {
    return onConnection(this.#gate, () => {
      const row = this.#s.run.get(id);
      return row && toRun(row);
    });
  }

  due(now: number, limit: number): Promise<LoadedRun[]> {
    return onConnection(this.#gate, () => {
      const active = this.#s.activeRuns.all(limit);
      const woken = active.length < limit ? this.#s.wokenRuns.all(now, limit - active.length) : [];
      return [...active, ...woken].map(toRun);
    });
  }

  dueByIds(ids: readonly string[], now: number): Promise<LoadedRun[]> {
    return onConnection(this.#gate, () => this.#s.dueByIds.all(idList(ids), now).map(toRun));
  }

  /**
   * SQLite has one writer: the runs are read, advanced outside any transaction (an executor's wait
   * must not hold the connection), and committed under the commit's guard (a run changed meanwhile is
   * left as it is).
   */
  async step(select: DueSelection, now: number, advance: AdvanceDue): Promise<StepBatch> {
    const runs = 'ids' in select ? await this.dueByIds(select.ids, now) : await this.due(now, select.limit);
    if (runs.length === 0) return { runs, commits: [], summary: { applied: 0, messages: 0 } };
    const commits = await advance(runs, { inputs: (request) => this.stepInputs(request), eventsSince: (queries) => this.eventsSince(queries), eventCounts: (queries) => this.eventCounts(queries) });
    return { runs, commits, summary: await this.commit(commits, now) };
  }

  hasDue(now: number): Promise<boolean> {
    return onConnection(this.#gate, () => this.#s.anyDue.get(now) !== undefined);
  }

  nextWakeAt(now: number): Promise<number | null> {
    return onConnection(this.#gate, () => this.#s.nextWake.get(now)?.at ?? null);
  }

  stepInputs(request: StepInputsRequest): Promise<StepInputs> {
    return onConnection(this.#gate, () => {
      const s = this.#s;
      const wanted = idList(request.contactIds);
      const contacts = new Map<string, ContactSnapshot>();
      const contact = (id: string) => {
        let found = contacts.get(id);
        if (!found) contacts.set(id, (found = { id, name: null, attributes: {}, tags: [], memberships: [], offers: [], balance: 0 }));
        return found;
      };
      for (const row of s.contacts.all(wanted)) {
        Object.assign(contact(row.id), { name: row.name, attributes: JSON.parse(row.attributes) as Record<string, unknown> });
      }
      for (const { contactId, tag } of s.tags.all(wanted)) contact(contactId).tags.push(tag);
      for (const { contactId, ...m } of s.memberships.all(wanted)) contact(contactId).memberships!.push(m);
      for (const { contactId, balance } of s.balances.all(wanted)) contact(contactId).balance = balance;
      for (const { contactId, redeemedAt, ...o } of s.offers.all(wanted)) contact(contactId).offers!.push({ ...o, redeemed: redeemedAt !== null });

      const events = new Map<string, EventSnapshot>();
      for (const row of s.events.all(idList(request.eventIds))) {
        events.set(row.id, { ...row, properties: JSON.parse(row.properties) as Record<string, unknown> });
      }
      const sent = new Map<string, SentMessageSnapshot[]>();
      if (request.sentSince) {
        for (const { contactId, ...message } of s.sentMessages.all(idList(request.sentSince.contactIds), request.sentSince.since)) {
          const list = sent.get(contactId);
          if (list) list.push(message);
          else sent.set(contactId, [message]);
        }
      }
      const optedOut = new Map<string, string[]>();
      if (request.optOutsOf.length > 0) {
        for (const { contactId, channel } of s.optOuts.all(idList(request.optOutsOf))) {
          const list = optedOut.get(contactId);
          if (list) list.push(channel);
          else optedOut.set(contactId, [channel]);
        }
      }
      return { contacts, events, sent, optedOut };
    });
  }

  commit(commits: readonly RunCommit[], now: number): Promise<CommitSummary> {
    return onConnection(this.#gate, () => this.#db.transaction(() => this.#commit(commits, now))());
  }

  #commit(commits: readonly RunCommit[], now: number): CommitSummary {
    const s = this.#s;
    const counters = new Map<string, [journeyId: string, nodeId: string, port: string, count: number]>();
    const stepValues: unknown[] = [];
    let applied = 0;
    let messages = 0;
    for (const { before, result } of commits) {
      const run = result.run;
      const updated = s.updateRun.run(
        run.status,
        run.nodeId,
        run.wakeAt,
        run.waitingFor,
        run.waitingMatch === null ? null : JSON.stringify(run.waitingMatch),
        run.parkedAt,
        run.resumeEventId,
        run.attempts,
        run.error,
        JSON.stringify(run.context),
        run.stepSeq,
        run.endedAt,
        run.holdReason,
        now,
        run.id,
        before.stepSeq,
        before.status,
        before.resumeEventId,
      );
      if (updated.changes === 0) continue;
      applied++;
      for (const st of result.steps) {
        stepValues.push(run.id, run.journeyId, run.version, run.contactId, st.nodeId, st.nodeType, st.seq, st.attempt, st.startedAt, st.endedAt, st.outcome, st.port, st.error, st.reason ?? null, st.detail ? JSON.stringify(st.detail) : null);
      }
      const keys = outboxKeys(run.id, result.effects);
      for (const stepEffect of result.effects) {
        const { nodeId, seq, effect } = stepEffect;
        if (isOutboxEffect(effect)) {
          const { kind, channel, title, body, priority } = outboxContent(effect);
          messages += s.insertMessage.run(newId('msg'), run.id, run.journeyId, run.contactId, nodeId, kind, channel, title, body, priority, keys.get(stepEffect), now, now).changes;
        } else if (effect.kind === 'tags') {
          for (const tag of effect.remove) s.removeTag.run(run.contactId, tag);
          for (const tag of effect.add) s.addTag.run(run.contactId, tag, now);
        } else if (isButterflyEffect(effect)) {
          const origin = { runId: run.id, journeyId: run.journeyId, contactId: run.contactId, nodeId, seq };
          for (const statement of butterflyEffectSql(origin, effect, now, sqliteDialect)) this.#statements.run(statement);
        }
      }
      for (const c of result.counters) {
        const key = `${run.journeyId}\u0000${c.nodeId}\u0000${c.port}`;
        const total = counters.get(key);
        if (total) total[3] += c.count;
        else counters.set(key, [run.journeyId, c.nodeId, c.port, c.count]);
      }
    }
    const chunk = STEP_CHUNK * STEP_WIDTH;
    let at = 0;
    for (; at + chunk <= stepValues.length; at += chunk) s.insertSteps.run(stepValues.slice(at, at + chunk));
    for (; at < stepValues.length; at += STEP_WIDTH) s.insertStep.run(stepValues.slice(at, at + STEP_WIDTH));
    for (const c of counters.values()) s.addCounter.run(...c);
    return { applied, messages };
  }

  openRuns(contactIds: readonly string[]): Promise<OpenRun[]> {
    return onConnection(this.#gate, () =>
      this.#s.openRuns.all(idList(contactIds)).map((row) => ({
        ...row,
        waitingMatch: row.waitingMatch === null ? null : (JSON.parse(row.waitingMatch) as Record<string, unknown>),
      })),
    );
  }

  entryHistory(contactIds: readonly string[], journeyIds: readonly string[]): Promise<EntryHistory[]> {
    return onConnection(this.#gate, () => this.#s.entryHistory.all(idList(contactIds), idList(journeyIds)).map((row) => ({ ...row, open: row.open === 1 })));
  }

  insert(runs: readonly NewRun[], now: number): Promise<void> {
    return onConnection(this.#gate, () => {
      if (runs.length === 0) return;
      this.#db.transaction(() => {
        for (const r of runs) this.#s.insertRun.run(r.id, r.journeyId, r.version, r.contactId, r.nodeId, r.entryEventId, now, now);
      })();
    });
  }

  resume(resumes: readonly RunResume[], now: number): Promise<number> {
    return onConnection(this.#gate, () => {
      let resumed = 0;
      this.#db.transaction(() => {
        for (const r of resumes) resumed += this.#s.resume.run(r.eventId, now, r.runId, r.stepSeq).changes;
      })();
      return resumed;
    });
  }
}
