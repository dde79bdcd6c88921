import type { ContactSnapshot, Effect, EventSnapshot, NodeExecutor } from '../core/define-executor.ts';
import type { AnyNodeSpec } from '../core/define-node.ts';
import { namespacedNodes, type PluginDefinition } from '../core/define-plugin.ts';
import type { JourneyGraphInput } from '../core/graph.ts';
import { matchesTrigger, triggerOf, type EntryTrigger } from '../core/node-behaviour.ts';
import type { JourneySettingsInput } from '../core/settings.ts';
import type { RunState, StepRecord } from '../core/run-state.ts';
import { advanceRun, exitRun, newRun, type AdvanceResult, type Trigger } from '../engine/advance-run.ts';
import { outboxKeys } from '../core/run-state.ts';
import { compileJourney, type CompiledJourney, type CompiledNode } from '../engine/compile-journey.ts';
import { createWebhookExecutor, type WebhookRequest, type WebhookSender } from '../builtin/webhook/webhook.execute.ts';
import { builtinExecutors, ExecutorRegistry } from '../server.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

/** A contact the journey starts with; unknown contacts are created by their first event, as the API does. */
export type ContactInput = Pick<ContactSnapshot, 'id'> & Partial<Omit<ContactSnapshot, 'id'>>;

/** An event as `POST /api/events` takes it; `at` (epoch ms) is when it arrives, default the clock's start. */
export interface JourneyEventInput {
  contactId: string;
  type: string;
  properties?: Record<string, unknown>;
  at?: number;
}

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

/** One run as the journey left it. */
export interface SimulatedRun extends RunState {
  /** Node ids in the order the run went through them (a node it waited at appears once per visit). */
  path: string[];
  /** Every step, as the runtime records them for the contact's timeline. */
  steps: StepRecord[];
}

/** An effect with where it came from and its idempotency key. */
export interface SimulatedEffect {
  runId: string;
  contactId: string;
  nodeId: string;
  /** `<runId>:<nodeId>:<step>`, plus `:<n>` for a step's n-th effect of a kind. */
  idempotencyKey: string;
  at: number;
  effect: Effect;
}

/** What happened when `runJourney` ran a graph. */
export interface JourneyResult {
  /** Every run, in the order they started (ids `run_1`, `run_2`, …). */
  runs: SimulatedRun[];
  /** The contacts with their tags, offers and messages as the effects left them. */
  contacts: Record<string, ContactSnapshot>;
  effects: SimulatedEffect[];
  /** The `message` effects: what went to the outbox. */
  messages: (SimulatedEffect & { effect: Extract<Effect, { kind: 'message' }> })[];
  /** The webhook node's calls. */
  webhookCalls: WebhookRequest[];
  /** Where the clock ended. */
  now: number;
  /** The contact's latest run. */
  runOf(contactId: string): SimulatedRun | undefined;
}

const MAX_WAKE_UPS = 10_000;

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
  const simulation = new JourneySimulation(graph, options);
  await simulation.run(options);
  return simulation.result();
}

interface Entry {
  node: CompiledNode;
  trigger: EntryTrigger;
}

/** The in-memory runtime behind `runJourney`: one journey version, its runs and contacts. */
class JourneySimulation {
  readonly #clock: FakeClock;
  readonly #journey: CompiledJourney;
  readonly #entries: Entry[];
  readonly #contacts = new Map<string, ContactSnapshot>();
  readonly #runs = new Map<string, SimulatedRun>();
  readonly #entryEvents = new Map<string, EventSnapshot>();
  readonly #effects: SimulatedEffect[] = [];
  readonly #webhookCalls: WebhookRequest[] = [];
  #eventCount = 0;

