/**
 * Requests at the input limits (issue #14): how long they take and the longest stretch each holds the
 * event loop. Graphs: the largest the limits allow — 2 nodes joined by `GRAPH_LIMITS.edges` edges (the
 * shape that took 21 s when validation was quadratic), and the largest journey of the editor
 * benchmark's kind that fits in a request body (`BODY_LIMIT`; `GRAPH_LIMITS.nodes` of them would not).
 * Event batches: 1,000 small events, and 1,000 of ~1 KiB that fill the body. The app runs in this
 * process on an in-memory store. Target: no stretch over about 50 ms. Prints its own table
 * (milliseconds, not contacts and node steps). `tsx bench/input-limits.ts` runs this section alone.
 */
import { openStore } from '../db/src/index.ts';
import { builtinSpecs, GRAPH_LIMITS, NodeRegistry, validateGraph } from '../nodes/src/index.ts';
import { pino } from '../runtime/node_modules/pino/pino.js';
import { BODY_LIMIT, createApp } from '../runtime/src/api/app.ts';
import { loadConfig } from '../runtime/src/config.ts';
import { createRuntime } from '../runtime/src/runtime.ts';
import { largeJourneyGraph } from '../test/support/large-journey.ts';
import type { BenchSection } from './bench-section.ts';

const RUNS = 15;
const KEY = 'bench-limits-admin-key';

/**
 * Over `RUNS` calls (after as many to warm the JIT up): the median time of a call, and the median of
 * the longest stretch the event loop was held during each call (the longest gap between the ticks of
 * a 1 ms timer). Medians, so that a garbage collection or the OS scheduling another process now and
 * then does not decide the row.
 */
async function measure(run: () => unknown): Promise<{ ms: number; heldMs: number }> {
  for (let i = 0; i < RUNS; i++) await run();
  let lastTick = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastTick);
    lastTick = now;
  }, 1);
  const times: number[] = [];
  const holds: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      lastTick = performance.now();
      longestGap = 0;
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
      holds.push(Math.max(longestGap, performance.now() - lastTick));
    }
  } finally {
    clearInterval(ticker);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { ms: median(times), heldMs: median(holds) };
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
  while (Buffer.byteLength(body(count)) > BODY_LIMIT) count -= 250;
  return { count, graph: largeJourneyGraph(count), body: body(count) };
}

/** 1,000 events whose properties carry `bytes` characters each, as a batch body. */
function batchBody(bytes: number): string {
  const events = Array.from({ length: 1000 }, (_, i) => ({ contactId: `c${i}`, type: 'page.viewed', properties: { page: '/p', note: 'x'.repeat(bytes) } }));
  return JSON.stringify({ events });
}

export const inputLimitsSection: BenchSection = {
  name: 'limits',
  async run() {
    const registry = new NodeRegistry(builtinSpecs);
    const store = await openStore(':memory:');
    const logger = pino({ level: 'silent' });
    const runtime = createRuntime({ store, registry, logger });
    const config = loadConfig({ DATABASE_URL: ':memory:', ADMIN_API_KEY: KEY, LOG_LEVEL: 'silent', INGEST_RATE_PER_SECOND: '0' });
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
      const small = batchBody(10);
      const full = batchBody(Math.floor((BODY_LIMIT - Buffer.byteLength(batchBody(0))) / 1000) - 1);
      const mib = (body: string) => `${(Buffer.byteLength(body) / 1024 / 1024).toFixed(2)} MiB`;
      const scenarios: [string, () => unknown][] = [
        [`validateGraph, ${nodes}`, () => validateGraph(journey.graph, registry)],
        [`validateGraph, ${edges}`, () => validateGraph(dense, registry)],
        [`POST /api/journeys/validate, ${nodes}`, () => call('POST', '/api/journeys/validate', { graph: journey.graph })],
        [`POST /api/journeys/validate, ${edges}`, () => call('POST', '/api/journeys/validate', { graph: dense })],
        [`PUT /api/journeys/:id, ${nodes} (${kib})`, () => call('PUT', `/api/journeys/${id}`, journey.body)],
        [`GET /api/journeys/:id, ${nodes}`, () => call('GET', `/api/journeys/${id}`, undefined)],
        [`POST /api/journeys/:id/publish, ${nodes}`, () => call('POST', `/api/journeys/${id}/publish`, {})],
        [`POST /api/events/batch, 1,000 events (${mib(small)})`, () => call('POST', '/api/events/batch', small)],
        [`POST /api/events/batch, 1,000 events (${mib(full)}, the body limit)`, () => call('POST', '/api/events/batch', full)],
      ];
      const rows = [];
      for (const [scenario, run] of scenarios) {
        const { ms, heldMs } = await measure(run);
        rows.push({ scenario, ms: Number(ms.toFixed(1)), 'loop held ms': Number(heldMs.toFixed(1)), target: 'held ≲ 50 ms' });
      }
      console.table(rows);
      return [];
    } finally {
      await runtime.stop();
      await store.close();
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) await inputLimitsSection.run();
