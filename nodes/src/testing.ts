/**
 * The test harness, as `@journey/sdk/testing` publishes it: `runNode` runs one executor, `runJourney`
 * runs a whole graph on the real engine in memory with a fake clock. Built-in nodes test with it too.
 */
export * from './testing/fake-clock.ts';
export { runNode, type RunNodeInput } from './testing/run-node.ts';
export * from './testing/chain-graph.ts';
export * from './testing/run-journey.ts';
export * from './testing/test-services.ts';
