import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './database.ts';
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
    const store = openStore(path);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = statSync(path).size;
    const checkpointer = startWalCheckpointer(store, { intervalMs: 20 });
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(262_144);
    expect(store.sqlite.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    const insert = store.sqlite.prepare('INSERT INTO contacts (id, attributes, created_at, updated_at) VALUES (?, ?, 0, 0)');
    for (let i = 0; i < 5000; i++) insert.run(`contact-${i}`, '{}');
    // The commits themselves no longer checkpoint: only the worker can have copied the pages into the file.
    await expect.poll(() => statSync(path).size, { timeout: 5000 }).toBeGreaterThan(sizeBefore);
    await checkpointer.stop();
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    store.close();
  });

  it('lets a process that has nothing else to do stop it and exit normally', () => {
    const dir = tempDir();
    const script = join(dir, 'start-stop.mts');
    const db = resolve(import.meta.dirname, 'index.ts');
    writeFileSync(
      script,
      `import { openStore, startWalCheckpointer } from ${JSON.stringify(db)};
const store = openStore(${JSON.stringify(join(dir, 'j.db'))});
const checkpointer = startWalCheckpointer(store);
await checkpointer.stop();
store.close();
console.log('stopped');`,
    );
    const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    expect(execFileSync(tsx, [script], { encoding: 'utf8' }).trim()).toBe('stopped');
  });
});
