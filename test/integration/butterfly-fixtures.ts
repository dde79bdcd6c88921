import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../db/src/index.ts';
import { createRuntime } from '../../runtime/src/runtime.ts';
import type { Runtime } from '../../runtime/src/runtime-contract.ts';
import type { Logger } from '../../runtime/src/queue/logger.ts';

/** Errors surface through the tests' assertions; the loops' logs would only be noise. */
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A runtime on a fresh SQLite file with a settable clock, for the butterfly integration tests. */
export interface ButterflyHarness {
  store: Store;
  runtime: Runtime;
  clock: { t: number; now(): number };
  /** Ingests events and waits until the runtime has nothing left to do. */
  send(events: { contactId: string; type: string; properties?: Record<string, unknown>; messageId?: string; timestamp?: number }[]): Promise<void>;
  /** Moves the clock and lets due runs wake. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(start = Date.UTC(2026, 0, 5, 4)): Promise<ButterflyHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-'));
  const store = await openStore(join(dir, 'journeys.db'));
  const clock = { t: start, now: () => clock.t };
  const runtime = createRuntime({ store, clock, logger: quiet });
  runtime.start();
  return {
    store,
    runtime,
    clock,
    async send(events) {
      await runtime.ingestEvents(events.map((e) => ({ properties: {}, ...e })));
      await runtime.idle();
    },
    async advance(ms) {
      clock.t += ms;
      runtime.kick();
      await runtime.idle();
    },
    async close() {
      await runtime.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
