export * from './database.ts';
export * from './ids.ts';
export * from './schema/index.ts';
export * from './wal-checkpointer.ts';
