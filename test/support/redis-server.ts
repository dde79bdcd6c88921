import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

/** A Redis the tests can use, and how to let go of it. */
export interface TestRedis {
  url: string;
  /** Stops the redis-server this helper started, if it started one. */
  release(): Promise<void>;
}

function answers(url: URL, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Finds Redis for a test: `REDIS_URL` when set, else 127.0.0.1:6379; when nothing answers there,
 * starts `redis-server` on that port (no persistence) and stops it on `release()`. Fails loudly when
 * no Redis can be had — tests that need Redis never skip silently.
 */
export async function acquireTestRedis(): Promise<TestRedis> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (await answers(url)) return { url: url.toString(), release: async () => {} };
  if (process.env.REDIS_URL) {
    throw new Error(`No Redis answers at REDIS_URL=${process.env.REDIS_URL}; start it or unset REDIS_URL`);
  }
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', url.port || '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  } catch (error) {
    throw new Error(`No Redis at ${url.host} and redis-server could not be started: ${String(error)}`, { cause: error });
  }
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`No Redis at ${url.host} and redis-server could not be started (${error.message}); install redis-server`)),
    ),
  );
  const deadline = Date.now() + 10_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(url)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill();
    throw new Error(`redis-server did not answer on ${url.host} within 10 s`);
  })();
  await Promise.race([ready, failed]);
  return {
    url: url.toString(),
    release: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Deletes every key of a key prefix (a test's `BULLMQ_PREFIX`: its queue, lease and notices) from the Redis at
 * `url`, so the shared Redis keeps nothing a test wrote.
 */
export function dropRedisKeys(url: string, prefix: string): void {
  const keys = execFileSync('redis-cli', ['-u', url, '--scan', '--pattern', `${prefix}:*`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 500) execFileSync('redis-cli', ['-u', url, 'UNLINK', ...keys.slice(i, i + 500)], { stdio: 'ignore' });
}
