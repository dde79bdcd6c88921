import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * WAL pages (1 GiB) after which a commit checkpoints by itself while the checkpointer runs: a safety net
 * only. A burst of ingest grows the WAL past 64 MiB before the worker's checkpoint completes between two
 * commits; a commit that checkpointed there stalled its event loop 65–95 ms (fsync included).
 */
const FALLBACK_AUTOCHECKPOINT = 262_144;
/** Bytes the WAL file is truncated to when it restarts after a burst grew it. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;
/** SQLite's default, restored when the checkpointer stops. */
const DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * Plain JavaScript, so the worker starts the same under tsx, vitest or a build. It opens its own
 * connection and runs a PASSIVE checkpoint every `intervalMs`: that never takes the write lock, so writers
 * on the main thread go on meanwhile, and the page copying and fsyncs happen off the event loop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is checkpointed on the next tick.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer; `stop` resolves once its connection is closed. */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 WAL pages, copying pages and syncing files synchronously for tens of milliseconds while
 * HTTP requests wait; with this running, a worker thread checkpoints every `intervalMs` and commits only
 * checkpoint themselves past `FALLBACK_AUTOCHECKPOINT` pages. A no-op for an in-memory store.
 *
 * @example
 * ```ts
 * const checkpointer = startWalCheckpointer(sqlite, './data/journeys.db');
 * // … serve …
 * await checkpointer.stop();
 * ```
 */
export function startWalCheckpointer(sqlite: Database.Database, path: string, options: { intervalMs?: number } = {}): WalCheckpointer {
  if (path === ':memory:') return { stop: async () => {} };
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs ?? 250 } });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  // Without the worker (it could not open the file), commits checkpoint as they did before.
  const restore = () => sqlite.open && sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  worker.once('error', restore);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Unref'd while it runs so it never holds a process open; ref'd while it stops, or a process with
      // nothing else to do would exit before the worker closes its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      restore();
    },
  };
}
