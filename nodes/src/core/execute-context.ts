import type { z } from 'zod';
import type { AnyNodeSpec } from './define-node.ts';
import type { ExecuteContext, NodeExecutor, Outcome } from './define-executor.ts';
import { journeySettingsSchema } from './settings.ts';
import { renderTemplate } from './template.ts';

/**
 * Builds the context an executor runs with; `render` sees `contact`, the run's context (`offer`,
 * `referral`, …) and `event`. The engine and the executor tests build it the same way.
 */
export function createExecuteContext<Config>(input: Omit<ExecuteContext<Config>, 'render'>): ExecuteContext<Config> {
  return {
    ...input,
    render: (template) =>
      renderTemplate(template, { ...input.run.context, contact: input.contact, event: input.event }),
  };
}

/** What `executeForTest` fills in when a test leaves it out. */
export type TestContextOverrides = Partial<Omit<ExecuteContext<unknown>, 'render' | 'config'>>;

/**
 * Runs an executor on a raw config (parsed by its spec, defaults applied) with a plausible context:
 * a contact `c1` with no tags, settings defaults, `now` = 2026-01-01T00:00Z. For unit tests of nodes,
 * built-in or custom.
 *
 * @example
 * ```ts
 * const outcome = await executeForTest(tagExecutor, { add: ['vip'] });
 * expect(outcome).toEqual({ type: 'next', port: 'out', effects: [{ kind: 'tags', add: ['vip'], remove: [] }] });
 * ```
 */
export async function executeForTest<S extends AnyNodeSpec>(
  executor: NodeExecutor<S>,
  rawConfig: z.input<S['config']>,
  overrides: TestContextOverrides = {},
): Promise<Outcome> {
  const ctx = createExecuteContext({
    config: executor.spec.config.parse(rawConfig),
    node: { id: 'n1', type: executor.spec.type },
    contact: { id: 'c1', name: null, attributes: {}, tags: [] },
    run: { id: 'run_1', journeyId: 'j1', version: 1, contactId: 'c1', context: {} },
    settings: journeySettingsSchema.parse({}),
    now: Date.UTC(2026, 0, 1),
    attempt: 1,
    idempotencyKey: 'run_1:n1:1',
    ...overrides,
  });
  return executor.execute(ctx);
}
