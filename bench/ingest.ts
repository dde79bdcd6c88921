import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from './bench-section.ts';

const ADMIN_KEY = 'bench-ingest-admin-key';
const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 100);
const BATCH_SIZE = 1000;
const CONCURRENCY = 2;
const SINGLE_RATE = 500;
const SINGLE_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** One POST over a keep-alive connection; resolves with the status once the answer is read. */
function post(url: string, body: string, authorization = `Bearer ${ADMIN_KEY}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: authorization },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Events stored but not yet processed, as `/metrics` reports them. */
async function unprocessedEvents(url: string): Promise<number> {
  const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith('journey_events_unprocessed '));
  if (!line) throw new Error('ingest bench: /metrics has no journey_events_unprocessed');
  return Number(line.split(' ')[1]);
}

/** Waits until the runtime has processed every stored event; returns how long that took. */
async function drained(url: string): Promise<number> {
  const started = performance.now();
  while ((await unprocessedEvents(url)) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  return performance.now() - started;
}

function expectAccepted(status: number, expected = 202): void {
  if (status !== expected) throw new Error(`ingest bench: the server answered ${status}, not ${expected}`);
}

/** How a batch is sent: where, with which credentials, what a success answers, and the body of batch `b`. */
interface BatchApi {
  path: string;
  authorization: string;
  accepted: number;
  body(b: number): string;
}

/** The product's own batch: 1,000 events of `POST /api/events/batch`. */
const nativeBatch: BatchApi = {
  path: '/api/events/batch',
  authorization: `Bearer ${ADMIN_KEY}`,
  accepted: 202,
  body: (b) =>
    JSON.stringify({
      events: Array.from({ length: BATCH_SIZE }, (_, i) => ({
        contactId: `batch-${(b * BATCH_SIZE + i) % 50_000}`,
        type: 'page.viewed',
        properties: { page: '/products/42', source: 'mini_program' },
        messageId: `b${b}-${i}`,
      })),
    }),
};

/** Segment's batch as `@segment/analytics-node` sends it: 1,000 track calls (context, _metadata, messageId), the key as HTTP Basic. */
const segmentBatch: BatchApi = {
  path: '/api/v1/batch',
  authorization: `Basic ${Buffer.from(`${ADMIN_KEY}:`).toString('base64')}`,
  accepted: 200,
  body: (b) =>
    JSON.stringify({
      batch: Array.from({ length: BATCH_SIZE }, (_, i) => ({
        type: 'track',
        event: 'Product Viewed',
        userId: `segment-${(b * BATCH_SIZE + i) % 50_000}`,
        properties: { page: '/products/42', source: 'mini_program' },
        timestamp: new Date().toISOString(),
        messageId: `node-next-${b}-${i}`,
        context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
        _metadata: { nodeVersion: process.version, jsRuntime: 'node' },
        integrations: {},
      })),
      writeKey: ADMIN_KEY,
      sentAt: new Date().toISOString(),
    }),
};

/** BATCHES batches of 1,000 events, CONCURRENCY in flight; bodies are built before the clock starts. */
async function batched(url: string, api: BatchApi) {
  const bodies = Array.from({ length: BATCHES }, (_, b) => api.body(b));
  const send = async (body: string) => expectAccepted(await post(`${url}${api.path}`, body, api.authorization), api.accepted);
  await send(bodies[0]!);
  let next = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await send(bodies[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { events: (BATCHES - 1) * BATCH_SIZE, seconds };
}

/** Single events at a fixed rate (open loop: a request is sent on schedule whether or not earlier ones answered). */
async function fixedRate(url: string, label: string) {
  const total = SINGLE_RATE * SINGLE_SECONDS;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / SINGLE_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify({ contactId: `${label}-${i % 5000}`, type: 'page.viewed', properties: { page: '/home' } });
    const sent = performance.now();
    pending.push(
      post(`${url}/api/events`, body).then((status) => {
        expectAccepted(status);
        latencies.push(performance.now() - sent);
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: total, seconds, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1]! };
}

/**
 * Ingest through HTTP (SPEC §7): events/s through `POST /api/events/batch` (batches of 1,000), the same
 * through Segment's `POST /api/v1/batch` (1,000 track calls shaped as analytics-node sends them), and
 * p50/p99 of single `POST /api/events` at 500 requests/s, against a server in a child process on a
 * SQLite file with its runtime processing the events meanwhile. Single events are measured twice:
 * right after the batches, while the runtime still works through their ~200,000 events, and once
 * `/metrics` reports that backlog processed (the target row). Prints its own table (its figures are
 * events and latencies, not contacts and node steps).
 */
export const ingestSection: BenchSection = {
  name: 'ingest',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
    const child = fork(join(import.meta.dirname, 'ingest-server.ts'), {
      env: { ...process.env, BENCH_DATABASE_URL: `file:${join(dir, 'bench.db')}`, BENCH_ADMIN_KEY: ADMIN_KEY },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.once('message', (m) => resolve((m as { url: string }).url));
        child.once('exit', (code) => reject(new Error(`ingest bench server exited with ${code}`)));
      });
      const batch = await batched(url, nativeBatch);
      const segment = await batched(url, segmentBatch);
      const duringDrain = await fixedRate(url, 'drain');
      const drainMs = await drained(url);
      const steady = await fixedRate(url, 'steady');
      const singleRow = (scenario: string, single: Awaited<ReturnType<typeof fixedRate>>, target: string) => ({
        scenario,
        events: single.requests,
        seconds: Number(single.seconds.toFixed(2)),
        p50ms: Number(single.p50.toFixed(2)),
        p99ms: Number(single.p99.toFixed(2)),
        maxMs: Number(single.max.toFixed(2)),
        target,
      });
      console.table([
        {
          scenario: `POST /api/events/batch ×${BATCH_SIZE}, ${CONCURRENCY} in flight`,
          events: batch.events,
          seconds: Number(batch.seconds.toFixed(2)),
          eventsPerSec: Math.round(batch.events / batch.seconds),
          target: '≥ 50,000 events/s',
        },
        {
          scenario: `POST /api/v1/batch (Segment, analytics-node's shape) ×${BATCH_SIZE}, ${CONCURRENCY} in flight`,
          events: segment.events,
          seconds: Number(segment.seconds.toFixed(2)),
          eventsPerSec: Math.round(segment.events / segment.seconds),
          target: '—',
        },
        singleRow(`POST /api/events at ${SINGLE_RATE}/s, right after the batches (their backlog still processing)`, duringDrain, '—'),
        singleRow(`POST /api/events at ${SINGLE_RATE}/s, backlog processed (${(drainMs / 1000).toFixed(1)} s later)`, steady, 'p99 < 10 ms'),
      ]);
      return [];
    } finally {
      agent.destroy();
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
