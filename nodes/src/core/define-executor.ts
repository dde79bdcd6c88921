import type { z } from 'zod';
import type { AnyNodeSpec, NodeSpec } from './define-node.ts';
import type { RewardKind } from './fields.ts';
import type { JourneySettings } from './settings.ts';
import type { CarrierLimit, MessagePriority, WorkspaceSettings } from './workspace-settings.ts';

/** The contact as an executor sees it; the engine applies earlier effects of the same job to it. */
export interface ContactSnapshot {
  id: string;
  name: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
  /** Membership cards the contact holds (active or expired); absent where the runtime does not load them. */
  memberships?: MembershipSnapshot[];
  /** Stored-value balance, in the currency's main unit. */
  balance?: number;
  /** Offers issued to the contact, newest first. */
  offers?: OfferSnapshot[];
  /**
   * Marketing messages every journey wrote to the contact's outbox within the widest frequency-cap
   * window (the journey's and the workspace's), this job's included; absent where no cap applies.
   * Transactional messages count toward no cap and are not listed.
   */
  messages?: SentMessageSnapshot[];
  /**
   * Channels the contact opted out of (`ALL_CHANNELS` for every channel), for nodes that send
   * (`defineNode({ sends: true })`); absent elsewhere.
   */
  optedOut?: string[];
  /**
   * How often the contact did what the journey's nodes ask about (`NodeSpec.eventCounts`), by
   * `eventCountKey`; loaded by the runtime before the run's step.
   */
  eventCounts?: Record<string, number>;
}

/** A message written to a contact's outbox; `at` is epoch milliseconds. */
export interface SentMessageSnapshot {
  journeyId: string;
  channel: string;
  at: number;
}

/** A membership card on a contact. `expiresAt` is epoch milliseconds. */
export interface MembershipSnapshot {
  planId: string;
  tier: string;
  status: 'active' | 'expired';
  expiresAt: number;
}

/** An offer issued to a contact. */
export interface OfferSnapshot {
  code: string;
  journeyId: string;
  nodeId: string;
  name: string;
  expiresAt: number;
  redeemed: boolean;
}

/** A stored event. `timestamp` is epoch milliseconds. */
export interface EventSnapshot {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  timestamp: number;
}

/** The run as an executor sees it; `context` carries what earlier nodes left (offer, referral, …). */
export interface RunSnapshot {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  context: Record<string, unknown>;
  /** When the run entered the journey (epoch ms): "since entering" counts from here. */
  enteredAt: number;
}

/**
 * What happens outside the run because of a step. The engine returns effects; the runtime commits them
 * with the step in one transaction (messages go to the outbox and are delivered exactly once).
 *
 * @example
 * ```ts
 * const effects: Effect[] = [
 *   { kind: 'tags', add: ['vip'], remove: [] },
 *   { kind: 'message', channel: 'sms', title: '', body: ctx.render('{{contact.name}}，欢迎回来') },
 * ];
 * ```
 */
export type Effect =
  /** A message for a person; `priority` absent = `marketing` (see `MESSAGE_PRIORITIES`). */
  | { kind: 'message'; channel: string; title: string; body: string; priority?: MessagePriority }
  | { kind: 'tags'; add: string[]; remove: string[] }
  | { kind: 'goal'; name: string }
  /** An offer with a unique code; a colliding code fails the step, which retries with a new one. */
  | {
      kind: 'offer';
      code: string;
      offerKind: string;
      name: string;
      value: number;
      /** A coupon's minimum spend (满 threshold 减 value); absent or 0 = none. */
      threshold?: number;
      currency: string;
      expiresAt: number;
    }
  /** The contact's referral code, stored once per contact. */
  | { kind: 'referral_code'; code: string }
  /**
   * A referral reward; a `balance` reward is also a ledger credit, a `coupon` reward an offer with `code`
   * (and its minimum spend, `threshold`).
   */
  | { kind: 'reward'; rewardKind: RewardKind; amount: number; code?: string; threshold?: number }
  | CallEffect;

/**
 * An outside call through one of the plugin's call channels (`defineChannel({ kind: 'call' })`), made
 * with `channel.effect(payload)`. `channel` is the channel's own name; the runtime resolves it within
 * the plugin of the node that returned the effect and delivers it after the step commits.
 */
export interface CallEffect {
  kind: 'call';
  channel: string;
  /** JSON: the call's arguments, already checked by the channel's payload schema. */
  payload: Record<string, unknown>;
}

/** Why a parked run came back to its node. */
export type Resume = { reason: 'timer' } | { reason: 'event'; event: EventSnapshot };

