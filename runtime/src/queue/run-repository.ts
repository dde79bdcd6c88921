import { newId, type Store } from '@journey/db';
import type { ContactSnapshot, EventSnapshot, SentMessageSnapshot } from '@journey/nodes/server';
import { ButterflyStore } from '../butterfly/butterfly-store.ts';
import type { AdvanceResult, RunState } from '../engine/advance-run.ts';

/** The result of advancing one run, with the state it was loaded in (the optimistic-lock guard). */
export interface RunCommit {
  before: RunState;
  result: Pick<AdvanceResult, 'run' | 'steps' | 'effects' | 'counters'>;
}

const RUN_COLUMNS = `id, journey_id AS journeyId, version, contact_id AS contactId, status, node_id AS nodeId,
  wake_at AS wakeAt, waiting_for AS waitingFor, waiting_match AS waitingMatch, parked_at AS parkedAt,
  resume_event_id AS resumeEventId, attempts, error, context, step_seq AS stepSeq, ended_at AS endedAt,
  entry_event_id AS entryEventId`;

/** A run as loaded for advancing: its state and the event that started it. */
export type LoadedRun = RunState & { entryEventId: string | null };

const INSERT_STEPS = `INSERT INTO steps (run_id, journey_id, version, contact_id, node_id, node_type, seq, attempt,
  started_at, ended_at, outcome, port, error) VALUES`;
const STEP_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Steps written per INSERT statement: one call binding many rows is cheaper than many calls. */
const STEP_CHUNK = 50;

type RunRow = Omit<LoadedRun, 'waitingMatch' | 'context'> & { waitingMatch: string | null; context: string };

function toRun(row: RunRow): LoadedRun {
  return {
    ...row,
    waitingMatch: row.waitingMatch === null ? null : (JSON.parse(row.waitingMatch) as Record<string, unknown>),
    context: JSON.parse(row.context) as Record<string, unknown>,
  };
}

/**
 * Runs, steps and their effects in SQLite through prepared statements (the hot path of the queue).
 * Every write of a step happens in `commit`, in one transaction.
 */
export class RunRepository {
  readonly #sqlite: Store['sqlite'];
  readonly #statements;
  readonly #butterfly: ButterflyStore;

