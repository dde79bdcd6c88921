import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/src/index.ts';
import { chainGraph, insertLiveJourney } from '../runtime/src/queue/journey-fixtures.ts';
import { createRuntime } from '../runtime/src/runtime.ts';
import type { BenchSection } from './bench-section.ts';

const WAITING = Number(process.env.BENCH_WAITING_RUNS ?? 1_000_000);
const DUE = Math.min(WAITING, Number(process.env.BENCH_WAITING_DUE ?? 100_000));
const WINDOW_MS = 60_000;
/** From the start to the due minute: inserting a million rows takes most of it. */
const LEAD_MS = Number(process.env.BENCH_WAITING_LEAD_MS ?? 90_000);

/**
 * SPEC §7 "Waiting": WAITING runs parked at a wait node, inserted with SQL; DUE of them come due within
 * one minute starting LEAD_MS after the benchmark starts, the rest a day later. Reports the
 * process RSS with them all waiting, and the lateness of each wake-up (when its step ran minus its
 * wake-up time), p50/p99/max. Opt-in (`BENCH_WAITING=1`): it takes a few minutes.
 */
export const waitingRunsSection: BenchSection = {
  name: 'waiting',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-waiting-'));
    const store = openStore(join(dir, 'bench.db'));
    try {
      insertLiveJourney(store, { id: 'wait', graph: chainGraph([['entry', 'entry'], ['w', 'wait'], ['g', 'goal', { name: 'woken' }]]) });
      const insert = store.sqlite.prepare(
        `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, wake_at, parked_at, attempts, context, step_seq, created_at, updated_at)
         VALUES (?, 'wait', 1, ?, 'waiting', 'w', ?, ?, 0, '{}', 2, ?, ?)`,
      );
      const now = Date.now();
      const start = now + LEAD_MS;
      const wakeAt = (i: number) => (i < DUE ? start + Math.floor((i * WINDOW_MS) / DUE) : start + 86_400_000);
      const fill = store.sqlite.transaction((from: number, to: number) => {
        for (let i = from; i < to; i++) insert.run(`r${i}`, `c${i}`, wakeAt(i), now, now, now);
      });
      for (let i = 0; i < WAITING; i += 50_000) fill(i, Math.min(WAITING, i + 50_000));
      console.error(`bench waiting: ${WAITING} runs inserted in ${((Date.now() - now) / 1000).toFixed(0)} s`);
      if (Date.now() > start - 2000) throw new Error('inserting took longer than the lead time; lower BENCH_WAITING_RUNS');
      const runtime = createRuntime({ store });
      runtime.start();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now() - 1000)));
      const rssMb = process.memoryUsage().rss / 2 ** 20;
      const woken = store.sqlite.prepare(`SELECT COUNT(*) FROM runs WHERE status = 'completed'`).pluck();
      while ((woken.get() as number) < DUE) await new Promise((resolve) => setTimeout(resolve, 200));
      await runtime.stop();
      const late: number[] = [];
      for (const row of store.sqlite.prepare<[], { runId: string; startedAt: number }>(`SELECT run_id AS runId, started_at AS startedAt FROM steps WHERE node_id = 'w'`).iterate()) {
        late.push(row.startedAt - wakeAt(Number(row.runId.slice(1))));
      }
      late.sort((a, b) => a - b);
      const at = (q: number) => late[Math.min(late.length - 1, Math.floor(q * late.length))]!;
      console.table([
        { scenario: `${WAITING} waiting runs, ${DUE} due within one minute (embedded)`, rssMb: Math.round(rssMb), woken: late.length, p50LateMs: at(0.5), p99LateMs: at(0.99), maxLateMs: late.at(-1) },
      ]);
      return [];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
