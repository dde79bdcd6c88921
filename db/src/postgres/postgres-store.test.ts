import { journeyGraphSchema, journeySettingsSchema } from '@journey/nodes';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeContactListContract } from '../contract/contacts-list-contract.ts';
import { describeSegmentContract } from '../contract/segments-contract.ts';
import { describeStoreContract } from '../contract/store-contract.ts';
import { openStore } from '../open-store.ts';
import { UnstorableValue } from '../port/errors.ts';
import type { NewEvent } from '../port/events.ts';
import type { JourneyRecord } from '../port/model.ts';
import type { LoadedRun, NewRun } from '../port/runs.ts';
import type { Store } from '../port/store.ts';
import { execute, snapshot, tableRows } from '../testing.ts';
import { openPostgresStore } from './open-postgres-store.ts';
import { createTestDatabase, type PostgresTestDatabase } from './test-database.ts';

let database: PostgresTestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

/** A store on the run's database, emptied first: each test starts from a fresh store, as on SQLite's `:memory:`. */
async function open(): Promise<Store> {
  const { rows } = await database.pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  // DELETE, not TRUNCATE: on tables this small it takes milliseconds where TRUNCATE takes a second.
  await database.pool.query(rows.map((r) => `DELETE FROM "${r.name}";`).join(' '));
  return openPostgresStore(database.url, { poolSize: 4 });
}

describeStoreContract('PostgreSQL', open);
describeSegmentContract('PostgreSQL', open);
describeContactListContract('PostgreSQL', open);

const NOW = Date.UTC(2026, 0, 1);
const graph = journeyGraphSchema.parse({ nodes: [{ id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} }], edges: [] });
const settings = journeySettingsSchema.parse({});
const journey = (id: string): JourneyRecord => ({
  id, name: id, status: 'draft', graph, settings, publishedVersion: null, pausedEntries: null, revision: 1, createdAt: NOW, updatedAt: NOW,
});
const newRun = (i: number, journeyId = 'j1'): NewRun => ({
  id: `run_${String(i).padStart(5, '0')}`, journeyId, version: 1, contactId: `c${i}`, nodeId: 'entry', entryEventId: null,
});

