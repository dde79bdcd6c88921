import type { NodeExecutor } from '../core/define-executor.ts';
import type { AnyNodeSpec } from '../core/define-node.ts';
import { namespacedNodes, type PluginDefinition } from '../core/define-plugin.ts';
import type { JourneyGraphInput } from '../core/graph.ts';
import type { JourneySettingsInput } from '../core/settings.ts';
import { simulateJourney, type SimulatedContactInput, type SimulatedEventInput, type SimulationResult } from '../engine/simulate-journey.ts';
import { createWebhookExecutor, type WebhookRequest, type WebhookSender } from '../builtin/webhook/webhook.execute.ts';
import { builtinExecutors, ExecutorRegistry } from '../server.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

export type { SimulatedEffect, SimulatedRun } from '../engine/simulate-journey.ts';

/** A contact the journey starts with; unknown contacts are created by their first event, as the API does. */
export type ContactInput = SimulatedContactInput;

/** An event as `POST /api/events` takes it; `at` (epoch ms) is when it arrives, default the clock's start. */
export type JourneyEventInput = SimulatedEventInput;

/** What `runJourney` runs a graph with. */
export interface RunJourneyOptions {
  contacts?: readonly ContactInput[];
  /** Events in any order; they are delivered in time order, timers firing in between. */
  events?: readonly JourneyEventInput[];
  /** Contacts enrolled at the start through the first entry, as `POST /api/journeys/:id/enroll` does. */
  enroll?: readonly string[];
  /** The clock the run moves (default: a fake clock at 2026-01-01T00:00Z). It ends at the last event or wake-up. */
  clock?: FakeClock;
  settings?: JourneySettingsInput;
  /** Plugins whose node types the graph uses, namespaced as the loader does (`points/award`). */
  plugins?: readonly PluginDefinition[];
  /** Executors of node types besides the built-ins and plugins, registered under their spec's `type`. */
  nodes?: readonly NodeExecutor<AnyNodeSpec>[];
  /** Answers the webhook node's calls (default: every call succeeds); each call is in `webhookCalls` too. */
  webhook?: WebhookSender;
  /**
   * Keep running timers up to this time (epoch ms). Without it the journey runs until no timer is left;
   * a journey that keeps waking (a loop through a wait) then stops with an error after 10 000 wake-ups.
   */
  until?: number;
}

/** What happened when `runJourney` ran a graph. */
export interface JourneyResult extends SimulationResult {
  /** The webhook node's calls. */
  webhookCalls: WebhookRequest[];
}

/**
 * Runs a journey graph in memory on the real engine — the one the runtime commits — with a fake
 * clock: events enrol contacts through entries (their declared triggers and re-entry rules), resume
 * waiting runs and apply the exit event; timers fire in time order; failing steps retry with back-off.
 * For tests of journeys and of custom nodes inside them.
 *
 * @example
 * ```ts
 * const result = await runJourney(graph, {
 *   contacts: [{ id: 'c1', name: '小王' }],
 *   events: [{ contactId: 'c1', type: 'contact.acquired', properties: { source: 'douyin_live' } }],
 * });
 * result.runOf('c1')?.path; // ['entry', 'tag', 'push', 'wait', 'push2']
 * result.messages.map((m) => m.effect.body); // ['你好 小王', …]
 * ```
 */
export async function runJourney(graph: JourneyGraphInput, options: RunJourneyOptions = {}): Promise<JourneyResult> {
  const webhookCalls: WebhookRequest[] = [];
  const send = options.webhook ?? (async () => {});
  const webhook = createWebhookExecutor(async (request) => {
    webhookCalls.push(request);
    await send(request);
  });
  const executors = new ExecutorRegistry([...builtinExecutors, webhook, ...(options.plugins ?? []).flatMap(namespacedNodes), ...(options.nodes ?? [])]);
  const result = await simulateJourney(graph, {
    executors,
    clock: options.clock ?? createFakeClock(),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.contacts ? { contacts: options.contacts } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.enroll ? { enroll: options.enroll } : {}),
    ...(options.until === undefined ? {} : { until: options.until }),
  });
  return { ...result, webhookCalls };
}