/**
 * Everything an executor may read. It does no I/O: it returns an outcome, the runtime does the rest.
 * `config` is typed by the spec's schema, defaults applied.
 *
 * @example
 * ```ts
 * execute: ({ config, contact, now, resume, render }) => {
 *   if (resume) return { type: 'next', port: 'out' };
 *   const body = render(`{{contact.name | 朋友}}，${config.greeting}`);
 *   return { type: 'wait', until: now + 3_600_000, effects: [{ kind: 'message', channel: 'sms', title: '', body }] };
 * }
 * ```
 */
export interface ExecuteContext<Config> {
  config: Config;
  node: { id: string; type: string; label?: string | undefined };
  contact: ContactSnapshot;
  run: RunSnapshot;
  settings: JourneySettings;
  /** The workspace's settings (its frequency cap over all journeys). */
  workspace: WorkspaceSettings;
  /** The limits of the carriers configured in this deployment (WeCom's monthly mass messages), by channel. */
  carrierLimits: readonly CarrierLimit[];
  /** Epoch milliseconds; a fake clock in tests. */
  now: number;
  /** 1 on the first try of this step, then 2, 3, … on retries. */
  attempt: number;
  /**
   * The same for every attempt of this visit to the node (`<runId>:<nodeId>:<step>` of its first try):
   * what an executor sends to an outside system so that a retry is recognised as a repeat.
   */
  idempotencyKey: string;
  /** Set when a parked run returns to this node. */
  resume?: Resume;
  /** The event that started the run or last moved it. */
  event?: EventSnapshot;
  /** Renders a template against the contact, the run context and the event. */
  render(template: string): string;
}

/**
 * What an executor decides: leave by a port, park the run, or end it. Effects are committed with the
 * step; `context` is kept on the run for later nodes (and their templates).
 *
 * @example
 * ```ts
 * const leave: Outcome<'yes' | 'no'> = { type: 'next', port: 'yes', context: { score: 3 } };
 * const park: Outcome = { type: 'wait', until: now + 86_400_000, event: { type: 'order.paid' } };
 * ```
 */
export type Outcome<Port extends string = string> =
  /**
   * Leave by `port`; `context` is merged into the run's context. `reason`: a code saying why the node
   * skipped its work (`consent.opted_out`), recorded on the step for the timeline. `detail` (JSON) is
   * kept with the step for the contact's timeline: why this port (a condition's deciding rule and its values).
   */
  | { type: 'next'; port: Port; effects?: Effect[]; context?: Record<string, unknown>; reason?: string; detail?: Record<string, unknown> }
  /**
   * Park the run at this node until `until` (epoch ms) or, with `event`, until that event arrives
   * (whichever first). The executor is called again with `resume` set. With `reason` (a code such as
   * `frequency_cap.workspace`, see `HOLD_REASONS`) the run is *held*: it would have gone on now, and
   * goes at `until`; the monitor shows it held with the reason and that time.
   */
  | {
      type: 'wait';
      until: number | null;
      reason?: string;
      event?: { type: string; match?: Record<string, unknown> };
      effects?: Effect[];
      context?: Record<string, unknown>;
    }
  /** End the run here (status `completed`: the contact reached the journey's end). */
  | { type: 'end'; effects?: Effect[] };

type PortOf<S> = S extends NodeSpec<string, z.ZodType, infer P> ? P : string;
type ConfigOf<S> = S extends NodeSpec<string, infer C, string> ? z.output<C> : never;

/** The server half of a node type: its spec and the function that runs it (see `defineExecutor`). */
export interface NodeExecutor<S extends AnyNodeSpec = AnyNodeSpec> {
  spec: S;
  execute(ctx: ExecuteContext<ConfigOf<S>>): Outcome<PortOf<S>> | Promise<Outcome<PortOf<S>>>;
  /** Attempts before the run fails (default 3). */
  maxAttempts?: number;
}

/**
 * Gives a node type its server-side behaviour. `ctx.config` is typed from the spec's schema, and
 * returning a port the spec does not declare does not compile.
 *
 * @example
 * ```ts
 * export const goalExecutor = defineExecutor(goalSpec, {
 *   execute: ({ config }) => ({ type: 'next', port: 'out', effects: [{ kind: 'goal', name: config.name }] }),
 * });
 * ```
 */
export function defineExecutor<S extends AnyNodeSpec>(
  spec: S,
  impl: Omit<NodeExecutor<S>, 'spec'>,
): NodeExecutor<S> {
  return { spec, ...impl };
}
