import { bullmqBehaviourSuite } from './bullmq-behaviour.ts';

bullmqBehaviourSuite('postgres');
