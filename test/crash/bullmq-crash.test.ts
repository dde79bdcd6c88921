import { execFileSync, spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { ADMIN_KEY, CONTACTS, crashDatabase, EXPECTED, outcome, ProductProcess, sendContacts, until } from './crash-harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function redisCli(port: number, command: string): string {
  try {
    return execFileSync('redis-cli', ['-p', String(port), command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** A private redis-server on a spare port: this test flushes it, which the shared 6379 must never see. */
async function privateRedis(): Promise<{ url: string; flushAll(): string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`redis-server could not be started (${e.message}); install redis-server`))));
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (redisCli(port, 'PING') === 'PONG') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  })();
  await Promise.race([ready, failed]);
  return {
    url,
    flushAll: () => redisCli(port, 'FLUSHALL'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

it('API + 2 BullMQ workers: a worker killed with -9 and Redis flushed mid-flow, every contact still completes exactly once', async () => {
  const redis = await privateRedis();
  cleanups.push(() => redis.stop());
  const db = await crashDatabase();
  cleanups.push(db.cleanup);
  const port = await freePort();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, BULLMQ_PREFIX: 'crash', SWEEP_GRACE_MS: '1500' };
  const api = new ProductProcess('runtime/src/main-server.ts', {
    ...env,
    PORT: String(port),
    ADMIN_API_KEY: ADMIN_KEY,
    ADMIN_PASSWORD: 'crash-test-password',
    SERVER_WORKER: 'off',
  });
  const workers = [new ProductProcess('runtime/src/main-worker.ts', env), new ProductProcess('runtime/src/main-worker.ts', env)];
  for (const p of [api, ...workers]) cleanups.push(() => p.stop());
  await Promise.all([api.start(/is running on/), ...workers.map((w) => w.start(/^Worker \d+/m))]);

  await sendContacts(`http://127.0.0.1:${port}`);
  await until(db.store, 'SELECT COUNT(*) FROM deliveries', CONTACTS / 4);
  await workers[0]!.kill9();
  await workers[0]!.start(/^Worker \d+/m);

  await until(db.store, 'SELECT COUNT(*) FROM deliveries', CONTACTS);
  expect((await outcome(db.store)).completed).toBeLessThan(CONTACTS);
  expect(redis.flushAll()).toBe('OK');

  await until(db.store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`, CONTACTS);
  await until(db.store, 'SELECT COUNT(*) FROM deliveries', 2 * CONTACTS);
  for (const p of [api, ...workers]) await p.stop();
  expect(await outcome(db.store)).toEqual(EXPECTED);
});
