import { bigint } from 'drizzle-orm/pg-core';

/**
 * An instant as epoch milliseconds, the way the SQLite store keeps it, so the shared SQL compares and
 * binds times the same way on both stores.
 */
export const epochMs = (name: string) => bigint(name, { mode: 'number' });
