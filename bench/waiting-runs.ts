import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/src/index.ts';
import { execute } from '../db/src/testing.ts';
import { chainGraph, insertLiveJourney } from '../runtime/src/queue/journey-fixtures.ts';
import { createRuntime } from '../runtime/src/runtime.ts';
import type { BenchSection } from './bench-section.ts';

const WAITING = Number(process.env.BENCH_WAITING_RUNS ?? 1_000_000);
const DUE = Math.min(WAITING, Number(process.env.BENCH_WAITING_DUE ?? 100_000));
const WINDOW_MS = 60_000;
/** From the start to the due minute: inserting a million rows takes most of it. */
const LEAD_MS = Number(process.env.BENCH_WAITING_LEAD_MS ?? 90_000);
/** Runs per INSERT statement: 3 parameters each stays under both stores' limit on parameters. */
const FILL_CHUNK = 5_000;

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
    const store = await openStore(join(dir, 'bench.db'));
    try {
      await insertLiveJourney(store, { id: 'wait', graph: chainGraph([['entry', 'entry'], ['w', 'wait'], ['g', 'goal', { name: 'woken' }]]) });
      const now = Date.now();
      const start = now + LEAD_MS;
      const wakeAt = (i: number) => (i < DUE ? start + Math.floor((i * WINDOW_MS) / DUE) : start + 86_400_000);
      // One multi-row INSERT per chunk (each statement is atomic on its own); `now` is an integer of ours, inlined.
      const row = `(?, 'wait', 1, ?, 'waiting', 'w', ?, ${now}, 0, '{}', 2, ${now}, ${now})`;
      for (let from = 0; from < WAITING; from += FILL_CHUNK) {
        const to = Math.min(WAITING, from + FILL_CHUNK);
        const params: unknown[] = [];
        for (let i = from; i < to; i++) params.push(`r${i}`, `c${i}`, wakeAt(i));
        await execute(
          store,
          `INSERT INTO runs (id, journey_id, version, contact_id, status, node_id, wake_at, parked_at, attempts, context, step_seq, created_at, updated_at)
           VALUES ${Array.from({ length: to - from }, () => row).join(', ')}`,
          params,
        );
      }
      console.error(`bench waiting: ${WAITING} runs inserted in ${((Date.now() - now) / 1000).toFixed(0)} s`);
      if (Date.now() > start - 2000) throw new Error('inserting took longer than the lead time; lower BENCH_WAITING_RUNS');
      const runtime = createRuntime({ store });
      runtime.start();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now() - 1000)));
      const rssMb = process.memoryUsage().rss / 2 ** 20;
      while ((await store.runs.countByStatus()).completed < DUE) await new Promise((resolve) => setTimeout(resolve, 200));
      await runtime.stop();
      const late: number[] = [];
      for (const step of (await execute(store, `SELECT run_id, started_at FROM steps WHERE node_id = 'w'`)) as { runId: string; startedAt: number }[]) {
        late.push(step.startedAt - wakeAt(Number(step.runId.slice(1))));
      }
      late.sort((a, b) => a - b);
      const at = (q: number) => late[Math.min(late.length - 1, Math.floor(q * late.length))]!;
      console.table([
        { scenario: `${WAITING} waiting runs, ${DUE} due within one minute (embedded)`, rssMb: Math.round(rssMb), woken: late.length, p50LateMs: at(0.5), p99LateMs: at(0.99), maxLateMs: late.at(-1) },
      ]);
      return [];
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
