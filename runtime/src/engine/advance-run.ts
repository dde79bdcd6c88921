/** The engine moved to `@journey/nodes/engine` (shared with the SDK's test harness): import it from there. */
export * from '@journey/nodes/engine';
