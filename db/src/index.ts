export * from './ids.ts';
export * from './open-store.ts';
export * from './port/index.ts';
export { sqlitePathFromUrl } from './sqlite/open-sqlite-store.ts';
