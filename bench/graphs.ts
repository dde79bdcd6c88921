/**
 * Graph requests at the size limits (issue #14): how long the journey routes that read a whole graph
 * take, and the longest stretch any of them holds the event loop, for the largest graphs the limits
 * allow — 2 nodes joined by `GRAPH_LIMITS.edges` edges (the shape that took 21 s when validation was
 * quadratic), and the largest journey of the editor benchmark's kind that fits in a request body
 * (`BODY_LIMITS.default`; `GRAPH_LIMITS.nodes` of them would not). The app runs in this process on an
 * in-memory store. Target: no stretch over about 50 ms. Prints its own table (milliseconds, not
 * contacts and node steps). `tsx bench/graphs.ts` runs this section alone.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStore } from '../db/src/index.ts';
import { builtinSpecs, GRAPH_LIMITS, NodeRegistry, validateGraph } from '../nodes/src/index.ts';
import { pino } from '../runtime/node_modules/pino/pino.js';
import { BODY_LIMITS, createApp } from '../runtime/src/api/app.ts';
import { loadConfig } from '../runtime/src/config.ts';
import { createRuntime } from '../runtime/src/runtime.ts';
import { largeJourneyGraph } from '../test/support/large-journey.ts';
import type { BenchSection } from './bench-section.ts';

const RUNS = 15;
const KEY = 'bench-graphs-admin-key';

/**
 * The median time of `RUNS` calls (after as many to warm the JIT up), and the longest the event loop
 * was held meanwhile (a 1 ms timer's worst delay).
 */
async function measure(run: () => unknown): Promise<{ ms: number; heldMs: number }> {
  for (let i = 0; i < RUNS; i++) await run();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  delay.disable();
  return { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, heldMs: delay.max / 1e6 };
}

function denseEdges(count: number) {
  const at = { x: 0, y: 0 };
  return {
    nodes: [
      { id: 'a', type: 'entry', position: at, config: {} },
      { id: 'b', type: 'tag', position: at, config: { add: ['x'] } },
    ],
    edges: Array.from({ length: count }, (_, i) => ({ id: `e${i}`, source: 'a', target: 'b' })),
  };
}

/** The largest `largeJourneyGraph` (in steps of 250 nodes) whose save body fits the body limit. */
function largestJourneyInABody() {
  let count = GRAPH_LIMITS.nodes;
  const body = (n: number) => JSON.stringify({ name: 'bench', graph: largeJourneyGraph(n), settings: {} });
  while (Buffer.byteLength(body(count)) > BODY_LIMITS.default) count -= 250;
  return { count, graph: largeJourneyGraph(count), body: body(count) };
}

export const graphsSection: BenchSection = {
  name: 'graphs',
  async run() {
    const registry = new NodeRegistry(builtinSpecs);
    const store = openStore(':memory:');
    const logger = pino({ level: 'silent' });
    const runtime = createRuntime({ store, registry, logger });
    const config = loadConfig({ DATABASE_URL: ':memory:', ADMIN_API_KEY: KEY, LOG_LEVEL: 'silent' });
    const app = createApp({ store, runtime, registry, logger, config });
    const call = async (method: string, path: string, body: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`graphs bench: ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
      return text;
    };
    try {
      const journey = largestJourneyInABody();
      const dense = denseEdges(GRAPH_LIMITS.edges);
      const { id } = JSON.parse(await call('POST', '/api/journeys', journey.body)) as { id: string };
      const nodes = `${journey.count}-node journey`;
      const kib = `${(Buffer.byteLength(journey.body) / 1024).toFixed(0)} KiB`;
      const edges = `2 nodes + ${GRAPH_LIMITS.edges} edges`;
      const scenarios: [string, () => unknown][] = [
        [`validateGraph, ${nodes}`, () => validateGraph(journey.graph, registry)],
        [`validateGraph, ${edges}`, () => validateGraph(dense, registry)],
        [`POST /api/journeys/validate, ${nodes}`, () => call('POST', '/api/journeys/validate', { graph: journey.graph })],
        [`POST /api/journeys/validate, ${edges}`, () => call('POST', '/api/journeys/validate', { graph: dense })],
        [`PUT /api/journeys/:id, ${nodes} (${kib})`, () => call('PUT', `/api/journeys/${id}`, journey.body)],
        [`GET /api/journeys/:id, ${nodes}`, () => call('GET', `/api/journeys/${id}`, undefined)],
        [`POST /api/journeys/:id/publish, ${nodes}`, () => call('POST', `/api/journeys/${id}/publish`, {})],
      ];
      const rows = [];
      for (const [scenario, run] of scenarios) {
        const { ms, heldMs } = await measure(run);
        rows.push({ scenario, ms: Number(ms.toFixed(1)), 'longest loop hold ms': Number(heldMs.toFixed(1)), target: 'hold ≲ 50 ms' });
      }
      console.table(rows);
      return [];
    } finally {
      await runtime.stop();
      store.close();
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) await graphsSection.run();
