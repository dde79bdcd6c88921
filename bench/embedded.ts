import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// bench/ is not a workspace package: it reaches the packages by path, their dependencies resolve from there.
import { openStore, type Store } from '../db/src/index.ts';
import { createTestDatabase } from '../db/src/postgres/test-database.ts';
import { execute } from '../db/src/testing.ts';
import { chainGraph, insertLiveJourney, type ChainNode } from '../runtime/src/queue/journey-fixtures.ts';
import { createRuntime, type RuntimeOptions } from '../runtime/src/runtime.ts';
import { benchRow, type BenchRow, type BenchSection } from './bench-section.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
/**
 * `BENCH_WORKSPACE_CAP=1` adds each scenario again under a workspace frequency cap (issue 18: the
 * rows must stay within 5 % of those without): every push then reads the contact's recent messages.
 * `BENCH_SCENARIOS=name|…` runs only those scenarios (`instant ×10|instant ×10, workspace cap`).
 */
const WORKSPACE_CAP = process.env.BENCH_WORKSPACE_CAP === '1';
const WORKSPACE_CAP_SETTINGS = { frequencyCap: { rules: [{ channels: [], max: 100, perHours: 24 }] } };
const ONLY_SCENARIOS = process.env.BENCH_SCENARIOS?.split('|');

/** Runs that have ended (completed, exited or failed). */
async function endedRuns(store: Store): Promise<number> {
  const { completed, exited, failed } = await store.runs.countByStatus();
  return completed + exited + failed;
}

const tag = (id: string, name: string): ChainNode => [id, 'tag', { add: [name] }];
const goal = (id: string): ChainNode => [id, 'goal', { name: id }];
const vip = (id: string): ChainNode => [id, 'condition', { rules: [{ kind: 'tag', tag: 'vip' }] }, 'yes'];
const push = (id: string): ChainNode => [id, 'content_push', { template: '你好 {{contact.id}}' }];

const BASE_SCENARIOS = {
  'instant ×10': chainGraph([
    ['entry', 'entry'],
    tag('t1', 'vip'),
    goal('g1'),
    vip('c1'),
    tag('t2', 'engaged'),
    goal('g2'),
    vip('c2'),
    tag('t3', 'loyal'),
    goal('g3'),
    push('p1'),
  ]),
  'tag → push → wait(0) → push': chainGraph([['entry', 'entry'], tag('t1', 'vip'), push('p1'), ['w', 'wait'], push('p2')]),
};

/** Where a bench section keeps its store: a fresh SQLite file or a fresh PostgreSQL database. */
export type BenchStoreKind = 'sqlite' | 'postgres';

/** A fresh store of `kind` and how to throw it away. */
export async function benchStore(kind: BenchStoreKind): Promise<{ url: string; store: Store; drop(): Promise<void> }> {
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    const store = await openStore(database.url);
    return { url: database.url, store, drop: async () => (await store.close(), await database.drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const url = join(dir, 'bench.db');
  const store = await openStore(url);
  return { url, store, drop: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Each scenario's graph and whether the workspace cap is set for it. */
export const SCENARIOS: Record<string, { graph: (typeof BASE_SCENARIOS)[keyof typeof BASE_SCENARIOS]; workspaceCap: boolean }> = Object.fromEntries(
  Object.entries(BASE_SCENARIOS)
    .flatMap(([name, graph]) => [
      [name, { graph, workspaceCap: false }] as const,
      ...(WORKSPACE_CAP ? [[`${name}, workspace cap`, { graph, workspaceCap: true }] as const] : []),
    ])
    .filter(([name]) => !ONLY_SCENARIOS || ONLY_SCENARIOS.includes(name)),
);

/**
 * A queue driver end to end in this process on a store of `kind`: events for CONTACTS new contacts are
 * ingested, then the clock runs until every run has ended (enrolment, steps, outbox writes and
 * deliveries included). `driver` gives the runtime's driver options for each scenario and cleans up after it.
 */
export function driverSection(
  name: string,
  driver: () => { options: Pick<RuntimeOptions, 'queue'>; cleanup(): Promise<void> } | null,
  kind: BenchStoreKind = 'sqlite',
): BenchSection {
  return {
    name,
    async run() {
      const rows: BenchRow[] = [];
      for (const [scenario, { graph, workspaceCap }] of Object.entries(SCENARIOS)) {
        const setup = driver();
        if (!setup) return rows;
        const { store, drop } = await benchStore(kind);
        try {
          await insertLiveJourney(store, { id: 'bench', graph });
          if (workspaceCap) await store.settings.put(WORKSPACE_CAP_SETTINGS, null, Date.now());
          const runtime = createRuntime({ store, ...setup.options });
          const events = Array.from({ length: CONTACTS }, (_, i) => ({ contactId: `c${i}`, type: 'contact.acquired', properties: {} }));
          const started = performance.now();
          runtime.start();
          for (let i = 0; i < events.length; i += 1000) await runtime.ingestEvents(events.slice(i, i + 1000));
          while ((await endedRuns(store)) < CONTACTS) await new Promise((resolve) => setTimeout(resolve, 2));
          const runsMs = performance.now() - started;
          await runtime.idle({ timeoutMs: 120_000 });
          const allMs = performance.now() - started;
          await runtime.stop();
          const steps = Number((await execute(store, 'SELECT COUNT(*) AS n FROM steps'))[0]!.n);
          const { failed } = await store.runs.countByStatus();
          if (failed > 0) throw new Error(`${failed} runs failed in "${scenario}"`);
          rows.push(benchRow(name, `${scenario}: runs ended`, CONTACTS, steps, runsMs));
          rows.push(benchRow(name, `${scenario}: outbox delivered`, CONTACTS, steps, allMs));
        } finally {
          await drop();
          await setup.cleanup();
        }
      }
      return rows;
    },
  };
}

/** The embedded driver: the store is the only queue. */
export const embeddedSection = driverSection('embedded', () => ({ options: {}, cleanup: async () => {} }));

/** The embedded driver on PostgreSQL. */
export const embeddedPostgresSection = driverSection('embedded postgres', () => ({ options: {}, cleanup: async () => {} }), 'postgres');