describe('the PostgreSQL store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.journeys.create(journey('j1'));
    await store.journeys.publish({ journeyId: 'j1', version: 1, graph, settings, publishedAt: NOW, publishedBy: null }, 1, NOW);
  });
  afterEach(() => store.close());

  it('is what openStore opens for postgres:// and postgresql:// URLs, and shows its URL without the password', async () => {
    const url = new URL(database.url);
    url.password = 'secret';
    const named = await openStore(url.toString().replace(/^postgres:/, 'postgresql:'));
    try {
      expect(named.kind).toBe('postgres');
      expect(named.location).not.toContain('secret');
      expect(named.location).toContain(database.name);
      await named.ping();
    } finally {
      await named.close();
    }
  });

  describe('stepping', () => {
    /** Steps every due run it can take, a batch at a time, each run to `completed`; returns the ids it stepped. */
    const stepAll = async (stepper: Store, batch: number) => {
      const stepped: string[] = [];
      for (;;) {
        const { runs } = await stepper.runs.step({ limit: batch }, NOW, async (due) => {
          // Holding the runs across an await, as an executor's wait would, while the others ask.
          await new Promise((resolve) => setTimeout(resolve, 1));
          return due.map((run) => ({ before: run, result: { run: { ...run, status: 'completed' as const, stepSeq: run.stepSeq + 1, endedAt: NOW }, steps: [], effects: [], counters: [] } }));
        });
        if (runs.length === 0) return stepped;
        stepped.push(...runs.map((r) => r.id));
      }
    };

    it('never gives two processes the same run, whoever asks first', async () => {
      await store.runs.insert(Array.from({ length: 3000 }, (_, i) => newRun(i)), NOW);
      const other = await openPostgresStore(database.url, { poolSize: 4 });
      try {
        await Promise.all([store.runs.hasDue(NOW), other.runs.hasDue(NOW)]);
        const [a, b, c, d] = await Promise.all([stepAll(store, 25), stepAll(other, 25), stepAll(store, 25), stepAll(other, 25)]);
        const all = [...a, ...b, ...c, ...d];
        expect(all).toHaveLength(3000);
        expect(new Set(all).size).toBe(3000);
        expect(Math.min(a.length, b.length, c.length, d.length)).toBeGreaterThan(0);
        expect(await store.runs.countByStatus()).toMatchObject({ active: 0, completed: 3000 });
      } finally {
        await other.close();
      }
    });

    it('skips the runs another process is stepping, also when asked by id, and takes them once it is done', async () => {
      await store.runs.insert([newRun(1), newRun(2)], NOW);
      const other = await openPostgresStore(database.url, { poolSize: 2 });
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const isHolding = new Promise<void>((resolve) => (holding = resolve));
        const first = store.runs.step({ ids: ['run_00001'] }, NOW, async () => {
          holding();
          await held;
          return [];
        });
        await isHolding;
        const meanwhile = await other.runs.step({ ids: ['run_00001', 'run_00002'] }, NOW, async (due) => {
          expect(due.map((r) => r.id)).toEqual(['run_00002']);
          return [];
        });
        expect(meanwhile.runs.map((r) => r.id)).toEqual(['run_00002']);
        release();
        await first;
        // Nothing was committed: the run is due again, for whoever asks.
        expect((await other.runs.step({ limit: 10 }, NOW, async () => [])).runs.map((r) => r.id).sort()).toEqual(['run_00001', 'run_00002']);
      } finally {
        await other.close();
      }
    });

    it('gives the runs of a process that dies mid-step back at once', async () => {
      await store.runs.insert([newRun(1)], NOW);
      const dying = await openPostgresStore(database.url, { poolSize: 1 });
      let holding!: () => void;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      void dying.runs.step({ limit: 10 }, NOW, async () => {
        holding();
        // Never returns: the process hangs mid-step, then its connection is killed.
        await new Promise(() => {});
        return [];
      });
      await isHolding;
      expect((await store.runs.step({ limit: 10 }, NOW, async () => [])).runs).toEqual([]);
      const [{ pid }] = (await execute(store, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'")) as [{ pid: number }];
      await execute(store, 'SELECT pg_terminate_backend(?)', [pid]);
      await expect.poll(async () => (await store.runs.step({ limit: 10 }, NOW, async () => [])).runs.map((r) => r.id)).toEqual(['run_00001']);
    });

    it("steps due runs journey by journey while a journey is paused, never the paused one's", async () => {
      await store.journeys.create(journey('j2'));
      await store.journeys.publish({ journeyId: 'j2', version: 1, graph, settings, publishedAt: NOW, publishedBy: null }, 1, NOW);
      await store.runs.insert([...Array.from({ length: 30 }, (_, i) => newRun(i, 'j1')), ...Array.from({ length: 5 }, (_, i) => newRun(100 + i, 'j2'))], NOW);
      expect(await store.journeys.setStatus('j1', 'paused', 2, NOW)).toMatchObject({ status: 'paused' });
      expect(await store.runs.hasDue(NOW)).toBe(true);
      const stepped = await stepAll(store, 50);
      expect(stepped).toHaveLength(5);
      expect((await Promise.all(stepped.map((id) => store.runs.record(id)))).map((r) => r!.journeyId)).toEqual(Array(5).fill('j2'));
      expect(await store.runs.hasDue(NOW)).toBe(false);
    });
  });

  describe('transactions', () => {
    it('runs a transaction again when it loses a deadlock, so both commit', async () => {
      await store.journeys.create(journey('j2'));
      let attempts = 0;
      let arrive!: () => void;
      const bothHoldOne = new Promise<void>((resolve) => {
        let arrived = 0;
        arrive = () => {
          if (++arrived === 2) resolve();
        };
      });
      const crossing = (first: string, second: string) =>
        store.transaction(async (tx) => {
          attempts++;
          for (const [i, id] of [first, second].entries()) {
            const current = (await tx.journeys.get(id))!;
            await tx.journeys.setStatus(id, current.status === 'live' ? 'paused' : 'live', current.revision, NOW);
            if (i === 0) {
              arrive();
              await bothHoldOne;
            }
          }
        });
      await Promise.all([crossing('j1', 'j2'), crossing('j2', 'j1')]);
      expect(attempts).toBe(3);
      expect((await store.journeys.get('j1'))!.revision).toBe(4);
      expect((await store.journeys.get('j2'))!.revision).toBe(3);
    });

    it('refuses statements of a transaction that strayed past its end', async () => {
      let late!: Promise<unknown>;
      await store.transaction(async (tx) => {
        late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => tx.journeys.get('j1'));
      });
      await expect(late).rejects.toThrow('This transaction has ended');
    });
  });

  describe('ingest', () => {
    it('stores a large batch in one call, the first of each repeated messageId only, with its new contacts', async () => {
      await store.events.ingest([{ contactId: 'c0', type: 'seen', properties: {}, timestamp: NOW, messageId: 'm0' }], NOW);
      const events: NewEvent[] = Array.from({ length: 5000 }, (_, i) => ({
        contactId: `c${i % 700}`,
        type: 'page.view',
        properties: { i },
        timestamp: NOW + i,
        messageId: i % 10 === 0 ? null : `m${i % 2000}`,
      }));
      const { ids, duplicates } = await store.events.ingest(events, NOW);
      // m0 was stored before; m1…m1999 once each, by their first event; null ids never repeat.
      const firsts = new Map<string, number>();
      events.forEach((e, i) => e.messageId !== null && e.messageId !== 'm0' && !firsts.has(e.messageId) && firsts.set(e.messageId, i));
      const kept = events.flatMap((e, i) => (e.messageId === null || firsts.get(e.messageId) === i ? [i] : []));
      expect(duplicates).toBe(5000 - kept.length);
      expect(ids).toHaveLength(kept.length);
      const stored = await store.events.unprocessed(10_000);
      expect(stored.slice(1).map((e) => e.properties.i)).toEqual(kept);
      expect(stored.slice(1).map((e) => e.id)).toEqual(ids);
      expect((await tableRows(store, 'contacts')).length).toBe(700);
    });

    it('refuses U+0000, which PostgreSQL cannot store, naming the field, and writes nothing', async () => {
      const before = await snapshot(store);
      const event = (properties: Record<string, unknown>, type = 'page.view'): NewEvent => ({ contactId: 'c1', type, properties, timestamp: NOW, messageId: null });
      const refusal = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err);

      const inProperties = await refusal(store.events.ingest([event({}), event({ note: { text: 'a\u0000b' } })], NOW));
      expect(inProperties).toBeInstanceOf(UnstorableValue);
      expect(inProperties).toMatchObject({ field: 'events[1].properties.note.text', message: expect.stringContaining('U+0000') });
      expect(await refusal(store.events.ingest([event({}, 'a\u0000')], NOW))).toMatchObject({ field: 'events[0].type' });
      expect(await refusal(store.contacts.upsert({ id: 'c1', name: 'Li\u0000' }, NOW))).toMatchObject({ field: 'contacts.name' });
      expect(await refusal(store.contacts.upsert({ id: 'c1', attributes: { 'bio\u0000': 1 } }, NOW))).toMatchObject({
        field: 'contacts.attributes["bio\\u0000"]',
      });
      expect(await refusal(store.journeys.create({ ...journey('j9'), name: 'x\u0000' }))).toMatchObject({ field: 'journeys.name' });
      expect(await snapshot(store)).toEqual(before);
      // A backslash and "u0000" are plain text.
      expect((await store.events.ingest([event({ note: '\\u0000' })], NOW)).ids).toHaveLength(1);
    });
  });

  it('keeps every text column in byte order (COLLATE "C") in a database that sorts text as people read it', async () => {
    const { rows } = await database.pool.query<{ linguistic: boolean }>(`SELECT 'a' < 'B' AS linguistic`);
    expect(rows[0]!.linguistic).toBe(true);
    const { rows: columns } = await database.pool.query<{ column: string }>(`SELECT table_name || '.' || column_name AS column
      FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'`);
    expect(columns.map((c) => c.column), 'text columns without COLLATE "C": add it in their migration').toEqual([]);
  });

  it('answers the due runs of a due() read in port order: active first, then woken by wake-up time', async () => {
    await store.runs.insert([newRun(1), newRun(2), newRun(3)], NOW);
    const [r1, r2] = (await Promise.all(['run_00001', 'run_00002'].map((id) => store.runs.get(id)))) as [LoadedRun, LoadedRun];
    const park = (run: LoadedRun, wakeAt: number) => ({ before: run, result: { run: { ...run, status: 'waiting' as const, stepSeq: 1, wakeAt }, steps: [], effects: [], counters: [] } });
    await store.runs.commit([park(r1, NOW + 20), park(r2, NOW + 10)], NOW);
    expect((await store.runs.due(NOW + 30, 10)).map((r) => r.id)).toEqual(['run_00003', 'run_00002', 'run_00001']);
  });
});
