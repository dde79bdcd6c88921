import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// bench/ is not a workspace package: better-sqlite3 resolves from the db package, which depends on it.
import type BetterSqlite3 from '../db/node_modules/@types/better-sqlite3/index.d.ts';
import { newId, openStore } from '../db/src/index.ts';
import { benchRow, type BenchSection } from './bench-section.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const STEPS = 10;

/**
 * The floor under the drivers: bare better-sqlite3 on the real schema, one transaction per contact that
 * writes what a 10-instant-node run commits (the run, 10 step records, 2 outbox rows), with no engine,
 * no queue and no event. The drivers' rows above it show the overhead they add. The store only creates
 * the file and its schema; the rows go through a connection of their own, as the store's SQLite one is set up.
 */
export const sqliteRawSection: BenchSection = {
  name: 'sqlite raw',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-raw-'));
    const path = join(dir, 'bench.db');
    await (await openStore(path)).close();
    const Database = createRequire(new URL('../db/package.json', import.meta.url))('better-sqlite3') as typeof BetterSqlite3;
    const sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('cache_size = -65536');
    try {
      const insertRun = sqlite.prepare(
        `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, attempts, context, step_seq, created_at, updated_at, ended_at)
         VALUES (?, 'bench', 1, ?, 'completed', 'p1', 0, '{}', ?, ?, ?, ?)`,
      );
      const insertStep = sqlite.prepare(
        `INSERT INTO steps (run_id, journey_id, version, contact_id, node_id, node_type, seq, attempt, started_at, ended_at, outcome, port)
         VALUES (?, 'bench', 1, ?, ?, 'tag', ?, 1, ?, ?, 'next', 'out')`,
      );
      const insertMessage = sqlite.prepare(
        `INSERT INTO messages (id, run_id, journey_id, contact_id, node_id, channel, body, idempotency_key, next_attempt_at, created_at)
         VALUES (?, ?, 'bench', ?, ?, 'wecom_private', '你好', ?, ?, ?)`,
      );
      const commitContact = sqlite.transaction((contactId: string, now: number) => {
        const runId = newId('run');
        insertRun.run(runId, contactId, STEPS, now, now, now);
        for (let seq = 1; seq <= STEPS; seq++) insertStep.run(runId, contactId, `n${seq}`, seq, now, now);
        for (const seq of [5, 10]) insertMessage.run(newId('msg'), runId, contactId, `n${seq}`, `${runId}:n${seq}:${seq}`, now, now);
      });
      const started = performance.now();
      for (let i = 0; i < CONTACTS; i++) commitContact(`c${i}`, Date.now());
      const ms = performance.now() - started;
      return [benchRow('sqlite raw', 'transaction per contact: run + 10 steps + 2 outbox rows', CONTACTS, CONTACTS * STEPS, ms)];
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
