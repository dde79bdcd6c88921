import type { Store } from '@journey/db';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../runtime-contract.ts';
import { queueBacklog, type QueueBacklog } from '../services/health.ts';

/**
 * The Prometheus metrics of one API instance, on its own registry: HTTP requests and latencies
 * (counted as requests finish), events ingested, and gauges read from the database at scrape time
 * (runs by status, queue depth and lag, outbox pending, unprocessed events), the store and queue in
 * use, plus Node process metrics.
 *
 * @example
 * ```ts
 * const metrics = new ApiMetrics(store, runtime.clock, () => runtime.queueStatus().driver);
 * metrics.observeRequest('POST', '/api/events', 202, 0.002);
 * const text = await metrics.render(); // Prometheus text exposition format
 * ```
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #latency: Histogram<'method' | 'route' | 'status'>;
  readonly #events: Counter<'outcome'>;

  constructor(store: Store, clock: Clock, queueDriver: () => string = () => 'embedded') {
    const registers = [this.registry];
    new Gauge({
      name: 'journey_store_info',
      help: 'The store this process runs on (1 for the one in use), by kind: sqlite or postgres',
      labelNames: ['store', 'queue'],
      registers,
      collect() {
        this.set({ store: store.kind, queue: queueDriver() }, 1);
      },
    });
    this.#requests = new Counter({
      name: 'journey_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'journey_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#events = new Counter({
      name: 'journey_events_ingested_total',
      help: 'Events accepted by POST /api/events and /api/events/batch (outcome stored or duplicate)',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'journey_runs',
      help: 'Runs by status, all journeys',
      labelNames: ['status'],
      registers,
      async collect() {
        for (const [status, n] of Object.entries(await store.runs.countByStatus())) this.set({ status }, n);
      },
    });
    // prom-client collects every gauge of a scrape at once: the four backlog gauges share one read of it.
    let backlog: Promise<QueueBacklog> | null = null;
    const readBacklog = () => {
      if (!backlog) {
        backlog = queueBacklog(store, clock.now());
        setImmediate(() => (backlog = null));
      }
      return backlog;
    };
    const backlogGauge = (name: string, help: string, value: (b: QueueBacklog) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(value(await readBacklog()));
        },
      });
    backlogGauge('journey_queue_due_runs', 'Runs whose wake-up time has come (queue depth)', (b) => b.dueRuns);
    backlogGauge('journey_queue_lag_seconds', 'How long the oldest due run has waited', (b) => b.lagMs / 1000);
    backlogGauge('journey_outbox_pending', 'Outbox messages due for delivery', (b) => b.pendingMessages);
    backlogGauge('journey_events_unprocessed', 'Events stored but not yet processed', (b) => b.unprocessedEvents);
    collectDefaultMetrics({ register: this.registry, prefix: 'journey_' });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.#requests.inc(labels);
    this.#latency.observe(labels, seconds);
  }

  eventsIngested(stored: number, duplicates: number): void {
    if (stored > 0) this.#events.inc({ outcome: 'stored' }, stored);
    if (duplicates > 0) this.#events.inc({ outcome: 'duplicate' }, duplicates);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
