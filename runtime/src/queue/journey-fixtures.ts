import type { Store } from '@journey/db';
import type { JourneyGraphInput, JourneySettingsInput } from '@journey/nodes';
import { journeyGraphSchema, journeySettingsSchema } from '@journey/nodes';

/** A node of `chainGraph`: id, type, config and the port that leads to the next node (default `out`). */
export type ChainNode = [id: string, type: string, config?: Record<string, unknown>, port?: string];

/** A graph of nodes joined one after the other. */
export function chainGraph(nodes: readonly ChainNode[]): JourneyGraphInput {
  return {
    nodes: nodes.map(([id, type, config]) => ({ id, type, position: { x: 0, y: 0 }, config: config ?? {} })),
    edges: nodes.slice(1).map(([id], i) => ({ id: `e${i}`, source: nodes[i]![0], sourceHandle: nodes[i]![3] ?? 'out', target: id })),
  };
}

/**
 * Writes a live journey and its version 1 through the store, as publishing does (without validation), for tests and
 * benchmarks of the runtime without the HTTP API.
 */
export async function insertLiveJourney(
  store: Store,
  journey: { id: string; graph: JourneyGraphInput; settings?: JourneySettingsInput; now?: number },
): Promise<void> {
  const graph = journeyGraphSchema.parse(journey.graph);
  const settings = journeySettingsSchema.parse(journey.settings ?? {});
  const now = journey.now ?? Date.now();
  await store.journeys.create({ id: journey.id, name: journey.id, status: 'draft', graph, settings, publishedVersion: null, pausedEntries: null, revision: 1, createdAt: now, updatedAt: now });
  await store.journeys.publish({ journeyId: journey.id, version: 1, graph, settings, publishedAt: now, publishedBy: null, note: null }, 1, now);
}
