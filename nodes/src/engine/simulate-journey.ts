import type { ContactSnapshot, Effect, EventSnapshot } from '../core/define-executor.ts';
import type { JourneyGraphInput } from '../core/graph.ts';
import { matchesTrigger, triggerOf, type EntryTrigger } from '../core/node-behaviour.ts';
import { outboxKeys, type RunState, type StepRecord } from '../core/run-state.ts';
import type { JourneySettingsInput } from '../core/settings.ts';
import type { ExecutorRegistry } from '../server.ts';
import { advanceRun, exitRun, newRun, propertiesMatch, type AdvanceResult, type Trigger } from './advance-run.ts';
import { compileJourney, type CompiledJourney, type CompiledNode } from './compile-journey.ts';
import { eventCountKey, eventCountQuery } from '../core/event-counts.ts';

/** A contact the simulation starts with; unknown contacts are created by their first event, as the API does. */
export type SimulatedContactInput = Pick<ContactSnapshot, 'id'> & Partial<Omit<ContactSnapshot, 'id'>>;

/** An event as `POST /api/events` takes it; `at` (epoch ms) is when it arrives, default the clock's start. */
export interface SimulatedEventInput {
  contactId: string;
  type: string;
  properties?: Record<string, unknown>;
  at?: number;
}

/** The time a simulation moves: it is set to each event and each wake-up, never back. */
export interface SimulationClock {
  now(): number;
  set(at: number): void;
}

/** What `simulateJourney` runs a graph with. */
export interface SimulateJourneyOptions {
  /** The executors of every node type the graph uses (none may do I/O of its own: the webhook node's sender is the caller's). */
  executors: ExecutorRegistry;
  settings?: JourneySettingsInput;
  /** Names the runs' journey and version (default `j1`, version 1). */
  journeyId?: string;
  version?: number;
  contacts?: readonly SimulatedContactInput[];
  /** Events in any order; they are delivered in time order, timers firing in between. */
  events?: readonly SimulatedEventInput[];
  /** Contacts enrolled at the start through the first entry, as `POST /api/journeys/:id/enroll` does. */
  enroll?: readonly string[];
  clock: SimulationClock;
  /**
   * Keep running timers up to this time (epoch ms). Without it the journey runs until no timer is left;
   * a journey that keeps waking (a loop through a wait) then stops with an error after 10 000 wake-ups.
   */
  until?: number;
}

/** A park of a run: a wait node's wait (until a time, an event or both) or a retry's back-off. */
export interface SimulatedWait {
  nodeId: string;
  /** When the run parked. */
  at: number;
  /** When it wakes (epoch ms); `null` when only an event moves it. */
  until: number | null;
  /** The event type it waits for, if any. */
  event: string | null;
  reason: 'wait' | 'retry';
}

/** How a run entered: an event matching an entry (with its `source`, if any) or an enrolment. */
export interface SimulatedEntry {
  nodeId: string;
  at: number;
  by: 'event' | 'enroll';
  eventType: string | null;
  source: string | null;
}

/** One run as the simulation left it. */
export interface SimulatedRun extends RunState {
  /** Node ids in the order the run went through them (a node it waited at appears once per visit). */
  path: string[];
  /** Every step, as the runtime records them for the contact's timeline. */
  steps: StepRecord[];
  /** Every time the run parked, in order. */
  waits: SimulatedWait[];
  entry: SimulatedEntry;
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

/** What happened when a simulation ran a graph. */
export interface SimulationResult {
  /** Every run, in the order they started (ids `run_1`, `run_2`, …). */
  runs: SimulatedRun[];
  /** The contacts with their tags, offers and messages as the effects left them. */
  contacts: Record<string, ContactSnapshot>;
  effects: SimulatedEffect[];
  /** The `message` effects: what went to the outbox. */
  messages: (SimulatedEffect & { effect: Extract<Effect, { kind: 'message' }> })[];
  /** Where the clock ended. */
  now: number;
  /** The contact's latest run. */
  runOf(contactId: string): SimulatedRun | undefined;
}

const MAX_WAKE_UPS = 10_000;

/**
 * Runs a journey graph in memory on the engine the runtime commits with, on the caller's clock: events
 * enrol contacts through entries (their declared triggers and re-entry rules), resume waiting runs and
 * apply the exit event; timers fire in time order; failing steps retry with back-off. Nothing is
 * stored: the launch review's dry run (`POST /api/journeys/:id/simulate`) and the SDK's `runJourney`
 * are this.
 *
 * @example
 * ```ts
 * const result = await simulateJourney(graph, { executors: new ExecutorRegistry(), clock, enroll: ['c1'] });
 * result.runOf('c1')?.status; // "completed"
 * ```
 */
export async function simulateJourney(graph: JourneyGraphInput, options: SimulateJourneyOptions): Promise<SimulationResult> {
  const simulation = new JourneySimulation(graph, options);
  await simulation.run(options);
  return simulation.result();
}

interface Entry {
  node: CompiledNode;
  trigger: EntryTrigger;
}

/** The in-memory runtime behind `simulateJourney`: one journey version, its runs and contacts. */
class JourneySimulation {
  readonly #clock: SimulationClock;
  readonly #journey: CompiledJourney;
  readonly #entries: Entry[];
  readonly #contacts = new Map<string, ContactSnapshot>();
  readonly #runs = new Map<string, SimulatedRun>();
  readonly #entryEvents = new Map<string, EventSnapshot>();
  readonly #effects: SimulatedEffect[] = [];
  /** Every event delivered, by contact: what the journey's behaviour counts (`NodeSpec.eventCounts`) count. */
  readonly #events = new Map<string, EventSnapshot[]>();
  #eventCount = 0;

