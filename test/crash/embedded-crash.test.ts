import { afterEach, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { ADMIN_KEY, CONTACTS, countingRelay, crashDatabase, expected, MAX_REPEATS_PER_CRASH, outcome, ProductProcess, sendContacts, until, untilCount } from './crash-harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('embedded server killed with -9 mid-flow and started again: every contact completes with two messages, at most the deliveries in flight repeated', async () => {
  const db = await crashDatabase();
  cleanups.push(db.cleanup);
  const relay = await countingRelay();
  cleanups.push(() => relay.close());
  const port = await freePort();
  const server = new ProductProcess('runtime/src/main-server.ts', {
    PORT: String(port),
    DATABASE_URL: db.url,
    ADMIN_API_KEY: ADMIN_KEY,
    ADMIN_PASSWORD: 'crash-test-password',
    CHANNEL_WEBHOOK_URL: relay.url,
    REDIS_URL: '',
  });
  cleanups.push(() => server.stop());
  await server.start(/is running on/);
  await sendContacts(`http://127.0.0.1:${port}`);
  // Mid-flow: some first messages delivered, most contacts not finished.
  await untilCount('relay arrivals', relay.arrivals, CONTACTS / 2);
  await server.kill9();
  expect((await outcome(db.store)).completed).toBeLessThan(CONTACTS);
  await server.start(/is running on/);
  await until(db.store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`, CONTACTS);
  await until(db.store, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`, 2 * CONTACTS);
  await server.stop();
  expect(await outcome(db.store)).toEqual(expected());
  expect(relay.keys()).toBe(2 * CONTACTS);
  console.info(`embedded kill -9: ${relay.repeats()} of ${relay.arrivals()} deliveries repeated`);
  expect(relay.repeats()).toBeLessThanOrEqual(MAX_REPEATS_PER_CRASH);
});
