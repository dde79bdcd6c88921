import { bullmqBehaviourSuite } from './bullmq-behaviour.ts';

bullmqBehaviourSuite('sqlite');
