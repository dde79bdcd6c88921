export * from './connection.ts';
export * as pgSchema from './schema/index.ts';
