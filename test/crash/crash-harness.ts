import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store, type StoreKind } from '../../db/src/index.ts';
import { createTestDatabase } from '../../db/src/postgres/test-database.ts';
import { execute } from '../../db/src/testing.ts';
import { chainGraph, insertLiveJourney } from '../../runtime/src/queue/journey-fixtures.ts';
import { freePort } from '../support/free-port.ts';

const root = resolve(import.meta.dirname, '../..');
export const ADMIN_KEY = 'crash-test-admin-key';
export const CONTACTS = 2000;

/** A process of the product (server or worker), started with node and tsx's loader so `kill -9` hits it, not a wrapper. */
export class ProductProcess {
  #child: ChildProcess | undefined;
  #output = '';

  constructor(
    readonly script: 'runtime/src/main-server.ts' | 'runtime/src/main-worker.ts',
    readonly env: Record<string, string>,
  ) {}

  /** Starts the process and resolves once it prints `readyLine`. */
  async start(readyLine: RegExp): Promise<void> {
    this.#output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', this.script], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'error', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`${this.script} not ready in 120 s:\n${this.#output}`)), 120_000);
      const read = (data: Buffer) => {
        this.#output += data.toString();
        if (readyLine.test(this.#output)) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`${this.script} exited with ${code}:\n${this.#output}`));
      });
    });
  }

  /** `kill -9`: no chance to finish anything. */
  async kill9(): Promise<void> {
    await this.#stop('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.#stop('SIGTERM');
  }

  async #stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }
}

/** A store of `kind` (a fresh SQLite file, or a fresh PostgreSQL database) with the live journey entry → content_push → wait (1 s) → content_push. */
export async function crashDatabase(kind: StoreKind = 'sqlite'): Promise<{ url: string; store: Store; cleanup(): Promise<void> }> {
  let url: string;
  let drop: () => Promise<void>;
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    url = database.url;
    drop = () => database.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'journey-crash-'));
    url = join(dir, 'crash.db');
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const store = await openStore(url);
  const push = (id: string) => [id, 'content_push', { template: '第 {{contact.id}} 位' }] as [string, string, Record<string, unknown>];
  await insertLiveJourney(store, {
    id: 'crash',
    graph: chainGraph([['entry', 'entry'], push('p1'), ['w', 'wait', { mode: 'duration', duration: { seconds: 1 } }], push('p2')]),
  });
  const cleanup = async () => {
    await store.close();
    await drop();
  };
  return { url, store, cleanup };
}

/**
 * The operator's relay as `CHANNEL_WEBHOOK_URL` reaches it: it answers 200 to every POST and counts
 * each arrival per `Idempotency-Key`, so repeated deliveries show (a relay honouring the key would
 * drop them; this one counts them).
 */
export async function countingRelay(): Promise<{ url: string; keys: () => number; arrivals: () => number; repeats: () => number; close(): Promise<void> }> {
  const byKey = new Map<string, number>();
  let arrivals = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals++;
      const key = String(req.headers['idempotency-key']);
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/relay`,
    keys: () => byKey.size,
    arrivals: () => arrivals,
    repeats: () => arrivals - byKey.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves once `count()` reaches `n`, checking every 50 ms; fails after `timeoutMs`. */
export async function untilCount(what: string, count: () => number, n: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < n) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ≥ ${n} (at ${count()})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The one value a counting query answers (PostgreSQL answers counts as text). */
async function one(store: Store, sql: string): Promise<number> {
  const [row] = await execute(store, sql);
  return Number(Object.values(row ?? {})[0]);
}

/** Sends the entry events of `contacts` contacts (`c<from>` on) in batches of 500. */
export async function sendContacts(baseUrl: string, contacts = CONTACTS, from = 0): Promise<void> {
  for (let i = from; i < from + contacts; i += 500) {
    const events = Array.from({ length: 500 }, (_, j) => ({ contactId: `c${i + j}`, type: 'contact.acquired', properties: {}, messageId: `m${i + j}` }));
    const res = await fetch(`${baseUrl}/api/events/batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (res.status !== 202) throw new Error(`events answered ${res.status}: ${await res.text()}`);
  }
}

/** Resolves once `sql` counts at least `n`, checking every 50 ms; fails after `timeoutMs`. */
export async function until(store: Store, sql: string, n: number, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await one(store, sql)) < n) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${sql} ≥ ${n} (at ${await one(store, sql)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the crash tests assert: every contact completed with exactly two outbox rows, every one of them sent. */
export async function outcome(store: Store) {
  return {
    completed: await one(store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`),
    runs: await one(store, 'SELECT COUNT(*) FROM runs'),
    contactsWithout2Messages: await one(store, `SELECT COUNT(*) FROM contacts c WHERE (SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id) != 2`),
    messages: await one(store, 'SELECT COUNT(*) FROM messages'),
    sent: await one(store, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`),
  };
}

/** The outcome every crash test expects of `contacts` contacts. */
export const expected = (contacts = CONTACTS) => ({
  completed: contacts,
  runs: contacts,
  contactsWithout2Messages: 0,
  messages: 2 * contacts,
  sent: 2 * contacts,
});

/**
 * The most deliveries a crash may repeat: two per lane of the dispatcher (64 lanes), one in flight and
 * one delivered but waiting for its group write.
 */
export const MAX_REPEATS_PER_CRASH = 128;

function redisCli(port: number, command: string): string {
  try {
    return execFileSync('redis-cli', ['-p', String(port), command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** A private redis-server on a spare port: this test flushes it, which the shared 6379 must never see. */
export async function privateRedis(): Promise<{ url: string; flushAll(): string; stop(): Promise<void> }> {
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
