import { afterEach, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import type { StoreKind } from '../../db/src/index.ts';
import { ADMIN_KEY, CONTACTS, countingRelay, crashDatabase, expected, MAX_REPEATS_PER_CRASH, outcome, privateRedis, ProductProcess, sendContacts, until, untilCount } from './crash-harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * API + 2 BullMQ workers on a store of `kind`: the API process starts first and leads (it processes
 * events and dispatches the outbox); mid-flow (with `crash`) it and one worker are killed with -9 and
 * started again, then Redis is flushed. Every contact completes once, and the relay sees at most the
 * deliveries in flight at the crash again — the flush alone repeats none.
 */
async function crashAndFlush(kind: StoreKind, crash: boolean) {
  const redis = await privateRedis();
  cleanups.push(() => redis.stop());
  const db = await crashDatabase(kind);
  cleanups.push(db.cleanup);
  const relay = await countingRelay();
  cleanups.push(() => relay.close());
  const port = await freePort();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, BULLMQ_PREFIX: 'crash', SWEEP_GRACE_MS: '1500', CHANNEL_WEBHOOK_URL: relay.url };
  const api = new ProductProcess('runtime/src/main-server.ts', {
    ...env,
    PORT: String(port),
    ADMIN_API_KEY: ADMIN_KEY,
    ADMIN_PASSWORD: 'crash-test-password',
    SERVER_WORKER: 'off',
  });
  const workers = [new ProductProcess('runtime/src/main-worker.ts', env), new ProductProcess('runtime/src/main-worker.ts', env)];
  for (const p of [api, ...workers]) cleanups.push(() => p.stop());
  const base = `http://127.0.0.1:${port}`;
  await api.start(/is running on/);
  let leading = false;
  const poll = setInterval(() => {
    fetch(`${base}/api/health`)
      .then((res) => res.json() as Promise<{ queue?: { leader?: boolean } }>)
      .then((health) => (leading = health.queue?.leader === true))
      .catch(() => (leading = false));
  }, 100);
  cleanups.push(() => clearInterval(poll));
  await untilCount('the API process leading', () => (leading ? 1 : 0), 1, 15_000);
  await Promise.all(workers.map((w) => w.start(/^Worker \d+/m)));

  await sendContacts(base);
  await untilCount('relay arrivals', relay.arrivals, CONTACTS / 4);
  if (crash) {
    await Promise.all([api.kill9(), workers[0]!.kill9()]);
    await api.start(/is running on/);
    await workers[0]!.start(/^Worker \d+/m);
  }

  // Mid-flow: deliveries still to make when Redis loses everything.
  expect((await outcome(db.store)).sent).toBeLessThan(2 * CONTACTS);
  expect(redis.flushAll()).toBe('OK');

  await until(db.store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`, CONTACTS, 90_000);
  await until(db.store, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`, 2 * CONTACTS, 90_000);
  for (const p of [api, ...workers]) await p.stop();
  expect(await outcome(db.store)).toEqual(expected());
  expect(relay.keys()).toBe(2 * CONTACTS);
  console.info(
    `BullMQ on ${kind}, ${crash ? 'kill -9 of the leader and a worker, then ' : ''}a Redis flush: ${relay.repeats()} of ${relay.arrivals()} deliveries repeated`,
  );
  expect(relay.repeats()).toBeLessThanOrEqual(crash ? MAX_REPEATS_PER_CRASH : 0);
}

it('API + 2 BullMQ workers on SQLite: Redis flushed mid-flow; every contact completes once and no delivery is repeated', () => crashAndFlush('sqlite', false), 180_000);

it('API + 2 BullMQ workers on SQLite: the leader and a worker killed with -9, Redis flushed mid-flow; every contact completes once', () => crashAndFlush('sqlite', true), 180_000);

it('API + 2 BullMQ workers on PostgreSQL: the leader and a worker killed with -9, Redis flushed mid-flow; every contact completes once', () =>
  crashAndFlush('postgres', true), 180_000);
