/**
 * The pure engine: a published graph compiled against the executors, and a run advanced until it
 * blocks — `(journey, run, trigger) -> (run, steps, effects)`, no I/O. The runtime commits its results;
 * the SDK's `runJourney` drives it in memory with a fake clock.
 */
export * from './engine/advance-run.ts';
export * from './engine/compile-journey.ts';
export * from './engine/simulate-journey.ts';
