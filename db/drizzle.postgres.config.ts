import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL store's schema and migrations; `drizzle.config.ts` is SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/postgres/schema/index.ts',
  out: './migrations/postgres',
});
