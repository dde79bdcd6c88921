import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  dirs.push(dir);
  return dir;
}

describe('startWalCheckpointer', () => {
  it('checkpoints the WAL from its worker while the main connection writes', async () => {
    const path = join(tempDir(), 'journeys.db');
    const sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('CREATE TABLE contacts (id TEXT PRIMARY KEY, attributes TEXT NOT NULL)');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = statSync(path).size;
    const checkpointer = startWalCheckpointer(sqlite, path, { intervalMs: 20 });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(262_144);
    expect(sqlite.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    const insert = sqlite.prepare('INSERT INTO contacts (id, attributes) VALUES (?, ?)');
    for (let i = 0; i < 5000; i++) insert.run(`contact-${i}`, '{}');
    // The commits themselves no longer checkpoint: only the worker can have copied the pages into the file.
    await expect.poll(() => statSync(path).size, { timeout: 5000 }).toBeGreaterThan(sizeBefore);
    await checkpointer.stop();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    sqlite.close();
  });

  it('lets a process that has nothing else to do stop it and exit normally', () => {
    const dir = tempDir();
    const script = join(dir, 'start-stop.mts');
    const db = resolve(import.meta.dirname, '../index.ts');
    writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(db)};
const store = await openStore(${JSON.stringify(join(dir, 'j.db'))});
const maintenance = store.startMaintenance();
await maintenance.stop();
await store.close();
console.log('stopped');`,
    );
    const tsx = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
    expect(execFileSync(tsx, [script], { encoding: 'utf8' }).trim()).toBe('stopped');
  });
});
