export * from './connection.ts';
export { openPostgresStore } from './open-postgres-store.ts';
export * as pgSchema from './schema/index.ts';
