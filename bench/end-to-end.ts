import { createServer } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute } from '../db/src/testing.ts';
import { chainGraph, insertLiveJourney } from '../runtime/src/queue/journey-fixtures.ts';
import { privateRedis, ProductProcess } from '../test/crash/crash-harness.ts';
import { freePort } from '../test/support/free-port.ts';
import { benchRow, type BenchRow, type BenchSection } from './bench-section.ts';
import { benchStore, type BenchStoreKind } from './embedded.ts';

const ADMIN_KEY = 'bench-end-to-end-admin-key';
const CONTACTS = Number(process.env.BENCH_E2E_CONTACTS ?? 10_000);
const PACED_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 5);
/** `BENCH_E2E_ONLY="embedded sqlite"` measures the deployments whose label contains it. */
const ONLY = process.env.BENCH_E2E_ONLY;
/** `BENCH_WORKSPACE_CAP=1`: every deployment under a workspace frequency cap that holds nothing back, to see what counting costs. */
const WORKSPACE_CAP = process.env.BENCH_WORKSPACE_CAP === '1';

/** A deployment measured: its store, its queue, and its worker processes (0: the server steps runs itself). */
interface Deployment {
  store: BenchStoreKind;
  queue: 'embedded' | 'bullmq';
  workers: number;
  /** Single events per second of the paced run, and the p99 target there. */
  pacedRate: number;
  target: string;
}

const DEPLOYMENTS: Deployment[] = [
  { store: 'sqlite', queue: 'embedded', workers: 0, pacedRate: 3000, target: '≥ 6,000 contacts/s; paced p99 < 50 ms' },
  { store: 'postgres', queue: 'embedded', workers: 0, pacedRate: 3000, target: '—' },
  { store: 'sqlite', queue: 'bullmq', workers: 2, pacedRate: 500, target: '≥ 2,500 contacts/s; paced p99 < 200 ms' },
  { store: 'postgres', queue: 'bullmq', workers: 1, pacedRate: 500, target: '—' },
  { store: 'postgres', queue: 'bullmq', workers: 2, pacedRate: 500, target: '≥ 2,500 contacts/s; paced p99 < 200 ms' },
];

