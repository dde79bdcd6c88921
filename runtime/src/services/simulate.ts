import type { Store } from '@journey/db';
import { durationMs, webhookSpec, type Duration, type JourneyGraph, type JourneySettings } from '@journey/nodes';
import { simulateJourney, type SimulatedContactInput, type SimulatedRun, type SimulationResult } from '@journey/nodes/engine';
import { createWebhookExecutor, ExecutorRegistry, type ContactSnapshot } from '@journey/nodes/server';
import { InvalidInput } from '../domain-errors.ts';
import { findJourney } from './journeys.ts';

/** A sample contact of a dry run: one from the store, read as the runtime would, or one described here. */
export type SampleContact =
  | { kind: 'stored'; contactId: string }
  | { kind: 'described'; contactId: string; name?: string | undefined; tags: string[]; attributes: Record<string, unknown> };

/** An event a sample contact sends, `after` the simulation's start. */
export interface SampleEvent {
  contactId: string;
  type: string;
  properties: Record<string, unknown>;
  after: Duration;
}

/** What `simulateDraft` runs: sample contacts and their events, over a graph (default: the journey's draft). */
export interface SimulationRequest {
  contacts: SampleContact[];
  events: SampleEvent[];
  graph?: JourneyGraph | undefined;
  settings?: JourneySettings | undefined;
  /** Epoch ms the fake clock starts at (default: now). */
  start?: number | undefined;
  /** How far the clock runs; runs still waiting then are shown waiting. */
  horizon: Duration;
}

/** One run of a sample contact, as the launch review shows it. Times are ISO strings. */
export interface SimulatedRunView {
  entry: { nodeId: string; at: string; by: 'event' | 'enroll'; eventType: string | null; source: string | null };
  /** `waiting` when the run still waits at the horizon (then `nodeId` and `wakeAt` say where and until when). */
  status: SimulatedRun['status'];
  nodeId: string;
  wakeAt: string | null;
  waitingFor: string | null;
  endedAt: string | null;
  error: string | null;
  steps: { nodeId: string; nodeType: string; at: string; outcome: string; port: string | null; error: string | null }[];
  messages: { nodeId: string; at: string; channel: string; title: string; body: string }[];
  waits: { nodeId: string; at: string; until: string | null; event: string | null; reason: 'wait' | 'retry' }[];
  /** Tags, offers, rewards, memberships and plugin calls, as the commit would have applied them. */
  effects: { nodeId: string; at: string; kind: string; detail: Record<string, unknown> }[];
}

export interface SimulationView {
  start: string;
  horizon: string;
  contacts: { contactId: string; name: string | null; tags: string[]; runs: SimulatedRunView[] }[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * The executors with the webhook node's sender replaced by one that calls nobody (a dry run reaches no
 * outside address); every other executor returns effects and does no I/O of its own.
 */
function dryRunExecutors(executors: ExecutorRegistry): ExecutorRegistry {
  const silentWebhook = createWebhookExecutor(async () => {});
  return new ExecutorRegistry(executors.types().map((type) => (type === webhookSpec.type ? silentWebhook : executors.get(type)!)));
}

/**
 * Dry-runs a journey on the real engine and a fake clock: each sample contact's path, the messages it
 * would get (rendered), its waits with their wake-up times and where it ends by the horizon. Reads the
 * journey and stored sample contacts; writes nothing. A contact without events is enrolled at the start
 * through the first entry, as `POST /api/journeys/:id/enroll` does; one with events enters only by them.
 *
 * @throws NotFound when the journey does not exist; InvalidInput naming the field for an unknown stored
 * contact or an event of a contact not among the samples
 */
export async function simulateDraft(store: Store, executors: ExecutorRegistry, journeyId: string, request: SimulationRequest, now: number): Promise<SimulationView> {
  const journey = await findJourney(store, journeyId);
  const sampleIds = new Set(request.contacts.map((c) => c.contactId));
  request.events.forEach((event, i) => {
    if (!sampleIds.has(event.contactId)) {
      throw new InvalidInput('unknown_sample_contact', `Event ${i + 1} is for ${event.contactId}, who is not among the sample contacts`, [{ in: 'json', path: ['events', i, 'contactId'] }]);
    }
  });
  const storedIds = request.contacts.filter((c) => c.kind === 'stored').map((c) => c.contactId);
  const stored = storedIds.length > 0 ? (await store.runs.stepInputs({ contactIds: storedIds, eventIds: [], sentSince: null, optOutsOf: [] })).contacts : new Map<string, ContactSnapshot>();
  const contacts: SimulatedContactInput[] = request.contacts.map((sample, i) => {
    if (sample.kind === 'described') return { id: sample.contactId, name: sample.name ?? null, tags: [...sample.tags], attributes: sample.attributes };
    const found = stored.get(sample.contactId);
    if (!found) throw new InvalidInput('unknown_contact', `Contact ${sample.contactId} does not exist`, [{ in: 'json', path: ['contacts', i, 'contactId'] }]);
    return found;
  });

  const start = request.start ?? now;
  const until = start + durationMs(request.horizon);
  let clock = start;
  const withEvents = new Set(request.events.map((e) => e.contactId));
  const result = await simulateJourney(request.graph ?? journey.graph, {
    executors: dryRunExecutors(executors),
    settings: request.settings ?? journey.settings,
    journeyId,
    version: (journey.publishedVersion ?? 0) + 1,
    contacts,
    events: request.events.map((e) => ({ contactId: e.contactId, type: e.type, properties: e.properties, at: start + durationMs(e.after) })),
    enroll: contacts.map((c) => c.id).filter((id) => !withEvents.has(id)),
    clock: { now: () => clock, set: (at) => void (clock = Math.max(clock, at)) },
    until,
  });
  return {
    start: iso(start),
    horizon: iso(until),
    contacts: contacts.map((contact) => {
      const after = result.contacts[contact.id]!;
      return { contactId: contact.id, name: after.name, tags: after.tags, runs: result.runs.filter((r) => r.contactId === contact.id).map((run) => runView(run, result)) };
    }),
  };
}

function runView(run: SimulatedRun, result: SimulationResult): SimulatedRunView {
  const effects = result.effects.filter((e) => e.runId === run.id);
  return {
    entry: { ...run.entry, at: iso(run.entry.at) },
    status: run.status,
    nodeId: run.nodeId,
    wakeAt: isoOrNull(run.wakeAt),
    waitingFor: run.waitingFor,
    endedAt: isoOrNull(run.endedAt),
    error: run.error,
    steps: run.steps.map((s) => ({ nodeId: s.nodeId, nodeType: s.nodeType, at: iso(s.startedAt), outcome: s.outcome, port: s.port, error: s.error })),
    messages: effects.flatMap(({ nodeId, at, effect }) =>
      effect.kind === 'message' ? [{ nodeId, at: iso(at), channel: effect.channel, title: effect.title, body: effect.body }] : [],
    ),
    waits: run.waits.map((w) => ({ ...w, at: iso(w.at), until: isoOrNull(w.until) })),
    effects: effects.flatMap(({ nodeId, at, effect }) => {
      if (effect.kind === 'message') return [];
      const { kind, ...detail } = effect;
      return [{ nodeId, at: iso(at), kind, detail }];
    }),
  };
}
