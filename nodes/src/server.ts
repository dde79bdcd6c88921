/** Server side of the node library: executors (no I/O; they return outcomes the runtime applies). */
import type { AnyNodeSpec } from './core/define-node.ts';
import type { NodeExecutor } from './core/define-executor.ts';
import { abSplitExecutor } from './builtin/ab-split/ab-split.execute.ts';
import { conditionExecutor } from './builtin/condition/condition.execute.ts';
import { contentPushExecutor } from './builtin/content-push/content-push.execute.ts';
import { entryExecutor } from './builtin/entry/entry.execute.ts';
import { exitExecutor } from './builtin/exit/exit.execute.ts';
import { goalExecutor } from './builtin/goal/goal.execute.ts';
import { membershipUpsellExecutor } from './builtin/membership-upsell/membership-upsell.execute.ts';
import { offerExecutor } from './builtin/offer/offer.execute.ts';
import { referralRewardExecutor } from './builtin/referral-reward/referral-reward.execute.ts';
import { tagExecutor } from './builtin/tag/tag.execute.ts';
import { waitExecutor } from './builtin/wait/wait.execute.ts';
import { waitEventExecutor } from './builtin/wait-event/wait-event.execute.ts';

export * from './core/define-executor.ts';
export * from './core/execute-context.ts';
export * from './core/run-state.ts';
export * from './core/event-counts.ts';
export * from './core/zoned-time.ts';
export { generateOfferCode, normalizeOfferCode, referralCodeFor } from './builtin/offer/offer-code.ts';
export { REFERRAL_QUALIFIED_EVENT } from './builtin/referral-reward/referral-reward.execute.ts';
export { MEMBERSHIP_PURCHASED_EVENT } from './builtin/membership-upsell/membership-upsell.execute.ts';
export { createWebhookExecutor, type WebhookRequest, type WebhookSender } from './builtin/webhook/webhook.execute.ts';
export {
  abSplitExecutor,
  conditionExecutor,
  contentPushExecutor,
  entryExecutor,
  exitExecutor,
  goalExecutor,
  membershipUpsellExecutor,
  offerExecutor,
  referralRewardExecutor,
  tagExecutor,
  waitEventExecutor,
  waitExecutor,
};

/**
 * The built-in executors that need nothing from the runtime. The webhook node's executor does I/O, so
 * the runtime builds it with `createWebhookExecutor` around its address-checking HTTP sender.
 */
export const builtinExecutors: readonly NodeExecutor<AnyNodeSpec>[] = [
  entryExecutor,
  tagExecutor,
  contentPushExecutor,
  waitExecutor,
  waitEventExecutor,
  abSplitExecutor,
  conditionExecutor,
  goalExecutor,
  exitExecutor,
  offerExecutor,
  referralRewardExecutor,
  membershipUpsellExecutor,
];

/**
 * The executors a runtime can run, by node type: the built-ins plus any custom ones.
 *
 * @example
 * ```ts
 * const executors = new ExecutorRegistry(builtinExecutors);
 * executors.register(defineExecutor(mySpec, { execute: () => ({ type: 'next', port: 'out' }) }));
 * executors.get('tag')?.spec.title.en; // "Tag"
 * ```
 */
export class ExecutorRegistry {
  readonly #executors = new Map<string, NodeExecutor<AnyNodeSpec>>();

  constructor(executors: readonly NodeExecutor<AnyNodeSpec>[] = builtinExecutors) {
    for (const executor of executors) this.register(executor);
  }

  /** Adds the executor of a node type; a type can have one. */
  register(executor: NodeExecutor<AnyNodeSpec>): void {
    const type = executor.spec.type;
    if (this.#executors.has(type)) throw new Error(`Node type "${type}" already has an executor`);
    this.#executors.set(type, executor);
  }

  get(type: string): NodeExecutor<AnyNodeSpec> | undefined {
    return this.#executors.get(type);
  }

  types(): string[] {
    return [...this.#executors.keys()];
  }
}
