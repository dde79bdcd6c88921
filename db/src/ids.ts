import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const pool = new Uint8Array(4096);
let next = pool.length;

/** Crypto-random bytes drawn from a pool: ulid asks for one byte at a time, a syscall each without it. */
function pooledRandom(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

const ulid = monotonicFactory(pooledRandom);

/**
 * A new id: a prefix and a ULID, so ids sort by creation time (cursor paging relies on it).
 *
 * @example newId('run') // "run_01JD2X…"
 */
export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

