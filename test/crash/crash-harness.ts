import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '../../db/src/index.ts';
import { execute } from '../../db/src/testing.ts';
import { chainGraph, insertLiveJourney } from '../../runtime/src/queue/journey-fixtures.ts';

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
      const timer = setTimeout(() => fail(new Error(`${this.script} not ready in 60 s:\n${this.#output}`)), 60_000);
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

/** A database file with the live journey entry → content_push → wait (1 s) → content_push. */
export async function crashDatabase(): Promise<{ dir: string; url: string; store: Store; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'journey-crash-'));
  const url = join(dir, 'crash.db');
  const store = await openStore(url);
  const push = (id: string) => [id, 'content_push', { template: '第 {{contact.id}} 位' }] as [string, string, Record<string, unknown>];
  await insertLiveJourney(store, {
    id: 'crash',
    graph: chainGraph([['entry', 'entry'], push('p1'), ['w', 'wait', { mode: 'duration', duration: { seconds: 1 } }], push('p2')]),
  });
  const cleanup = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, url, store, cleanup };
}

/** The one value a counting query answers (PostgreSQL answers counts as text). */
async function one(store: Store, sql: string): Promise<number> {
  const [row] = await execute(store, sql);
  return Number(Object.values(row ?? {})[0]);
}

/** Sends the entry events of CONTACTS contacts in batches of 500. */
export async function sendContacts(baseUrl: string): Promise<void> {
  for (let i = 0; i < CONTACTS; i += 500) {
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

/** What the crash tests assert: every contact completed with exactly two outbox rows and two deliveries. */
export async function outcome(store: Store) {
  return {
    completed: await one(store, `SELECT COUNT(*) FROM runs WHERE status = 'completed'`),
    runs: await one(store, 'SELECT COUNT(*) FROM runs'),
    contactsWithout2Messages: await one(store, `SELECT COUNT(*) FROM contacts c WHERE (SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id) != 2`),
    contactsWithout2Deliveries: await one(store, `SELECT COUNT(*) FROM contacts c WHERE (SELECT COUNT(*) FROM deliveries d WHERE d.contact_id = c.id) != 2`),
    messages: await one(store, 'SELECT COUNT(*) FROM messages'),
    deliveries: await one(store, 'SELECT COUNT(*) FROM deliveries'),
  };
}

/** The outcome every crash test expects. */
export const EXPECTED = {
  completed: CONTACTS,
  runs: CONTACTS,
  contactsWithout2Messages: 0,
  contactsWithout2Deliveries: 0,
  messages: 2 * CONTACTS,
  deliveries: 2 * CONTACTS,
};