  constructor(graph: JourneyGraphInput, options: RunJourneyOptions) {
    this.#clock = options.clock ?? createFakeClock();
    const send = options.webhook ?? (async () => {});
    const webhook = createWebhookExecutor(async (request) => {
      this.#webhookCalls.push(request);
      await send(request);
    });
    const executors = new ExecutorRegistry([...builtinExecutors, webhook, ...(options.plugins ?? []).flatMap(namespacedNodes), ...(options.nodes ?? [])]);
    this.#journey = compileJourney({ journeyId: 'j1', version: 1, graph, settings: options.settings ?? {} }, executors);
    this.#entries = [...this.#journey.nodes.values()].flatMap((node) => {
      const trigger = node.executor && !node.configError ? triggerOf(node.executor.spec, node.config) : undefined;
      return trigger ? [{ node, trigger }] : [];
    });
    for (const contact of options.contacts ?? []) this.#contact(contact.id, contact);
  }

  async run(options: RunJourneyOptions): Promise<void> {
    for (const contactId of options.enroll ?? []) {
      const entry = this.#entries[0];
      if (!entry) throw new Error('The journey has no entry to enrol contacts at');
      await this.#enrol(entry, contactId, undefined);
    }
    const start = this.#clock.now();
    const events = [...(options.events ?? [])].map((e, i) => ({ ...e, at: e.at ?? start, i })).sort((a, b) => a.at - b.at || a.i - b.i);
    for (const event of events) {
      await this.#fireTimers(event.at);
      await this.#deliver(event);
    }
    await this.#fireTimers(options.until ?? Infinity);
  }

  result(): JourneyResult {
    const runs = [...this.#runs.values()];
    return {
      runs,
      contacts: Object.fromEntries(this.#contacts),
      effects: this.#effects,
      messages: this.#effects.filter((e): e is JourneyResult['messages'][number] => e.effect.kind === 'message'),
      webhookCalls: this.#webhookCalls,
      now: this.#clock.now(),
      runOf: (contactId) => runs.findLast((r) => r.contactId === contactId),
    };
  }

  #contact(id: string, input?: ContactInput): ContactSnapshot {
    let contact = this.#contacts.get(id);
    if (!contact) {
      contact = { name: null, attributes: {}, tags: [], offers: [], ...input, id };
      if (this.#journey.settings.frequencyCap) contact.messages ??= [];
      this.#contacts.set(id, contact);
    }
    return contact;
  }

  /** Wakes due runs one by one, each at its own wake-up time, until none is due by `until`. */
  async #fireTimers(until: number): Promise<void> {
    for (let wakeUps = 0; ; wakeUps++) {
      let due: SimulatedRun | undefined;
      for (const run of this.#runs.values()) {
        if (run.status === 'waiting' && run.wakeAt !== null && run.wakeAt <= until && (!due || run.wakeAt < due.wakeAt!)) due = run;
      }
      if (!due) break;
      if (wakeUps >= MAX_WAKE_UPS) {
        throw new Error(`The journey is still waking runs after ${MAX_WAKE_UPS} wake-ups (a loop through a wait?): pass \`until\``);
      }
      if (due.wakeAt! > this.#clock.now()) this.#clock.set(due.wakeAt!);
      await this.#advance(due, { kind: 'timer' });
    }
    if (until !== Infinity && until > this.#clock.now()) this.#clock.set(until);
  }

  async #deliver(input: JourneyEventInput & { at: number }): Promise<void> {
    if (input.at > this.#clock.now()) this.#clock.set(input.at);
    const event: EventSnapshot = { id: `evt_${++this.#eventCount}`, type: input.type, properties: input.properties ?? {}, timestamp: input.at };
    this.#contact(input.contactId);
    for (const run of [...this.#runs.values()]) {
      if (run.contactId !== input.contactId || (run.status !== 'active' && run.status !== 'waiting')) continue;
      if (this.#journey.settings.exitEvent === event.type) {
        const { run: exited, step } = exitRun(run, this.#journey.nodes.get(run.nodeId)?.type ?? '', this.#clock.now());
        Object.assign(run, exited);
        run.steps.push(step);
      } else if (run.status === 'waiting' && run.waitingFor === event.type && matches(run.waitingMatch, event.properties)) {
        await this.#advance(run, { kind: 'event', event });
      }
    }
    const entry = this.#entries.find((e) => matchesTrigger(e.trigger, event));
    if (entry) await this.#enrol(entry, input.contactId, event);
  }

  /** Starts a run at `entry` unless its re-entry rule refuses the contact. */
  async #enrol(entry: Entry, contactId: string, event: EventSnapshot | undefined): Promise<void> {
    this.#contact(contactId);
    const earlier = [...this.#runs.values()].filter((r) => r.contactId === contactId);
    if (entry.trigger.reentry === 'once' && earlier.length > 0) return;
    if (entry.trigger.reentry === 'after_exit' && earlier.some((r) => r.status === 'active' || r.status === 'waiting')) return;
    const { journeyId, version } = this.#journey;
    const run: SimulatedRun = { ...newRun({ id: `run_${this.#runs.size + 1}`, journeyId, version, contactId, nodeId: entry.node.id }), path: [], steps: [] };
    this.#runs.set(run.id, run);
    if (event) this.#entryEvents.set(run.id, event);
    await this.#advance(run, { kind: 'enter' });
  }

  /** Advances a run until it blocks, as a worker's jobs would (a run out of steps for one job goes on in the next). */
  async #advance(run: SimulatedRun, trigger: Trigger): Promise<void> {
    let next: Trigger = trigger;
    do {
      const result = await advanceRun({
        journey: this.#journey,
        run,
        contact: this.#contacts.get(run.contactId)!,
        trigger: next,
        entryEvent: this.#entryEvents.get(run.id),
        now: this.#clock.now(),
        random: () => 0.5,
      });
      this.#commit(run, result);
      next = { kind: 'timer' };
    } while (run.status === 'active');
  }

  /** Applies a job's result as the runtime's commit does: the run, its steps, the contact's tags and offers, the effects. */
  #commit(run: SimulatedRun, result: AdvanceResult): void {
    const { path, steps } = run;
    Object.assign(run, result.run, { path, steps });
    for (const step of result.steps) {
      if (path[path.length - 1] !== step.nodeId || steps[steps.length - 1]?.outcome === 'next') path.push(step.nodeId);
      steps.push(step);
    }
    const contact: ContactSnapshot = { ...result.contact, offers: [...(result.contact.offers ?? [])] };
    const keys = outboxKeys(run.id, result.effects);
    for (const stepEffect of result.effects) {
      const { nodeId, seq, effect } = stepEffect;
      const idempotencyKey = keys.get(stepEffect) ?? `${run.id}:${nodeId}:${seq}`;
      this.#effects.push({ runId: run.id, contactId: run.contactId, nodeId, idempotencyKey, at: this.#clock.now(), effect });
      if (effect.kind === 'offer') {
        contact.offers!.unshift({ code: effect.code, journeyId: run.journeyId, nodeId, name: effect.name, expiresAt: effect.expiresAt, redeemed: false });
      }
    }
    this.#contacts.set(run.contactId, contact);
  }
}

function matches(match: Record<string, unknown> | null, properties: Record<string, unknown>): boolean {
  return match === null || Object.entries(match).every(([key, value]) => properties[key] === value);
}