/** entry → tag → push → condition (vip: yes) → push: five nodes, two messages per contact. */
const graph = chainGraph([
  ['entry', 'entry'],
  ['t', 'tag', { add: ['vip'] }],
  ['p1', 'content_push', { template: '你好 {{contact.id}}' }],
  ['c', 'condition', { rules: [{ kind: 'tag', tag: 'vip' }] }, 'yes'],
  ['p2', 'content_push', { template: '欢迎 {{contact.id}}' }],
]);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${ADMIN_KEY}` } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`end-to-end bench: the server answered ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The brand's relay (CHANNEL_WEBHOOK_URL): when each contact's first message arrived. */
async function timingRelay() {
  const firstMessage = new Map<string, number>();
  let arrivals = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrivals++;
      const { contactId } = JSON.parse(Buffer.concat(chunks).toString()) as { contactId: string };
      if (!firstMessage.has(contactId)) firstMessage.set(contactId, performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/relay`,
    firstMessage,
    arrivals: () => arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function untilArrivals(count: () => number, n: number, what: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (count() < n) {
    if (Date.now() > deadline) throw new Error(`end-to-end bench: ${what} stopped at ${count()} of ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const label = (d: Deployment) => `${d.queue} ${d.store}${d.workers ? `, ${d.workers} worker${d.workers > 1 ? 's' : ''}` : ''}${WORKSPACE_CAP ? ', workspace cap' : ''}`;

async function measure(deployment: Deployment) {
  const { url: databaseUrl, store, drop } = await benchStore(deployment.store);
  const relay = await timingRelay();
  const redis = deployment.queue === 'bullmq' ? await privateRedis() : undefined;
  const processes: ProductProcess[] = [];
  try {
    await insertLiveJourney(store, { id: 'bench', graph });
    if (WORKSPACE_CAP) await store.settings.put({ frequencyCap: { rules: [{ channels: [], max: 100, perHours: 24 }] } }, null, Date.now());
    const port = await freePort();
    const env = {
      DATABASE_URL: databaseUrl,
      CHANNEL_WEBHOOK_URL: relay.url,
      LOG_LEVEL: 'warn',
      // Empty, not left out: the product processes inherit this process's environment, REDIS_URL included.
      REDIS_URL: redis ? redis.url : '',
      ...(redis ? { SERVER_WORKER: deployment.workers > 0 ? 'off' : 'on' } : {}),
    };
    const server = new ProductProcess('runtime/src/main-server.ts', { ...env, PORT: String(port), ADMIN_API_KEY: ADMIN_KEY, ADMIN_PASSWORD: 'bench-password' });
    processes.push(server, ...Array.from({ length: deployment.workers }, () => new ProductProcess('runtime/src/main-worker.ts', env)));
    await Promise.all(processes.map((p) => p.start(p === server ? /is running on/ : /^Worker \d+/m)));
    const base = `http://127.0.0.1:${port}`;
    console.error(`bench: end to end: ${label(deployment)} started`);

    // Burst: every contact's entry event in batches of 500, 4 in flight, until every contact has both messages.
    const bodies = Array.from({ length: CONTACTS / 500 }, (_, b) =>
      JSON.stringify({ events: Array.from({ length: 500 }, (_, i) => ({ contactId: `b${b * 500 + i}`, type: 'contact.acquired' })) }),
    );
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < bodies.length) await post(`${base}/api/events/batch`, bodies[next++]!);
    }));
    await untilArrivals(relay.arrivals, 2 * CONTACTS, 'burst deliveries');
    console.error(`bench: end to end: ${label(deployment)} burst done`);
    const burstMs = performance.now() - started;
    const steps = Number((await execute(store, 'SELECT COUNT(*) AS n FROM steps'))[0]!.n);

    // Paced: single events on schedule (open loop); latency from sending the event to the first message at the relay.
    const total = deployment.pacedRate * PACED_SECONDS;
    const sentAt = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const pacedStart = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = pacedStart + (i * 1000) / deployment.pacedRate - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const contactId = `p${i}`;
      sentAt.set(contactId, performance.now());
      pending.push(post(`${base}/api/events`, JSON.stringify({ contactId, type: 'contact.acquired' })));
    }
    await Promise.all(pending);
    await untilArrivals(relay.arrivals, 2 * CONTACTS + 2 * total, 'paced deliveries');
    const latencies = [...sentAt].map(([contactId, sent]) => relay.firstMessage.get(contactId)! - sent).sort((a, b) => a - b);
    const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1));
    return { burst: benchRow('end to end (HTTP)', `${label(deployment)}: burst, runs ended + messages delivered`, CONTACTS, steps, burstMs), paced: { p50: at(0.5), p99: at(0.99), total } };
  } finally {
    for (const p of processes) await p.stop();
    await redis?.stop();
    await relay.close();
    await drop();
  }
}

/**
 * Events over HTTP → runs → messages at the brand's relay, per driver and store, with the product in
 * processes of its own as deployed (the API server, and worker processes on BullMQ): a burst of
 * CONTACTS contacts (contacts/s until every message arrived), then single events paced at the
 * deployment's rate (p50/p99 from event sent to first message received). Prints the paced figures
 * in its own table.
 */
export const endToEndSection: BenchSection = {
  name: 'end to end',
  async run() {
    const rows: BenchRow[] = [];
    const paced: Record<string, string | number>[] = [];
    for (const deployment of DEPLOYMENTS.filter((d) => !ONLY || label(d).includes(ONLY))) {
      console.error(`bench: end to end: ${label(deployment)}…`);
      const { burst, paced: p } = await measure(deployment);
      rows.push(burst);
      paced.push({ deployment: label(deployment), 'burst contacts/s': burst.contactsPerSec, 'paced rate/s': deployment.pacedRate, events: p.total, p50ms: p.p50, p99ms: p.p99, target: deployment.target });
    }
    agent.destroy();
    console.table(paced);
    return rows;
  },
};
