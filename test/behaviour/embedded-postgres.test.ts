import { createRuntime } from '../../runtime/src/runtime.ts';
import { runtimeBehaviourSuite } from './runtime-behaviour.ts';

runtimeBehaviourSuite({
  name: 'embedded (PostgreSQL)',
  store: 'postgres',
  create: (store, clock) => createRuntime({ store, clock, logger: { info: () => {}, warn: () => {}, error: () => {} } }),
});
