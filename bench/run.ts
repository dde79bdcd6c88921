process.env.LOG_LEVEL ??= 'warn';

import type { BenchRow, BenchSection } from './bench-section.ts';
import { bullmqDriverSection, bullmqPostgresSection } from './bullmq-driver.ts';
import { bullmqRawSection } from './bullmq-raw.ts';
import { editorSection } from './editor.ts';
import { embeddedPostgresSection, embeddedSection } from './embedded.ts';
import { endToEndSection } from './end-to-end.ts';
import { inputLimitsSection } from './input-limits.ts';
import { ingestSection } from './ingest.ts';
import { sqliteRawSection } from './sqlite-raw.ts';
import { waitingRunsSection } from './waiting-runs.ts';

/** Sections in the order they run. */
const all: BenchSection[] = [
  bullmqRawSection,
  sqliteRawSection,
  embeddedSection,
  embeddedPostgresSection,
  bullmqDriverSection,
  bullmqPostgresSection,
  endToEndSection,
  ingestSection,
  inputLimitsSection,
  editorSection,
  // A million waiting runs take minutes: opt-in.
  ...(process.env.BENCH_WAITING ? [waitingRunsSection] : []),
];
/** `BENCH_ONLY=embedded,bullmq` runs those sections (and the raw BullMQ and SQLite baselines) only. */
const only = process.env.BENCH_ONLY?.split(',');
const sections = only ? all.filter((s) => s === bullmqRawSection || s === sqliteRawSection || only.includes(s.name)) : all;

const rows: BenchRow[] = [];
for (const section of sections) {
  console.error(`bench: ${section.name}…`);
  rows.push(...(await section.run()));
}
const baseline = rows.find((r) => r.section === 'bullmq raw')?.nodeStepsPerSec;
console.table(
  rows.map((row) => ({ ...row, ...(baseline ? { 'vs raw BullMQ': `${(row.nodeStepsPerSec / baseline).toFixed(1)}×` } : {}) })),
);
