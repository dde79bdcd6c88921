import { afterEach, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { ADMIN_KEY, countingRelay, crashDatabase, expected, MAX_REPEATS_PER_CRASH, outcome, privateRedis, ProductProcess, sendContacts, until, untilCount } from './crash-harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONTACTS = Number(process.env.MANY_CONTACTS ?? 10_000);

/**
 * The scale-out deployment: 2 API processes and 3 workers on PostgreSQL and Redis, 10,000 contacts
 * through entry → push → wait 1 s → push. Half the contacts arrive through each API process; mid-flow
 * one API process and one worker are killed with -9 and stay dead, the rest of the contacts arrive
 * through the other API process. Every contact ends completed with exactly its two outbox rows, each
 * delivered under one key, and the relay sees at most one crash's in-flight deliveries again.
 */
it('2 API processes + 3 workers on PostgreSQL and Redis: 10,000 contacts, an API process and a worker killed with -9 mid-flow', async () => {
  const redis = await privateRedis();
  cleanups.push(() => redis.stop());
  const db = await crashDatabase('postgres');
  cleanups.push(db.cleanup);
  const relay = await countingRelay();
  cleanups.push(() => relay.close());
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, BULLMQ_PREFIX: 'many', SWEEP_GRACE_MS: '1500', CHANNEL_WEBHOOK_URL: relay.url };
  const ports = [await freePort(), await freePort()];
  const apis = ports.map(
    (port) => new ProductProcess('runtime/src/main-server.ts', { ...env, PORT: String(port), ADMIN_API_KEY: ADMIN_KEY, ADMIN_PASSWORD: 'many-processes-pw', SERVER_WORKER: 'off' }),
  );
  const workers = [0, 1, 2].map(() => new ProductProcess('runtime/src/main-worker.ts', env));
  for (const p of [...apis, ...workers]) cleanups.push(() => p.stop());
  // Started together, as a deployment starts: the migrations run once, under their lock.
  await Promise.all([...apis.map((api) => api.start(/is running on/)), ...workers.map((w) => w.start(/^Worker \d+/m))]);
  const [first, second] = ports.map((port) => `http://127.0.0.1:${port}`) as [string, string];

  await Promise.all([sendContacts(first, CONTACTS / 4, 0), sendContacts(second, CONTACTS / 4, CONTACTS / 4)]);
  await untilCount('relay arrivals', relay.arrivals, CONTACTS / 4, 90_000);
  await Promise.all([apis[0]!.kill9(), workers[0]!.kill9()]);
  await sendContacts(second, CONTACTS / 2, CONTACTS / 2);

  await until(db.store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`, CONTACTS, 300_000);
  await until(db.store, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`, 2 * CONTACTS, 120_000);
  for (const p of [...apis, ...workers]) await p.stop();
  expect(await outcome(db.store)).toEqual(expected(CONTACTS));
  expect(relay.keys()).toBe(2 * CONTACTS);
  console.info(`2 API + 3 workers on PostgreSQL, kill -9 of an API process and a worker: ${relay.repeats()} of ${relay.arrivals()} deliveries repeated`);
  expect(relay.repeats()).toBeLessThanOrEqual(MAX_REPEATS_PER_CRASH);
}, 600_000);
