import type { z } from 'zod';
import type { ContactSnapshot, EventSnapshot, NodeExecutor, Outcome, Resume, RunSnapshot } from '../core/define-executor.ts';
import type { AnyNodeSpec } from '../core/define-node.ts';
import { createExecuteContext } from '../core/execute-context.ts';
import { journeySettingsSchema, type JourneySettingsInput } from '../core/settings.ts';
import { workspaceSettingsSchema, type CarrierLimit, type WorkspaceSettingsInput } from '../core/workspace-settings.ts';
import { HARNESS_START } from './fake-clock.ts';

/** What a node test gives `runNode`; everything but `config` has a plausible default. */
export interface RunNodeInput<S extends AnyNodeSpec> {
  /** The node's config as the editor stores it: parsed by the spec, defaults applied. */
  config: z.input<S['config']>;
  /** The contact, on top of `{ id: 'c1', name: null, attributes: {}, tags: [] }`. */
  contact?: Partial<ContactSnapshot>;
  /** The run's context: what earlier nodes left (`offer`, `referral`, …). */
  context?: Record<string, unknown>;
  /** The event that started or last moved the run. */
  event?: EventSnapshot;
  /** Set to run the node as a parked run coming back: by its timer, or by the event it waited for. */
  resume?: Resume;
  /** Epoch milliseconds (default 2026-01-01T00:00Z). */
  now?: number;
  /** The journey settings (time zone, quiet hours, frequency cap, exit event), defaults applied. */
  settings?: JourneySettingsInput;
  /** The workspace settings (its frequency cap over all journeys), defaults applied. */
  workspace?: WorkspaceSettingsInput;
  /** The configured carriers' limits (default: none). */
  carrierLimits?: readonly CarrierLimit[];
  /** 1 (default) on the first try, 2, 3, … on retries. */
  attempt?: number;
  /** The node as it sits in the graph (default `{ id: 'n1' }`). */
  node?: { id?: string; label?: string };
  /** The run (default `run_1` of journey `j1`, version 1). */
  run?: Partial<Omit<RunSnapshot, 'context'>>;
}

/**
 * Runs one executor as the engine would: the config parsed by its spec, `ctx.render` over the contact,
 * the run context and the event, a stable idempotency key. For a node's own tests, built-in or custom.
 *
 * @example
 * ```ts
 * const outcome = await runNode(tagExecutor, { config: { add: ['vip'] } });
 * expect(outcome).toEqual({ type: 'next', port: 'out', effects: [{ kind: 'tags', add: ['vip'], remove: [] }] });
 * ```
 */
export async function runNode<S extends AnyNodeSpec>(executor: NodeExecutor<S>, input: RunNodeInput<S>): Promise<Outcome> {
  const contact: ContactSnapshot = { id: 'c1', name: null, attributes: {}, tags: [], ...input.contact };
  const run: RunSnapshot = { id: 'run_1', journeyId: 'j1', version: 1, contactId: contact.id, enteredAt: input.now ?? HARNESS_START, ...input.run, context: input.context ?? {} };
  const node = { id: input.node?.id ?? 'n1', type: executor.spec.type, ...(input.node?.label !== undefined ? { label: input.node.label } : {}) };
  const ctx = createExecuteContext({
    config: executor.spec.config.parse(input.config),
    node,
    contact,
    run,
    settings: journeySettingsSchema.parse(input.settings ?? {}),
    workspace: workspaceSettingsSchema.parse(input.workspace ?? {}),
    carrierLimits: input.carrierLimits ?? [],
    now: input.now ?? HARNESS_START,
    attempt: input.attempt ?? 1,
    idempotencyKey: `${run.id}:${node.id}:1`,
    ...(input.resume ? { resume: input.resume } : {}),
    ...(input.event ? { event: input.event } : {}),
  });
  return executor.execute(ctx);
}
