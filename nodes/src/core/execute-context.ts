import type { ExecuteContext } from './define-executor.ts';
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