  constructor(store: Store) {
    const db = (this.#sqlite = store.sqlite);
    this.#butterfly = new ButterflyStore(store);
    this.#statements = {
      run: db.prepare<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
      activeRuns: db.prepare<[number], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'active'
           AND journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused') LIMIT ?`,
      ),
      wokenRuns: db.prepare<[number, number], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'waiting' AND wake_at <= ?
           AND journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused') ORDER BY wake_at LIMIT ?`,
      ),
      dueByIds: db.prepare<[string, number], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE id IN (SELECT value FROM json_each(?))
           AND (status = 'active' OR (status = 'waiting' AND wake_at <= ?))
           AND journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused')`,
      ),
      anyDue: db
        .prepare<[number], number>(
          `SELECT 1 FROM runs WHERE (status = 'active' OR (status = 'waiting' AND wake_at <= ?))
             AND journey_id NOT IN (SELECT id FROM journeys WHERE status = 'paused') LIMIT 1`,
        )
        .pluck(),
      nextWake: db.prepare<[number], { at: number | null }>(
        `SELECT MIN(wake_at) AS at FROM runs WHERE status = 'waiting' AND wake_at > ?`,
      ),
      contacts: db.prepare<[string], { id: string; name: string | null; attributes: string }>(
        'SELECT id, name, attributes FROM contacts WHERE id IN (SELECT value FROM json_each(?))',
      ),
      tags: db.prepare<[string], { contactId: string; tag: string }>(
        `SELECT contact_id AS contactId, tag FROM contact_tags WHERE contact_id IN (SELECT value FROM json_each(?))
         ORDER BY created_at, tag`,
      ),
      sentMessages: db.prepare<[string, number], { contactId: string } & SentMessageSnapshot>(
        `SELECT contact_id AS contactId, journey_id AS journeyId, channel, created_at AS at FROM messages
         WHERE contact_id IN (SELECT value FROM json_each(?)) AND created_at > ?`,
      ),
      events: db.prepare<[string], { id: string; type: string; properties: string; timestamp: number }>(
        'SELECT id, type, properties, timestamp FROM events WHERE id IN (SELECT value FROM json_each(?))',
      ),
      updateRun: db.prepare(
        `UPDATE runs SET status = ?, node_id = ?, wake_at = ?, waiting_for = ?, waiting_match = ?, parked_at = ?,
           resume_event_id = ?, attempts = ?, error = ?, context = ?, step_seq = ?, ended_at = ?, updated_at = ?
         WHERE id = ? AND step_seq = ? AND status = ? AND resume_event_id IS ?`,
      ),
      insertSteps: db.prepare(`${INSERT_STEPS} ${Array(STEP_CHUNK).fill(STEP_VALUES).join(', ')}`),
      insertStep: db.prepare(`${INSERT_STEPS} ${STEP_VALUES}`),
      insertMessage: db.prepare(
        `INSERT OR IGNORE INTO messages (id, run_id, journey_id, contact_id, node_id, channel, title, body, status, idempotency_key, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, 0, ?, ?)`,
      ),
      addTag: db.prepare('INSERT OR IGNORE INTO contact_tags (contact_id, tag, created_at) VALUES (?, ?, ?)'),
      removeTag: db.prepare('DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?'),
      addCounter: db.prepare(
        `INSERT INTO node_counters (journey_id, node_id, port, count) VALUES (?, ?, ?, ?)
         ON CONFLICT (journey_id, node_id, port) DO UPDATE SET count = count + excluded.count`,
      ),
    };
  }

  /** Due runs of journeys that are not paused: active ones first, then those whose wake-up time has come. */
  dueRuns(now: number, limit: number): LoadedRun[] {
    const active = this.#statements.activeRuns.all(limit);
    const woken = active.length < limit ? this.#statements.wokenRuns.all(now, limit - active.length) : [];
    return [...active, ...woken].map(toRun);
  }

  /** Those of the given runs that are due at `now` (their journey not paused), in no particular order. */
  dueByIds(ids: Iterable<string>, now: number): LoadedRun[] {
    return this.#statements.dueByIds.all(JSON.stringify([...new Set(ids)]), now).map(toRun);
  }

  /** True when some run of a journey that is not paused is due at `now`. */
  hasDue(now: number): boolean {
    return this.#statements.anyDue.get(now) !== undefined;
  }

  get(id: string): LoadedRun | undefined {
    const row = this.#statements.run.get(id);
    return row && toRun(row);
  }

  /** The earliest wake-up after `now`, or null when no run waits on a timer. */
  nextWakeAt(now: number): number | null {
    return this.#statements.nextWake.get(now)?.at ?? null;
  }

  /** Contacts with their tags, by id; a contact without a row reads as an empty contact. */
  contacts(ids: Iterable<string>): Map<string, ContactSnapshot> {
    const wanted = JSON.stringify([...new Set(ids)]);
    const contacts = new Map<string, ContactSnapshot>();
    for (const row of this.#statements.contacts.all(wanted)) {
      contacts.set(row.id, { id: row.id, name: row.name, attributes: JSON.parse(row.attributes) as Record<string, unknown>, tags: [] });
    }
    for (const { contactId, tag } of this.#statements.tags.all(wanted)) {
      let contact = contacts.get(contactId);
      if (!contact) contacts.set(contactId, (contact = { id: contactId, name: null, attributes: {}, tags: [] }));
      contact.tags.push(tag);
    }
    this.#butterfly.fillContacts(contacts);
    return contacts;
  }

  /** Outbox messages written to the contacts after `since`, by contact (for frequency caps). */
  sentMessages(contactIds: Iterable<string>, since: number): Map<string, SentMessageSnapshot[]> {
    const sent = new Map<string, SentMessageSnapshot[]>();
    for (const { contactId, ...message } of this.#statements.sentMessages.all(JSON.stringify([...new Set(contactIds)]), since)) {
      const list = sent.get(contactId);
      if (list) list.push(message);
      else sent.set(contactId, [message]);
    }
    return sent;
  }

  /** Stored events by id. */
  events(ids: Iterable<string>): Map<string, EventSnapshot> {
    const events = new Map<string, EventSnapshot>();
    for (const row of this.#statements.events.all(JSON.stringify([...new Set(ids)]))) {
      events.set(row.id, { ...row, properties: JSON.parse(row.properties) as Record<string, unknown> });
    }
    return events;
  }

  /**
   * Writes advanced runs in one transaction: for each run whose row is still as it was loaded, its new
   * state, steps, outbox messages (idempotent by `${runId}:${nodeId}:${seq}`) and tag changes; then the
   * node counters of the applied runs. A run changed meanwhile (a stale worker, an exit event) is skipped.
   *
   * @returns how many runs were applied and how many messages were written
   */
  commit(commits: readonly RunCommit[], now: number): { applied: number; messages: number } {
    return this.#sqlite.transaction(() => {
      const s = this.#statements;
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
          now,
          run.id,
          before.stepSeq,
          before.status,
          before.resumeEventId,
        );
        if (updated.changes === 0) continue;
        applied++;
        for (const st of result.steps) {
          stepValues.push(run.id, run.journeyId, run.version, run.contactId, st.nodeId, st.nodeType, st.seq, st.attempt, st.startedAt, st.endedAt, st.outcome, st.port, st.error);
        }
        const perStep = new Map<number, number>();
        for (const { nodeId, seq, effect } of result.effects) {
          if (effect.kind === 'message') {
            const n = perStep.get(seq) ?? 0;
            perStep.set(seq, n + 1);
            const key = `${run.id}:${nodeId}:${seq}${n > 0 ? `:${n}` : ''}`;
            messages += s.insertMessage.run(newId('msg'), run.id, run.journeyId, run.contactId, nodeId, effect.channel, effect.title, effect.body, key, now, now).changes;
          } else if (effect.kind === 'tags') {
            for (const tag of effect.remove) s.removeTag.run(run.contactId, tag);
            for (const tag of effect.add) s.addTag.run(run.contactId, tag, now);
          } else if (ButterflyStore.handles(effect)) {
            this.#butterfly.applyEffect({ runId: run.id, journeyId: run.journeyId, contactId: run.contactId, nodeId, seq }, effect, now);
          }
        }
        for (const c of result.counters) {
          const key = `${run.journeyId}\u0000${c.nodeId}\u0000${c.port}`;
          const total = counters.get(key);
          if (total) total[3] += c.count;
          else counters.set(key, [run.journeyId, c.nodeId, c.port, c.count]);
        }
      }
      this.#insertSteps(stepValues);
      for (const c of counters.values()) s.addCounter.run(...c);
      return { applied, messages };
    })();
  }

  /** Inserts step rows given as one flat list of column values, in order. */
  #insertSteps(values: readonly unknown[]): void {
    const width = 13;
    const chunk = STEP_CHUNK * width;
    let at = 0;
    for (; at + chunk <= values.length; at += chunk) this.#statements.insertSteps.run(values.slice(at, at + chunk));
    for (; at < values.length; at += width) this.#statements.insertStep.run(values.slice(at, at + width));
  }
}
