/** One measured line of the benchmark table. */
export interface BenchRow {
  section: string;
  scenario: string;
  contacts: number;
  nodeSteps: number;
  seconds: number;
  contactsPerSec: number;
  nodeStepsPerSec: number;
}

/**
 * A part of `pnpm bench` (embedded driver, BullMQ, ingest, editor, …), one file under bench/ each;
 * `bench/run.ts` runs them in order and prints one table.
 */
export interface BenchSection {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** A row from counts and elapsed milliseconds. */
export function benchRow(section: string, scenario: string, contacts: number, nodeSteps: number, ms: number): BenchRow {
  const seconds = ms / 1000;
  return {
    section,
    scenario,
    contacts,
    nodeSteps,
    seconds: Number(seconds.toFixed(2)),
    contactsPerSec: Math.round(contacts / seconds),
    nodeStepsPerSec: Math.round(nodeSteps / seconds),
  };
}
