import { defineExecutor } from '../core/define-executor.ts';
import { defineNode } from '../core/define-node.ts';
import { z } from 'zod';

/** For tests of retries: node type `flaky` throws on its first `failures` attempts (3 attempts in all). */
export const flakyExecutor = defineExecutor(
  defineNode({
    type: 'flaky',
    stage: 'any',
    icon: '⚡',
    title: { 'zh-CN': '不稳定', en: 'Flaky' },
    description: { 'zh-CN': '测试用：前几次执行失败', en: 'For tests: fails its first attempts' },
    config: z.strictObject({ failures: z.number().int().min(0).default(1) }),
    ports: ['out'],
  }),
  {
    maxAttempts: 3,
    execute: ({ config, attempt }) => {
      if (attempt <= config.failures) throw new Error(`boom ${attempt}`);
      return { type: 'next', port: 'out' };
    },
  },
);