  constructor(graph: JourneyGraphInput, options: SimulateJourneyOptions) {
    this.#clock = options.clock;
    this.#journey = compileJourney(
      { journeyId: options.journeyId ?? 'j1', version: options.version ?? 1, graph, settings: options.settings ?? {} },
      options.executors,
    );
    this.#entries = [...this.#journey.nodes.values()].flatMap((node) => {
      const trigger = node.executor && !node.configError ? triggerOf(node.executor.spec, node.config) : undefined;
      return trigger ? [{ node, trigger }] : [];
    });
    for (const contact of options.contacts ?? []) this.#contact(contact.id, contact);
  }

  async run(options: SimulateJourneyOptions): Promise<void> {
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

  result(): SimulationResult {
    const runs = [...this.#runs.values()];
    return {
      runs,
      contacts: Object.fromEntries(this.#contacts),
      effects: this.#effects,
      messages: this.#effects.filter((e): e is SimulationResult['messages'][number] => e.effect.kind === 'message'),
      now: this.#clock.now(),
      runOf: (contactId) => runs.findLast((r) => r.contactId === contactId),
    };
  }

  #contact(id: string, input?: SimulatedContactInput): ContactSnapshot {
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

  async #deliver(input: SimulatedEventInput & { at: number }): Promise<void> {
    if (input.at > this.#clock.now()) this.#clock.set(input.at);
    const event: EventSnapshot = { id: `evt_${++this.#eventCount}`, type: input.type, properties: input.properties ?? {}, timestamp: input.at };
    this.#contact(input.contactId);
    this.#events.set(input.contactId, [...(this.#events.get(input.contactId) ?? []), event]);
    for (const run of [...this.#runs.values()]) {
      if (run.contactId !== input.contactId || (run.status !== 'active' && run.status !== 'waiting')) continue;
      if (this.#journey.settings.exitEvent === event.type) {
        const { run: exited, step } = exitRun(run, this.#journey.nodes.get(run.nodeId)?.type ?? '', this.#clock.now());
        Object.assign(run, exited);
        run.steps.push(step);
      } else if (run.status === 'waiting' && run.waitingFor === event.type && propertiesMatch(run.waitingMatch, event.properties)) {
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
    const source = event?.properties.source;
    const run: SimulatedRun = {
      ...newRun({ id: `run_${this.#runs.size + 1}`, journeyId, version, contactId, nodeId: entry.node.id }),
      path: [],
      steps: [],
      waits: [],
      entry: {
        nodeId: entry.node.id,
        at: this.#clock.now(),
        by: event ? 'event' : 'enroll',
        eventType: event?.type ?? null,
        source: typeof source === 'string' ? source : null,
      },
    };
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
        contact: this.#withEventCounts(this.#contacts.get(run.contactId)!, run.entry.at),
        enteredAt: run.entry.at,
        trigger: next,
        entryEvent: this.#entryEvents.get(run.id),
        now: this.#clock.now(),
        random: () => 0.5,
      });
      this.#commit(run, result);
      next = { kind: 'timer' };
    } while (run.status === 'active');
  }

  /** The contact with the counts the journey's nodes read, as the runtime loads them before a step. */
  #withEventCounts(contact: ContactSnapshot, enteredAt: number): ContactSnapshot {
    if (this.#journey.eventCounts.length === 0) return contact;
    const now = this.#clock.now();
    const events = this.#events.get(contact.id) ?? [];
    const eventCounts: Record<string, number> = {};
    for (const need of this.#journey.eventCounts) {
      const query = eventCountQuery(need, now, enteredAt);
      eventCounts[eventCountKey(query)] = events.filter(
        (e) => e.type === query.event && e.timestamp >= query.since && propertiesMatch(query.properties, e.properties),
      ).length;
    }
    return { ...contact, eventCounts };
  }

  /** Applies a job's result as the runtime's commit does: the run, its steps, the contact's tags and offers, the effects. */
  #commit(run: SimulatedRun, result: AdvanceResult): void {
    const { path, steps, waits, entry } = run;
    Object.assign(run, result.run, { path, steps, waits, entry });
    for (const step of result.steps) {
      if (path[path.length - 1] !== step.nodeId || steps[steps.length - 1]?.outcome === 'next') path.push(step.nodeId);
      steps.push(step);
    }
    const last = result.steps[result.steps.length - 1];
    if (run.status === 'waiting' && last) {
      waits.push({ nodeId: run.nodeId, at: this.#clock.now(), until: run.wakeAt, event: run.waitingFor, reason: last.outcome === 'error' ? 'retry' : 'wait' });
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
