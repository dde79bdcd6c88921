/**
 * The server `bench/ingest.ts` measures, in its own process so the load generator does not share its
 * event loop: the real `startServer` on a SQLite file, embedded runtime running. Sends `{ url }` to
 * the parent once listening; closes gracefully on the message 'stop'.
 */
import { startServer } from '../runtime/src/api/server.ts';
import { loadConfig } from '../runtime/src/config.ts';

const server = await startServer(
  loadConfig({
    PORT: '0',
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    ADMIN_API_KEY: process.env.BENCH_ADMIN_KEY,
    ADMIN_PASSWORD: 'bench-password',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  }),
  { print: () => {}, editorDist: '/nonexistent' },
);
process.send!({ url: server.url });
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
