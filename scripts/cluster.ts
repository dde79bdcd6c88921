/**
 * `pnpm cluster`: a scale-out deployment on this machine, for a try — PostgreSQL as the store, Redis as
 * the queue, one API process (`SERVER_WORKER=off`) and `WORKERS` (2) worker processes, each a process
 * of its own as in production. Creates the database when it is missing; Ctrl-C stops every process.
 *
 * Environment: `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/journey_cluster), `REDIS_URL`
 * (redis://127.0.0.1:6379), `WORKERS` (2), `PORT` (3000), and everything `pnpm start` reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createDatabaseIfMissing, redactedUrl } from '../db/src/postgres/connection.ts';

const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/journey_cluster',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  BULLMQ_PREFIX: process.env.BULLMQ_PREFIX || 'journey-cluster',
};
const workers = Number(process.env.WORKERS ?? 2);
if (!Number.isInteger(workers) || workers < 1) throw new Error(`WORKERS=${process.env.WORKERS}: give a whole number of worker processes, 1 or more`);

if (await createDatabaseIfMissing(env.DATABASE_URL)) console.log(`Created the database ${redactedUrl(env.DATABASE_URL)}.`);

const children: ChildProcess[] = [];
function run(name: string, script: string, extra: Record<string, string>) {
  const child = spawn(tsx, [join(root, script)], { cwd: root, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
  child.once('exit', (code, signal) => {
    console.log(`[${name}] exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 15_000).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined))).then(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop());

console.log(`Store ${redactedUrl(env.DATABASE_URL)}, queue ${redactedUrl(env.REDIS_URL)} (prefix ${env.BULLMQ_PREFIX}): 1 API process and ${workers} workers.`);
run('api', 'scripts/start.ts', { SERVER_WORKER: 'off' });
for (let i = 1; i <= workers; i++) run(`worker-${i}`, 'runtime/src/main-worker.ts', {});
