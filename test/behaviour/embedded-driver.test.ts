import { createRuntime } from '../../runtime/src/runtime.ts';
import { runtimeBehaviourSuite } from './runtime-behaviour.ts';

runtimeBehaviourSuite({
  name: 'embedded',
  create: (store, clock) => createRuntime({ store, clock, logger: { info: () => {}, warn: () => {}, error: () => {} } }),
});
